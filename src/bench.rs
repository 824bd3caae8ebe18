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
    /// Where the time went, stage by stage (the pipeline only; summed
    /// over threads, so with several threads a share of CPU time).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageTime>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StageTime {
    pub stage: &'static str,
    pub seconds: f64,
}

/// What one document cost: its count (statements or entity spans) and,
/// for the pipeline, the time of each stage and of the JSON writer.
#[derive(Default)]
struct Done {
    found: usize,
    stages: pipeline::StageTimes,
    output: std::time::Duration,
}

impl Done {
    fn add(self, o: Done) -> Done {
        Done {
            found: self.found + o.found,
            stages: self.stages + o.stages,
            output: self.output + o.output,
        }
    }
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
    let work = || -> Done {
        let one = |d: &Input| -> Done {
            match stages {
                Stages::Pipeline(opts) => {
                    let mut doc = crate::document::Document::new(d.id.clone(), d.text.clone(), d.date);
                    let stages = pipeline::run_timed(&mut doc, opts);
                    let clock = Instant::now();
                    let mut buf = Vec::with_capacity(4096);
                    let _ = output::to_json(&doc, false, &mut buf);
                    Done {
                        found: doc.statements.len(),
                        stages,
                        output: clock.elapsed(),
                    }
                }
                Stages::Backbone { parse } => {
                    let mut doc = crate::document::Document::new(d.id.clone(), d.text.clone(), d.date);
                    Done {
                        found: pipeline::run_backbone(&mut doc, parse),
                        ..Done::default()
                    }
                }
            }
        };
        if threads <= 1 {
            inputs.iter().map(one).fold(Done::default(), Done::add)
        } else {
            inputs.par_iter().map(one).reduce(Done::default, Done::add)
        }
    };
    let start = Instant::now();
    let mut done = Done::default();
    for _ in 0..repeat.max(1) {
        let pass = match &pool {
            Ok(p) if threads > 1 => p.install(work),
            _ => work(),
        };
        done = done.add(pass);
    }
    // Every pass finds the same: report one pass's count.
    let found = done.found / repeat.max(1);
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
        stages: match stages {
            Stages::Pipeline(_) => pipeline::STAGE_NAMES
                .iter()
                .zip(done.stages.0)
                // A stage switched off (the parser by default) is left out.
                .filter(|(_, t)| !t.is_zero())
                .map(|(&stage, t)| StageTime {
                    stage,
                    seconds: t.as_secs_f64(),
                })
                .chain(std::iter::once(StageTime {
                    stage: "JSON output",
                    seconds: done.output.as_secs_f64(),
                }))
                .collect(),
            Stages::Backbone { .. } => Vec::new(),
        },
    }
}

/// Peak resident memory of this process (Linux `VmHWM`), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
