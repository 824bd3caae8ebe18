//! Feature hashing: a feature is a template number plus a few strings, hashed
//! to 64 bits with FNV-1a (stable across runs and machines, so a trained
//! model means the same everywhere).

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[derive(Clone, Copy)]
pub struct Hasher(u64);

impl Hasher {
    pub fn new(template: u8) -> Self {
        Hasher((OFFSET ^ template as u64).wrapping_mul(PRIME))
    }
    pub fn str(mut self, s: &str) -> Self {
        for b in s.as_bytes() {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(PRIME);
        }
        // A separator so that ("ab","c") and ("a","bc") differ.
        self.0 = (self.0 ^ 0xff).wrapping_mul(PRIME);
        self
    }
    pub fn num(mut self, n: u64) -> Self {
        for b in n.to_le_bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
        }
        self
    }
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// Shorthand: `feat(t, &[a, b])`.
pub fn feat(template: u8, parts: &[&str]) -> u64 {
    parts.iter().fold(Hasher::new(template), |h, p| h.str(p)).finish()
}

/// Word shape: "Qaani" → "Xx", "IRGC" → "X", "2023-05-13" → "d-d-d",
/// "U.S." → "X.X.", "mid-1990s" → "x-dx".
pub fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    shape_into(word, &mut out);
    out
}

/// The shapes of a sentence's words in one string, cut at `ends`: one
/// allocation per sentence instead of one per word.
pub struct Shapes {
    buf: String,
    ends: Vec<usize>,
}

impl Shapes {
    /// Shapes of `words`; every one is "CAPS" when `caps` (an all-capitals
    /// headline, where the case of a word says nothing).
    pub fn of(words: &[&str], caps: bool) -> Shapes {
        let mut buf = String::with_capacity(words.len() * 4);
        let mut ends = Vec::with_capacity(words.len());
        for w in words {
            if caps {
                buf.push_str("CAPS");
            } else {
                shape_into(w, &mut buf);
            }
            ends.push(buf.len());
        }
        Shapes { buf, ends }
    }

    pub fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(k) => self.ends.get(k).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.buf.get(start..end).unwrap_or("")
    }

    pub fn all(&self) -> Vec<&str> {
        (0..self.ends.len()).map(|i| self.get(i)).collect()
    }
}

/// `shape(word)` appended to `out` (no allocation of its own).
pub fn shape_into(word: &str, out: &mut String) {
    let start = out.len();
    let mut last = '\0';
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
        if out.len() - start >= 8 {
            break;
        }
    }
}

/// The lower-cased form of a word, borrowed when it has no capitals (most
/// words), so that looking a word up allocates only when it must.
pub fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(w.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// Last `n` characters.
pub fn suffix(word: &str, n: usize) -> &str {
    let start = word.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    if word.chars().count() <= n {
        word
    } else {
        &word[start..]
    }
}

/// First `n` characters.
pub fn prefix(word: &str, n: usize) -> &str {
    let end = word.char_indices().nth(n).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// The training part of jackknife fold `k` of `folds`: every item whose
/// index is not `k` modulo `folds`.
pub fn all_but_fold<T: Clone>(items: &[T], k: usize, folds: usize) -> Vec<T> {
    items
        .iter()
        .enumerate()
        .filter(|(i, _)| i % folds != k)
        .map(|(_, x)| x.clone())
        .collect()
}

/// Training passes over `n` examples: each pass visits them in a fresh
/// seeded shuffle. `rng` stays available for other random choices (the
/// parser's exploration), so one seed fixes the whole run.
pub struct Passes {
    order: Vec<usize>,
    pub rng: Rng,
}

impl Passes {
    pub fn new(n: usize, seed: u64) -> Self {
        Passes {
            order: (0..n).collect(),
            rng: Rng::new(seed),
        }
    }

    /// The order of the next pass.
    pub fn next_order(&mut self) -> Vec<usize> {
        self.rng.shuffle(&mut self.order);
        self.order.clone()
    }
}

/// A deterministic xorshift generator for shuffling training data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Qaani"), "Xx");
        assert_eq!(shape("IRGC"), "X");
        assert_eq!(shape("2023-05-13"), "d-d-d");
        assert_eq!(suffix("Israel’s", 3), "l’s");
        assert_eq!(suffix("ab", 3), "ab");
        assert_eq!(prefix("héllo", 2), "hé");
        assert_ne!(feat(1, &["ab", "c"]), feat(1, &["a", "bc"]));
        assert_ne!(feat(1, &["a"]), feat(2, &["a"]));
    }
}
