//! Word clusters learned from unlabelled training text: words that occur
//! between the same neighbours share a cluster, so a parser that has seen
//! "said" and "told" attach alike can treat "stated" (rare in its
//! treebank, common in news) the same way (Koo et al. 2008 used Brown
//! clusters for this).
//!
//! Each word of the vocabulary is a vector of its left and right
//! neighbours (positive PMI, L2-normalised); spherical k-means groups them
//! into `FINE` clusters, and the cluster centres again into `COARSE`
//! groups, so features can use both grains. Deterministic: a fixed seed
//! picks the initial centres and every sum runs in a fixed order.

use std::collections::HashMap;
use std::path::Path;

use super::TrainError;
use crate::backbone::features::Rng;
use crate::backbone::tagger::normalize;
use crate::document::Document;

/// Clusters of the finer and the coarser level.
pub const FINE: usize = 256;
pub const COARSE: usize = 32;
/// Words seen fewer times get no cluster.
const MIN_COUNT: u32 = 5;
const MAX_VOCAB: usize = 30_000;
/// Neighbours counted as contexts: the most frequent words.
const CONTEXTS: usize = 1000;
const ROUNDS: usize = 20;

/// The unlabelled texts: training splits only (never dev or test).
pub(super) const SOURCES: &[&str] = &[
    "gum/train.jsonl",
    "conll2003/train.jsonl",
    "polnear/gold.train.jsonl",
    "ptc_semeval2020/train.jsonl",
    "tempeval3/silver.jsonl",
];

fn read_sentences(data: &Path, log: &mut dyn FnMut(String)) -> Result<Vec<Vec<String>>, TrainError> {
    let mut out = Vec::new();
    for src in SOURCES {
        let mut words = 0usize;
        for (id, body) in super::unlabelled_texts(&data.join(src))? {
            let mut doc = Document::new(&id, &body, None);
            crate::segment::segment(&mut doc);
            for s in &doc.sentences {
                let sent: Vec<String> = s.tokens.clone().map(|k| normalize(doc.token_text(k))).collect();
                words += sent.len();
                out.push(sent);
            }
        }
        log(format!("  clusters: {src}: {words} words"));
    }
    Ok(out)
}

/// Cluster the words of the training texts under `data` and write
/// `word<TAB>fine<TAB>coarse` lines to `out`.
pub fn clusters(data: &Path, out: &Path, seed: u64, log: &mut dyn FnMut(String)) -> Result<(), TrainError> {
    let sents = read_sentences(data, log)?;
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in &sents {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&str, u32)> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let vocab: Vec<&str> = by_freq
        .iter()
        .filter(|(_, c)| *c >= MIN_COUNT)
        .take(MAX_VOCAB)
        .map(|(w, _)| *w)
        .collect();
    let index: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    // Context ids: the most frequent words, then sentence start / end and
    // "any other word".
    let ctx_of = |w: Option<&String>, edge: usize| -> usize {
        match w {
            Some(w) => index
                .get(w.as_str())
                .copied()
                .filter(|&i| i < CONTEXTS)
                .unwrap_or(CONTEXTS + 2),
            None => CONTEXTS + edge,
        }
    };
    let width = CONTEXTS + 3;
    let mut cooc: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    let mut ctx_total = vec![0f64; 2 * width];
    for s in &sents {
        for (i, w) in s.iter().enumerate() {
            let Some(&v) = index.get(w.as_str()) else { continue };
            let left = ctx_of(i.checked_sub(1).and_then(|j| s.get(j)), 0);
            let right = width + ctx_of(s.get(i + 1), 1);
            for c in [left, right] {
                *cooc[v].entry(c as u32).or_default() += 1.0;
                ctx_total[c] += 1.0;
            }
        }
    }
    let total: f64 = ctx_total.iter().sum::<f64>().max(1.0);
    // Positive PMI, L2-normalised sparse vectors (sorted by dimension).
    let vectors: Vec<Vec<(u32, f32)>> = cooc
        .into_iter()
        .map(|m| {
            let wsum: f64 = m.values().map(|&x| x as f64).sum::<f64>().max(1.0);
            let mut v: Vec<(u32, f32)> = m
                .into_iter()
                .filter_map(|(c, n)| {
                    let pmi = (n as f64 * total / (wsum * ctx_total[c as usize].max(1.0))).ln();
                    (pmi > 0.0).then_some((c, pmi as f32))
                })
                .collect();
            v.sort_unstable_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|e| e.1 /= norm);
            v
        })
        .collect();
    log(format!(
        "  clusters: {} sentences, {} words in the vocabulary",
        sents.len(),
        vocab.len()
    ));
    let dims = 2 * width;
    let fine = kmeans_sparse(&vectors, dims, FINE.min(vocab.len().max(1)), seed, log);
    // The coarse level groups the fine centres.
    let centres: Vec<Vec<(u32, f32)>> = (0..FINE)
        .map(|k| {
            let mut c = vec![0f32; dims];
            for (v, _) in vectors.iter().zip(&fine).filter(|(_, &f)| f == k) {
                for &(d, x) in v {
                    c[d as usize] += x;
                }
            }
            let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            c.iter()
                .enumerate()
                .filter(|(_, x)| **x != 0.0)
                .map(|(d, x)| (d as u32, x / norm))
                .collect()
        })
        .collect();
    let coarse = kmeans_sparse(&centres, dims, COARSE, seed + 1, log);
    let mut lines: Vec<String> = vocab
        .iter()
        .zip(&fine)
        .map(|(w, &f)| format!("{w}\t{f}\t{}", coarse.get(f).copied().unwrap_or(0)))
        .collect();
    lines.sort_unstable();
    let mut text = format!(
        "# word clusters: `dateline train clusters` (seed {seed}, {FINE} fine, {COARSE} coarse, {} words)\n",
        vocab.len()
    );
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    std::fs::write(out, text).map_err(|err| TrainError::Io {
        path: out.display().to_string(),
        err,
    })
}

/// Spherical k-means over unit-length sparse vectors: the cluster of each.
fn kmeans_sparse(
    vectors: &[Vec<(u32, f32)>],
    dims: usize,
    k: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Vec<usize> {
    let n = vectors.len();
    if n == 0 || k == 0 {
        return vec![0; n];
    }
    // Initial centres: k distinct vectors picked by a seeded generator.
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut centres = vec![0f32; k * dims];
    for (c, &i) in order.iter().take(k).enumerate() {
        for &(d, x) in &vectors[i] {
            centres[c * dims + d as usize] = x;
        }
    }
    let mut assign = vec![usize::MAX; n];
    for round in 0..ROUNDS {
        let mut moved = 0;
        for (i, v) in vectors.iter().enumerate() {
            let best = (0..k)
                .map(|c| {
                    let row = &centres[c * dims..(c + 1) * dims];
                    let s: f32 = v
                        .iter()
                        .map(|&(d, x)| row.get(d as usize).copied().unwrap_or(0.0) * x)
                        .sum();
                    (c, s)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map_or(0, |b| b.0);
            if assign[i] != best {
                moved += 1;
                assign[i] = best;
            }
        }
        // New centres: the normalised sum of their members; an empty one
        // keeps its place.
        let mut sums = vec![0f32; k * dims];
        let mut sizes = vec![0usize; k];
        for (v, &c) in vectors.iter().zip(&assign) {
            sizes[c] += 1;
            for &(d, x) in v {
                sums[c * dims + d as usize] += x;
            }
        }
        for c in (0..k).filter(|&c| sizes[c] > 0) {
            let row = &mut sums[c * dims..(c + 1) * dims];
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            row.iter_mut().for_each(|x| *x /= norm);
            centres[c * dims..(c + 1) * dims].copy_from_slice(row);
        }
        log(format!("  k-means ({k}) round {}: {moved} moved", round + 1));
        if moved == 0 {
            break;
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kmeans_separates_two_directions_and_is_deterministic() {
        // Vectors near dimension 0 and vectors near dimension 1.
        let v = |a: f32, b: f32| {
            let n = (a * a + b * b).sqrt();
            vec![(0u32, a / n), (1u32, b / n)]
        };
        let vectors = vec![
            v(1.0, 0.1),
            v(0.1, 1.0),
            v(0.9, 0.2),
            v(0.2, 0.9),
            v(1.0, 0.0),
            v(0.0, 1.0),
        ];
        let a = kmeans_sparse(&vectors, 2, 2, 7, &mut |_| {});
        assert_eq!(a[0], a[2]);
        assert_eq!(a[0], a[4]);
        assert_eq!(a[1], a[3]);
        assert_eq!(a[1], a[5]);
        assert_ne!(a[0], a[1]);
        assert_eq!(a, kmeans_sparse(&vectors, 2, 2, 7, &mut |_| {}));
    }
}
