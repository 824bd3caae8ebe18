//! Throughput and memory: `dateline bench`.

use std::time::Instant;

use rayon::prelude::*;

use crate::ingest::Input;
use crate::{output, pipeline};

#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchResult {
    pub documents: usize,
    pub bytes: usize,
    pub words: usize,
    pub threads: usize,
    pub seconds: f64,
    pub docs_per_sec: f64,
    pub mb_per_sec: f64,
    pub words_per_sec: f64,
    /// Statements found, when the pipeline ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<usize>,
    /// Entity spans found, when the backbone ran alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_spans: Option<usize>,
    pub peak_rss_mb: Option<f64>,
}

/// What a benchmark runs.
#[derive(Debug, Clone, Copy)]
pub enum Stages {
    /// The pipeline with these options, plus JSON output.
    Pipeline(pipeline::Options),
    /// The backbone alone (tagger and NER, and the parser if true): the
    /// figures the backbone issue sets targets for.
    Backbone { parse: bool },
}

/// Process `inputs` `repeat` times and time it.
pub fn run(inputs: &[Input], threads: usize, repeat: usize, stages: Stages) -> BenchResult {
    let bytes: usize = inputs.iter().map(|d| d.text.len()).sum();
    let words: usize = inputs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build();
    let work = || -> usize {
        let one = |d: &Input| -> usize {
            match stages {
                Stages::Pipeline(opts) => {
                    let doc = pipeline::process_with(d.clone(), opts);
                    let mut buf = Vec::with_capacity(4096);
                    let _ = output::to_json(&doc, false, &mut buf);
                    doc.statements.len()
                }
                Stages::Backbone { parse } => {
                    let mut doc = crate::document::Document::new(d.id.clone(), d.text.clone(), d.date);
                    pipeline::run_backbone(&mut doc, parse)
                }
            }
        };
        if threads <= 1 {
            inputs.iter().map(one).sum()
        } else {
            inputs.par_iter().map(one).sum()
        }
    };
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..repeat.max(1) {
        found = match &pool {
            Ok(p) if threads > 1 => p.install(work),
            _ => work(),
        };
    }
    let seconds = start.elapsed().as_secs_f64().max(1e-9);
    let n = inputs.len() * repeat.max(1);
    BenchResult {
        documents: n,
        bytes: bytes * repeat.max(1),
        words: words * repeat.max(1),
        threads: threads.max(1),
        seconds,
        docs_per_sec: n as f64 / seconds,
        mb_per_sec: (bytes * repeat.max(1)) as f64 / 1e6 / seconds,
        words_per_sec: (words * repeat.max(1)) as f64 / seconds,
        statements: matches!(stages, Stages::Pipeline(_)).then_some(found),
        entity_spans: matches!(stages, Stages::Backbone { .. }).then_some(found),
        peak_rss_mb: peak_rss_mb(),
    }
}

/// Peak resident memory of this process (Linux `VmHWM`), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
