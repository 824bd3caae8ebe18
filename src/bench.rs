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
    pub statements: usize,
    pub peak_rss_mb: Option<f64>,
}

/// Process `inputs` `repeat` times (all stages plus JSON output) and time it.
pub fn run(inputs: &[Input], threads: usize, repeat: usize, opts: pipeline::Options) -> BenchResult {
    let bytes: usize = inputs.iter().map(|d| d.text.len()).sum();
    let words: usize = inputs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build();
    let work = || -> usize {
        let one = |d: &Input| -> usize {
            let doc = pipeline::process_with(d.clone(), opts);
            let mut buf = Vec::with_capacity(4096);
            let _ = output::to_json(&doc, false, &mut buf);
            doc.statements.len()
        };
        if threads <= 1 {
            inputs.iter().map(one).sum()
        } else {
            inputs.par_iter().map(one).sum()
        }
    };
    let start = Instant::now();
    let mut statements = 0;
    for _ in 0..repeat.max(1) {
        statements = match &pool {
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
        statements,
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
