//! Averaged perceptron over hashed features: training, the compact model
//! used at run time, and its file format.
//!
//! The file is little-endian: magic `DLPM`, version, a JSON metadata block
//! (class names, settings), then the features sorted by hash, each with its
//! non-zero (class, weight) pairs. Weights are stored as f32 after averaging
//! and pruning of near-zero entries, which keeps models to a few MB.

use rustc_hash::FxHashMap;

const MAGIC: &[u8; 4] = b"DLPM";
/// Version 2 stores the quantised weights (i16 and one scale) and one-byte
/// class numbers where they fit: about 40% smaller than version 1's f32.
const VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a dateline model file (bad magic)")]
    BadMagic,
    #[error("model file version {0} is not supported (expected {VERSION})")]
    Version(u32),
    #[error("model file is truncated")]
    Truncated,
    #[error("model metadata is invalid: {0}")]
    Meta(String),
    #[error("{path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("switched off by ${0}=off")]
    Off(&'static str),
}

/// Run-time model: feature hash → its (class, weight) entries.
///
/// Laid out for cache locality: a power-of-two table of 8-byte slots with
/// linear probing (32-bit fingerprint of the feature, 24-bit start, 8-bit
/// count) pointing into one array of 4-byte entries (class, weight quantised
/// to i16). Scoring a feature touches two cache lines, and the tables of all
/// three models together stay a few MB, so they stay in cache.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub nclasses: usize,
    slots: Vec<u64>,
    mask: usize,
    /// (class << 16) | (weight as i16 as u16).
    entries: Vec<u32>,
    /// Rows of features that carry weights for many classes, one i16 per
    /// class (`stride` wide): adding a dense row is a vectorised loop, where
    /// a sparse one decodes and scatters entry by entry. A slot with count 0
    /// points here (its start is the row number).
    dense: Vec<i16>,
    stride: usize,
    scale: f32,
    nfeats: usize,
    /// Full 64-bit keys, kept only to write the model back out.
    keys: Vec<(u64, u32, u8)>,
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((mix(key) >> 32) as u32) | 1
}

impl Model {
    fn build(nclasses: usize, feats: Vec<(u64, Vec<(u16, f32)>)>) -> Model {
        let maxw = feats
            .iter()
            .flat_map(|f| f.1.iter())
            .map(|e| e.1.abs())
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let scale = maxw / 32767.0;
        let mut flat = Vec::with_capacity(feats.iter().map(|f| f.1.len()).sum());
        let mut rows = Vec::with_capacity(feats.len());
        for (key, es) in feats {
            let start = flat.len();
            flat.extend(
                es.iter()
                    .take(255)
                    .map(|&(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16)),
            );
            rows.push((key, start, flat.len() - start));
        }
        Model::build_quantised(nclasses, scale, &flat, &rows)
    }

    /// The run-time tables from quantised weights: `rows` are (feature,
    /// start, length) runs of `flat`'s (class, weight) entries. A stored
    /// model loads through here directly, with its own scale: no weight is
    /// converted back to f32 and quantised again, and no feature gets a
    /// vector of its own (loading all the models took about 0.17 s).
    fn build_quantised(nclasses: usize, scale: f32, flat: &[(u16, i16)], rows: &[(u64, usize, usize)]) -> Model {
        let cap = (rows.len() * 3 / 2).next_power_of_two().max(16);
        let mut slots = vec![0u64; cap];
        let mut entries = Vec::with_capacity(flat.len());
        let mut keys = Vec::with_capacity(rows.len());
        let stride = nclasses.next_multiple_of(8);
        let mut dense: Vec<i16> = Vec::new();
        for &(key, at, len) in rows {
            let es = flat.get(at..at + len.min(255)).unwrap_or(&[]);
            if es.is_empty() {
                continue;
            }
            let start = entries.len() as u32;
            if start >= 1 << 24 {
                break;
            }
            entries.extend(es.iter().map(|&(c, q)| ((c as u32) << 16) | (q as u16 as u32)));
            // Dense when at least a sixth of the classes have a weight (measured:
            // faster than a third for the parser and the pipeline alike).
            let (at, len) = if es.len() * 6 >= nclasses && nclasses >= 4 {
                let row = dense.len() / stride;
                dense.resize(dense.len() + stride, 0);
                for &(c, q) in es {
                    if let Some(x) = dense.get_mut(row * stride + c as usize) {
                        *x = q;
                    }
                }
                (row as u64, 0)
            } else {
                (start as u64, es.len() as u64)
            };
            let fp = fingerprint(key);
            let mut i = (mix(key) as usize) & (cap - 1);
            while slots[i] != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = ((fp as u64) << 32) | (at << 8) | len;
            keys.push((key, start, es.len() as u8));
        }
        let nfeats = keys.len();
        Model {
            nclasses,
            slots,
            mask: cap - 1,
            entries,
            dense,
            stride,
            scale,
            nfeats,
            keys,
        }
    }

    /// Add each feature's weights to `scores` (length `nclasses`). The
    /// quantised weights are summed as integers ([`Model::accumulate`]) and
    /// scaled once at the end: exact, and cheaper than converting and
    /// scaling every weight.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        // A stack accumulator as small as the model allows: zeroing it is
        // part of every call.
        match self.stride {
            0..=16 => self.score_into(feats, &mut [0; 16], scores),
            17..=64 => self.score_into(feats, &mut [0; 64], scores),
            65..=128 => self.score_into(feats, &mut [0; 128], scores),
            129..=512 => self.score_into(feats, &mut [0; 512], scores),
            _ => self.score_into(feats, &mut vec![0; self.stride], scores),
        }
    }

    #[inline(always)]
    fn score_into(&self, feats: &[u64], acc: &mut [i32], scores: &mut [f32]) {
        self.accumulate(feats, acc);
        self.scale_sums(acc, scores);
    }

    /// Width of the integer sums [`Model::accumulate`] adds into.
    pub fn stride(&self) -> usize {
        self.stride.max(self.nclasses)
    }

    /// Add each feature's quantised weights to the integer sums `acc` (at
    /// least [`Model::stride`] long). Integer sums are exact, so a caller
    /// may sum a group of features once and add that sum wherever the group
    /// recurs (the beam parser does): the scores come out the same.
    pub fn accumulate(&self, feats: &[u64], acc: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been found to support AVX2.
            return unsafe { self.accumulate_avx2(feats, acc) };
        }
        self.accumulate_plain(feats, acc);
    }

    /// `accumulate_plain` compiled for AVX2, which adds a dense row's i16
    /// weights to the i32 sums eight at a time (the baseline x86-64 build
    /// has SSE2 only). Same sums, same scores.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn accumulate_avx2(&self, feats: &[u64], acc: &mut [i32]) {
        self.accumulate_plain(feats, acc);
    }

    /// Add integer sums to the scores, scaled back to weights.
    pub fn scale_sums(&self, acc: &[i32], scores: &mut [f32]) {
        for (x, &a) in scores.iter_mut().zip(acc.iter()) {
            *x += a as f32 * self.scale;
        }
    }

    /// The look-ups are independent, so their memory accesses are issued
    /// together: prefetch every slot, then every entry run, then add. This
    /// overlaps the cache misses instead of waiting for them one by one.
    #[inline(always)]
    fn accumulate_plain(&self, feats: &[u64], acc: &mut [i32]) {
        for &f in feats {
            prefetch(self.slots.as_ptr().wrapping_add((mix(f) as usize) & self.mask));
        }
        let mut found: [(u32, u8); 128] = [(0, 0); 128];
        let mut n = 0;
        for &f in feats {
            if let Some(s) = self.slot(f) {
                let start = ((s >> 8) & 0xff_ffff) as u32;
                if s & 0xff == 0 {
                    prefetch(self.dense.as_ptr().wrapping_add(start as usize * self.stride));
                } else {
                    prefetch(self.entries.as_ptr().wrapping_add(start as usize));
                }
                if n < found.len() {
                    found[n] = (start, (s & 0xff) as u8);
                    n += 1;
                } else {
                    self.add(start, s as u8, acc);
                }
            }
        }
        for &(start, len) in &found[..n] {
            self.add(start, len, acc);
        }
    }

    #[inline(always)]
    fn add(&self, start: u32, len: u8, acc: &mut [i32]) {
        if len == 0 {
            let at = start as usize * self.stride;
            if let (Some(ws), Some(acc)) = (self.dense.get(at..at + self.stride), acc.get_mut(..self.stride)) {
                for (x, &w) in acc.iter_mut().zip(ws) {
                    *x += i32::from(w);
                }
            }
            return;
        }
        if let Some(es) = self.entries.get(start as usize..start as usize + len as usize) {
            for &e in es {
                if let Some(x) = acc.get_mut((e >> 16) as usize) {
                    *x += i32::from(e as u16 as i16);
                }
            }
        }
    }

    #[inline]
    fn slot(&self, key: u64) -> Option<u64> {
        let fp = fingerprint(key);
        let mut i = (mix(key) as usize) & self.mask;
        loop {
            let s = *self.slots.get(i)?;
            if s == 0 {
                return None;
            }
            if (s >> 32) as u32 == fp {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The best class.
    pub fn predict(&self, feats: &[u64], scores: &mut Vec<f32>) -> usize {
        scores.clear();
        scores.resize(self.nclasses, 0.0);
        self.score(feats, scores);
        argmax(scores)
    }

    pub fn nfeatures(&self) -> usize {
        self.nfeats
    }

    /// The weights back out of the model (dequantised): what `mean_of`
    /// averages, for models already trained and stored.
    pub fn weights(&self) -> Weights {
        self.keys
            .iter()
            .map(|&(k, start, len)| {
                let es = self
                    .entries
                    .get(start as usize..start as usize + len as usize)
                    .unwrap_or(&[])
                    .iter()
                    .map(|&e| ((e >> 16) as u16, f32::from(e as u16 as i16) * self.scale))
                    .collect();
                (k, es)
            })
            .collect()
    }

    /// Serialise with its metadata.
    pub fn to_bytes(&self, meta: &serde_json::Value) -> Vec<u8> {
        let meta = meta.to_string();
        let mut out = Vec::with_capacity(16 + meta.len() + self.entries.len() * 6 + self.nfeats * 10);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
        out.extend_from_slice(meta.as_bytes());
        out.extend_from_slice(&(self.nclasses as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        let wide = self.nclasses > 256;
        let mut keys = self.keys.clone();
        keys.sort_unstable_by_key(|k| k.0);
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, start, len) in keys {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(len);
            for &e in self
                .entries
                .get(start as usize..start as usize + len as usize)
                .unwrap_or(&[])
            {
                let class = (e >> 16) as u16;
                if wide {
                    out.extend_from_slice(&class.to_le_bytes());
                } else {
                    out.push(class as u8);
                }
                out.extend_from_slice(&(e as u16).to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<(Model, serde_json::Value), ModelError> {
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = r.u32()?;
        if version != VERSION && version != 1 {
            return Err(ModelError::Version(version));
        }
        let meta_len = r.u32()? as usize;
        let meta: serde_json::Value =
            serde_json::from_slice(r.take(meta_len)?).map_err(|e| ModelError::Meta(e.to_string()))?;
        let nclasses = r.u32()? as usize;
        let scale = if version == 1 {
            0.0
        } else {
            f32::from_le_bytes(r.array()?)
        };
        let nfeats = r.u32()? as usize;
        if version == 1 {
            let mut feats = Vec::with_capacity(nfeats.min(bytes.len() / 8));
            for _ in 0..nfeats {
                let k = r.u64()?;
                let len = r.u16()? as usize;
                let mut es = Vec::with_capacity(len);
                for _ in 0..len {
                    let c = r.u16()?;
                    es.push((c, f32::from_le_bytes(r.array()?)));
                }
                feats.push((k, es));
            }
            return Ok((Model::build(nclasses, feats), meta));
        }
        let mut rows = Vec::with_capacity(nfeats.min(bytes.len() / 9));
        let mut flat = Vec::with_capacity(bytes.len() / 3);
        for _ in 0..nfeats {
            let k = r.u64()?;
            let len = r.take(1)?[0] as usize;
            let start = flat.len();
            for _ in 0..len {
                let c = if nclasses > 256 { r.u16()? } else { r.take(1)?[0] as u16 };
                flat.push((c, r.u16()? as i16));
            }
            rows.push((k, start, len));
        }
        Ok((Model::build_quantised(nclasses, scale, &flat, &rows), meta))
    }
}

/// Ask the CPU to start loading the cache line at `p` (no-op elsewhere).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, even on an invalid address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Spread a feature hash over the table (FNV hashes are weak in low bits).
#[inline]
fn mix(k: u64) -> u64 {
    (k ^ (k >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (k >> 32)
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self.b.get(self.pos..self.pos + n).ok_or(ModelError::Truncated)?;
        self.pos += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        self.take(N)?.try_into().map_err(|_| ModelError::Truncated)
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
}

/// A first-stage model and an optional second stage in one file: the first's
/// length (u64, little-endian), the first, then the second. A model with no
/// second stage is written bare.
pub fn pack_stages(first: Vec<u8>, second: Option<Vec<u8>>) -> Vec<u8> {
    let Some(second) = second else { return first };
    let mut out = Vec::with_capacity(8 + first.len() + second.len());
    out.extend_from_slice(&(first.len() as u64).to_le_bytes());
    out.extend_from_slice(&first);
    out.extend_from_slice(&second);
    out
}

/// The stages of a file written by [`pack_stages`] (a bare model is a first
/// stage alone).
pub fn unpack_stages(bytes: &[u8]) -> Result<(&[u8], Option<&[u8]>), ModelError> {
    if bytes.starts_with(MAGIC) {
        return Ok((bytes, None));
    }
    let len = bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or(ModelError::Truncated)?;
    let end = len.checked_add(8).ok_or(ModelError::Truncated)?;
    let first = bytes.get(8..end).ok_or(ModelError::Truncated)?;
    let rest = bytes.get(end..).unwrap_or(&[]);
    Ok((first, (!rest.is_empty()).then_some(rest)))
}

/// Metadata `kind` check: a tagger file handed to the NER, say.
pub fn check_kind(found: &str, want: &str) -> Result<(), ModelError> {
    if found == want {
        Ok(())
    } else {
        Err(ModelError::Meta(format!(
            "expected a model of kind {want:?}, found {found:?}"
        )))
    }
}

pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    let mut bv = f32::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        if s > bv {
            bv = s;
            best = i;
        }
    }
    best
}

/// One feature's weights while training: sparse (class, weight, running
/// total, last-update step).
#[derive(Default, Clone)]
struct Row {
    entries: Vec<(u16, f32, f64, u32)>,
}

/// Averaged-perceptron trainer.
pub struct Trainer {
    pub nclasses: usize,
    rows: FxHashMap<u64, Row>,
    /// How many examples each feature occurred in (for pruning rare ones).
    seen: FxHashMap<u64, u32>,
    step: u32,
}

impl Trainer {
    pub fn new(nclasses: usize) -> Self {
        Trainer {
            nclasses,
            rows: FxHashMap::default(),
            seen: FxHashMap::default(),
            step: 0,
        }
    }

    /// Current (not averaged) scores; also counts the features as seen.
    pub fn score(&mut self, feats: &[u64], scores: &mut Vec<f32>) {
        self.see(feats);
        self.score_quiet(feats, scores);
    }

    /// Current scores without counting the features as seen (the beam
    /// scores many states per step; `see` counts the gold path's once).
    pub fn score_quiet(&self, feats: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.nclasses, 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for &(c, w, _, _) in &row.entries {
                    scores[c as usize] += w;
                }
            }
        }
    }

    /// Count features as seen in one example (for pruning rare ones).
    pub fn see(&mut self, feats: &[u64]) {
        for f in feats {
            *self.seen.entry(*f).or_default() += 1;
        }
    }

    /// Add `delta` to `class`'s weight of each feature (a structured
    /// update adds the gold sequence's features and subtracts the guess's).
    pub fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        let step = self.step;
        let c = class as u16;
        for f in feats {
            let row = self.rows.entry(*f).or_default();
            match row.entries.iter_mut().find(|e| e.0 == c) {
                Some(e) => {
                    e.2 += (step - e.3) as f64 * e.1 as f64;
                    e.3 = step;
                    e.1 += delta;
                }
                None => row.entries.push((c, delta, 0.0, step)),
            }
        }
    }

    /// Count one training example (advances the averaging clock).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Reward `truth`, penalise `guess` on these features.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        // Row by row, the truth's entry comes before the guess's, as when
        // both were updated in one loop (the same model, byte for byte).
        self.add(feats, truth, 1.0);
        self.add(feats, guess, -1.0);
    }

    /// Average the weights and keep the ones that matter: features seen in
    /// at least `min_count` examples (counted over all passes), entries
    /// at least `prune` in size.
    pub fn finish(self, prune: f32, min_count: u32) -> Model {
        let nclasses = self.nclasses;
        Model::build(nclasses, self.averaged(prune, min_count))
    }

    /// The averaged weights `finish` builds its model from.
    pub fn averaged(self, prune: f32, min_count: u32) -> Weights {
        let step = self.step.max(1) as f64;
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let feats = keys
            .into_iter()
            .map(|k| {
                let row = &self.rows[&k];
                let es: Vec<(u16, f32)> = row
                    .entries
                    .iter()
                    .map(|&(c, w, total, stamp)| (c, ((total + (step - stamp as f64) * w as f64) / step) as f32))
                    .filter(|(_, avg)| avg.abs() >= prune)
                    .collect();
                (k, es)
            })
            .filter(|(k, es)| !es.is_empty() && self.seen.get(k).copied().unwrap_or(0) >= min_count)
            .collect();
        feats
    }
}

/// Averaged weights of a trained model: (feature, [(class, weight)]).
pub type Weights = Vec<(u64, Vec<(u16, f32)>)>;

impl Model {
    pub fn from_weights(nclasses: usize, w: Weights) -> Model {
        Model::build(nclasses, w)
    }

    /// Trains one run per seed and averages their weights (`mean_of`).
    pub fn mean_of_runs(
        nclasses: usize,
        seeds: impl IntoIterator<Item = u64>,
        prune: f32,
        train_run: impl FnMut(u64) -> Weights,
    ) -> Model {
        Model::mean_of(nclasses, seeds.into_iter().map(train_run).collect(), prune)
    }

    /// The mean of several models' weights (a feature missing from one
    /// counts as zero there): for a linear model, the mean of their scores
    /// — an ensemble at the cost of one model. Mean weights smaller than
    /// `prune` are dropped (0.0 keeps them all).
    pub fn mean_of(nclasses: usize, all: Vec<Weights>, prune: f32) -> Model {
        let n = all.len().max(1) as f32;
        let mut sum: std::collections::BTreeMap<u64, Vec<f32>> = std::collections::BTreeMap::new();
        for w in all {
            for (k, es) in w {
                let row = sum.entry(k).or_insert_with(|| vec![0.0; nclasses]);
                for (c, x) in es {
                    if let Some(slot) = row.get_mut(c as usize) {
                        *slot += x;
                    }
                }
            }
        }
        let feats = sum
            .into_iter()
            .map(|(k, row)| {
                let es = row
                    .into_iter()
                    .enumerate()
                    .filter(|(_, x)| *x != 0.0 && (x / n).abs() >= prune)
                    .map(|(c, x)| (c as u16, x / n))
                    .collect();
                (k, es)
            })
            .collect();
        Model::build(nclasses, feats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn weights_come_back_out_of_a_model_as_they_went_in() {
        let w: Weights = vec![(7, vec![(0, 2.0), (2, -0.5)]), (9, vec![(1, 1.25)])];
        let mut back = Model::from_weights(3, w.clone()).weights();
        back.sort_by_key(|x| x.0);
        assert_eq!(back.len(), w.len());
        for ((k, es), (k2, es2)) in back.iter().zip(&w) {
            assert_eq!(k, k2);
            assert_eq!(es.len(), es2.len());
            for ((c, x), (c2, x2)) in es.iter().zip(es2) {
                assert_eq!(c, c2);
                // Quantised to 16 bits of the largest weight.
                assert!((x - x2).abs() < 2.0 / 32767.0 * 2.0, "{x} against {x2}");
            }
        }
    }

    #[test]
    fn the_mean_of_models_scores_as_the_mean_of_their_scores() {
        let a: Weights = vec![(1, vec![(0, 2.0)]), (2, vec![(1, 1.0)])];
        let b: Weights = vec![(1, vec![(0, 4.0), (1, 2.0)]), (3, vec![(1, 6.0)])];
        let (ma, mb) = (Model::from_weights(2, a.clone()), Model::from_weights(2, b.clone()));
        let mean = Model::mean_of(2, vec![a, b], 0.0);
        for feats in [&[1u64][..], &[1, 2], &[2, 3], &[1, 2, 3]] {
            let (mut sa, mut sb, mut sm) = (vec![0f32; 2], vec![0f32; 2], vec![0f32; 2]);
            ma.score(feats, &mut sa);
            mb.score(feats, &mut sb);
            mean.score(feats, &mut sm);
            for c in 0..2 {
                let want = (sa[c] + sb[c]) / 2.0;
                assert!(
                    (sm[c] - want).abs() < 1e-3 * want.abs().max(1.0),
                    "{feats:?} {c}: {sm:?} vs {want}"
                );
            }
        }
    }

    /// Scores are the sums of the features' weights, whatever the model's
    /// width (each accumulator size), row kind (dense or sparse) or number
    /// of features (past the 128 looked up together), and add to what
    /// `scores` held.
    #[test]
    fn scores_are_sums_of_weights_at_every_width() {
        for nclasses in [2usize, 17, 70, 300, 600] {
            // Feature k: dense (every class) when k is even, else one class.
            let w = |k: u64, c: usize| ((k * 7 + c as u64 * 3) % 11) as f32 - 5.0;
            let weights: Weights = (0..200u64)
                .map(|k| {
                    let es: Vec<(u16, f32)> = if k % 2 == 0 {
                        (0..nclasses).map(|c| (c as u16, w(k, c))).collect()
                    } else {
                        vec![((k as usize % nclasses) as u16, w(k, k as usize % nclasses))]
                    };
                    (k, es.into_iter().take(255).filter(|e| e.1 != 0.0).collect())
                })
                .collect();
            let want = |feats: &[u64]| -> Vec<f32> {
                let mut s = vec![1.0f32; nclasses];
                for &f in feats {
                    if let Some((_, es)) = weights.iter().find(|(k, _)| *k == f) {
                        for &(c, x) in es {
                            s[c as usize] += x;
                        }
                    }
                }
                s
            };
            let m = Model::from_weights(nclasses, weights.clone());
            let all: Vec<u64> = (0..200).chain(1000..1010).collect();
            for feats in [&all[..3], &all[..], &[5, 6, 999][..]] {
                let mut got = vec![1.0f32; nclasses];
                m.score(feats, &mut got);
                for (c, (g, w)) in got.iter().zip(want(feats)).enumerate() {
                    assert!((g - w).abs() < 1e-2, "{nclasses} classes, class {c}: {g} vs {w}");
                }
                // The portable build, where `score` took the AVX2 one.
                let mut portable = vec![1.0f32; nclasses];
                let mut acc = vec![0; m.stride()];
                m.accumulate_plain(feats, &mut acc);
                m.scale_sums(&acc, &mut portable);
                assert_eq!(portable, got);
            }
        }
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = which of two features is present.
        let mut t = Trainer::new(2);
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (f, y) in [(10u64, 0usize), (20, 1)] {
                t.tick();
                t.score(&[f, 99], &mut scores);
                let g = argmax(&scores);
                t.update(&[f, 99], y, g);
            }
        }
        let m = t.finish(0.0, 0);
        assert_eq!(m.predict(&[10, 99], &mut scores), 0);
        assert_eq!(m.predict(&[20, 99], &mut scores), 1);
        let bytes = m.to_bytes(&serde_json::json!({"classes": ["a", "b"]}));
        let (m2, meta) = Model::from_bytes(&bytes).unwrap();
        assert_eq!(meta["classes"][1], "b");
        assert_eq!(m2.predict(&[20], &mut scores), 1);
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 3]),
            Err(ModelError::Truncated)
        ));
        assert!(matches!(Model::from_bytes(b"nope"), Err(ModelError::BadMagic)));
    }

    #[test]
    fn a_loaded_model_scores_exactly_as_the_one_saved() {
        // Sparse and dense rows, many classes, weights of both signs: the
        // model read back from its bytes gives the same scores bit for bit
        // and writes the same bytes.
        let nclasses = 40;
        let mut t = Trainer::new(nclasses);
        for f in 0..300u64 {
            let spread = if f % 3 == 0 { 12 } else { 2 };
            for k in 0..spread {
                let class = ((f * 7 + k * 5) % nclasses as u64) as usize;
                let delta = ((f * 13 + k) % 17) as f32 - 8.5;
                t.see(&[f]);
                t.add(&[f], class, delta);
            }
            t.tick();
        }
        let m = t.finish(0.0, 0);
        let bytes = m.to_bytes(&serde_json::json!({}));
        let (back, _) = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(&serde_json::json!({})), bytes);
        // The weights as stored entries, summed by hand: what a row adds,
        // dense or sparse.
        let table: HashMap<u64, Vec<(u16, f32)>> = m.weights().into_iter().collect();
        for q in 0..100u64 {
            let feats = [q, q * 3 % 300, 299 - q, 1000 + q];
            let (mut a, mut b) = (vec![0.0; nclasses], vec![0.0; nclasses]);
            m.score(&feats, &mut a);
            back.score(&feats, &mut b);
            assert!(
                a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()),
                "{a:?} against {b:?}"
            );
            let mut want = vec![0.0f32; nclasses];
            for (c, w) in feats.iter().filter_map(|f| table.get(f)).flatten() {
                want[*c as usize] += w;
            }
            assert!(
                a.iter().zip(&want).all(|(x, y)| (x - y).abs() < 1e-3),
                "{a:?} against {want:?}"
            );
            assert!(a.iter().any(|&x| x != 0.0));
        }
    }

    #[test]
    fn stages_pack_and_unpack() {
        let m = Trainer::new(2).finish(0.0, 0);
        let a = m.to_bytes(&serde_json::json!({"kind": "a"}));
        let b = m.to_bytes(&serde_json::json!({"kind": "b"}));
        let both = pack_stages(a.clone(), Some(b.clone()));
        assert_eq!(unpack_stages(&both).unwrap(), (&a[..], Some(&b[..])));
        let bare = pack_stages(a.clone(), None);
        assert_eq!(unpack_stages(&bare).unwrap(), (&a[..], None));
        assert!(matches!(unpack_stages(&both[..20]), Err(ModelError::Truncated)));
        // A length that points past the end (or overflows) is an error, not a panic.
        assert!(unpack_stages(&u64::MAX.to_le_bytes()).is_err());
        assert!(check_kind("ner", "ner").is_ok());
        assert!(check_kind("tagger", "ner").is_err());
    }
}
