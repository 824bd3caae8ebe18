//! Averaged perceptron over hashed features: training, the compact model
//! used at run time, and its file format.
//!
//! The file is little-endian: magic `DLPM`, version, a JSON metadata block
//! (class names, settings), then the features sorted by hash, each with its
//! non-zero (class, weight) pairs. Weights are stored as f32 after averaging
//! and pruning of near-zero entries, which keeps models to a few MB.

use rustc_hash::FxHashMap;

const MAGIC: &[u8; 4] = b"DLPM";
const VERSION: u32 = 1;

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
}

/// Run-time model: feature hash → slice of (class, weight).
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub nclasses: usize,
    index: FxHashMap<u64, (u32, u32)>,
    classes: Vec<u16>,
    weights: Vec<f32>,
}

impl Model {
    /// Add each feature's weights to `scores` (length `nclasses`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&(start, len)) = self.index.get(f) {
                let (s, e) = (start as usize, (start + len) as usize);
                if let (Some(cs), Some(ws)) = (self.classes.get(s..e), self.weights.get(s..e)) {
                    for (c, w) in cs.iter().zip(ws) {
                        if let Some(x) = scores.get_mut(*c as usize) {
                            *x += w;
                        }
                    }
                }
            }
        }
    }

    /// The best class among those allowed by `allowed` (all when `None`).
    pub fn predict(&self, feats: &[u64], scores: &mut Vec<f32>) -> usize {
        scores.clear();
        scores.resize(self.nclasses, 0.0);
        self.score(feats, scores);
        argmax(scores)
    }

    pub fn nfeatures(&self) -> usize {
        self.index.len()
    }

    /// Serialise with its metadata.
    pub fn to_bytes(&self, meta: &serde_json::Value) -> Vec<u8> {
        let meta = meta.to_string();
        let mut out = Vec::with_capacity(16 + meta.len() + self.weights.len() * 6 + self.index.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
        out.extend_from_slice(meta.as_bytes());
        out.extend_from_slice(&(self.nclasses as u32).to_le_bytes());
        let mut keys: Vec<(&u64, &(u32, u32))> = self.index.iter().collect();
        keys.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, &(start, len)) in keys {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&(len as u16).to_le_bytes());
            for i in start..start + len {
                out.extend_from_slice(&self.classes[i as usize].to_le_bytes());
                out.extend_from_slice(&self.weights[i as usize].to_le_bytes());
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
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let meta_len = r.u32()? as usize;
        let meta: serde_json::Value =
            serde_json::from_slice(r.take(meta_len)?).map_err(|e| ModelError::Meta(e.to_string()))?;
        let nclasses = r.u32()? as usize;
        let nfeats = r.u32()? as usize;
        let mut index = FxHashMap::with_capacity_and_hasher(nfeats, Default::default());
        let mut classes = Vec::with_capacity(nfeats * 3);
        let mut weights = Vec::with_capacity(nfeats * 3);
        for _ in 0..nfeats {
            let k = r.u64()?;
            let len = r.u16()? as u32;
            index.insert(k, (classes.len() as u32, len));
            for _ in 0..len {
                classes.push(r.u16()?);
                weights.push(f32::from_le_bytes(r.array()?));
            }
        }
        Ok((
            Model {
                nclasses,
                index,
                classes,
                weights,
            },
            meta,
        ))
    }
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
    step: u32,
}

impl Trainer {
    pub fn new(nclasses: usize) -> Self {
        Trainer {
            nclasses,
            rows: FxHashMap::default(),
            step: 0,
        }
    }

    /// Current (not averaged) scores.
    pub fn score(&self, feats: &[u64], scores: &mut Vec<f32>) {
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

    /// Count one training example (advances the averaging clock).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Reward `truth`, penalise `guess` on these features.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for f in feats {
            let row = self.rows.entry(*f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let c = class as u16;
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
    }

    /// Average the weights and keep the ones that matter.
    pub fn finish(self, prune: f32) -> Model {
        let step = self.step.max(1) as f64;
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut index = FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        for k in keys {
            let row = &self.rows[&k];
            let start = classes.len() as u32;
            for &(c, w, total, stamp) in &row.entries {
                let avg = ((total + (step - stamp as f64) * w as f64) / step) as f32;
                if avg.abs() >= prune {
                    classes.push(c);
                    weights.push(avg);
                }
            }
            let len = classes.len() as u32 - start;
            if len > 0 {
                index.insert(k, (start, len));
            }
        }
        Model {
            nclasses: self.nclasses,
            index,
            classes,
            weights,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let m = t.finish(0.0);
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
}
