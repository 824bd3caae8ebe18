//! Learned recognition of time expressions: a greedy averaged-perceptron
//! BIO tagger over the document's tokens, typed DATE / TIME / DURATION /
//! SET.
//!
//! Why learned: the grammar in `mod.rs` finds what it was written for
//! ("last week", "May 3") but TimeML marks much more ("the third quarter",
//! "a year earlier", "recent years", "now") with extents (leading "the",
//! "nearly", "early") that are conventions, best read off annotated text.
//! The grammar's matches are features here, so the model learns when to
//! trust, widen or drop them; values still come from the grammar
//! (`normalise` in `mod.rs`).
//!
//! Speed: only tokens near a *trigger* are labelled — a word seen inside
//! training timexes often enough (mined at training time and stored in the
//! model), a number, or a grammar match. Everything else is `O` without a
//! look-up, which keeps the stage cheap on long articles.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::backbone::bio;
use crate::backbone::features::{feat, shape, suffix, Hasher, Passes};
use crate::backbone::perceptron::{check_kind, Model, ModelError, Trainer};
use crate::document::{Document, TimexType, TokenKind};

pub const LABELS: [&str; 9] = [
    "O",
    "B-DATE",
    "I-DATE",
    "B-TIME",
    "I-TIME",
    "B-DURATION",
    "I-DURATION",
    "B-SET",
    "I-SET",
];
const NLABELS: usize = LABELS.len();
/// A training token whose label is unknown: the model's own guess stands
/// and no update is made (see `train::timexes`).
pub const UNLABELLED: usize = usize::MAX;
/// How far (in tokens) from a trigger a token is still labelled.
const WINDOW: usize = 3;

const TYPES: [TimexType; 4] = [TimexType::Date, TimexType::Time, TimexType::Duration, TimexType::Set];

/// The begin label of a type (`LABELS`, in `bio`'s layout).
pub fn type_label(t: TimexType) -> usize {
    bio::begin(TYPES.iter().position(|x| *x == t).unwrap_or(0))
}

/// The per-token view the tagger reads: the grammar's matches as BIO labels.
pub struct Inputs<'a> {
    doc: &'a Document,
    /// Grammar label of each token (BIO index as in `LABELS`).
    rule: Vec<u8>,
    pos: Vec<&'static str>,
}

impl<'a> Inputs<'a> {
    /// `matches` are the grammar's (first token, end token, type).
    pub fn new(doc: &'a Document, matches: &[(usize, usize, TimexType)]) -> Self {
        let mut rule = vec![0u8; doc.tokens.len()];
        for &(a, e, t) in matches {
            let b = type_label(t) as u8;
            for (k, slot) in rule.iter_mut().enumerate().take(e).skip(a) {
                *slot = if k == a { b } else { b + 1 };
            }
        }
        let pos = (0..doc.tokens.len())
            .map(|i| crate::backbone::annotate::xpos(doc, i))
            .collect();
        Inputs { doc, rule, pos }
    }

    fn word(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        match self.doc.norms.get(i as usize) {
            Some(w) => w,
            None => "</s>",
        }
    }

    fn rule_at(&self, i: isize) -> u64 {
        if i < 0 {
            return 99;
        }
        self.rule.get(i as usize).map_or(99, |&r| r as u64)
    }

    fn pos_at(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.pos.get(i as usize).copied().unwrap_or("</s>")
    }
}

/// A coarse class of a word for the tagger: the time vocabulary's kind,
/// or a number's look (year, day of month, other), else nothing.
fn class(inp: &Inputs, i: isize) -> &'static str {
    if i < 0 {
        return "<s>";
    }
    let i = i as usize;
    let Some(tok) = inp.doc.tokens.get(i) else {
        return "</s>";
    };
    if tok.kind == TokenKind::Number {
        let t = inp.doc.slice(tok.span);
        return match t.parse::<u32>() {
            Ok(n) if (1900..=2100).contains(&n) && t.len() == 4 => "year",
            Ok(n) if (1..=31).contains(&n) => "day",
            Ok(_) => "num",
            Err(_) if t.ends_with('s') => "decade",
            Err(_) if t.contains(':') => "clock",
            Err(_) => "numx",
        };
    }
    super::word_class(inp.doc.norm(i))
}

fn features(inp: &Inputs, i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
    out.clear();
    let k = i as isize;
    let w0 = inp.word(k);
    let (wm1, wp1, wm2, wp2) = (inp.word(k - 1), inp.word(k + 1), inp.word(k - 2), inp.word(k + 2));
    let (c0, cm1, cp1, cm2, cp2) = (
        class(inp, k),
        class(inp, k - 1),
        class(inp, k + 1),
        class(inp, k - 2),
        class(inp, k + 2),
    );
    let (r0, rm1, rp1) = (inp.rule_at(k), inp.rule_at(k - 1), inp.rule_at(k + 1));
    let cap = inp.doc.tokens.get(i).is_some_and(|t| t.cap);
    let text = inp.doc.token_text(i);
    let p1s = LABELS.get(p1).copied().unwrap_or("O");
    let p2s = LABELS.get(p2).copied().unwrap_or("O");
    let h = Hasher::new;
    out.extend_from_slice(&[
        feat(0, &[]),
        feat(1, &[w0]),
        feat(2, &[wm1]),
        feat(3, &[wp1]),
        feat(4, &[wm2]),
        feat(5, &[wp2]),
        feat(6, &[&shape(text)]),
        feat(7, &[suffix(w0, 3)]),
        feat(8, &[c0]),
        feat(9, &[cm1, c0]),
        feat(10, &[c0, cp1]),
        feat(11, &[cm2, cm1, c0]),
        feat(12, &[c0, cp1, cp2]),
        feat(13, &[inp.pos_at(k)]),
        feat(14, &[inp.pos_at(k - 1), inp.pos_at(k)]),
        feat(15, &[inp.pos_at(k), inp.pos_at(k + 1)]),
        h(16).num(r0).finish(),
        h(17).num(rm1).num(r0).num(rp1).finish(),
        h(18).num(r0).str(w0).finish(),
        feat(19, &[p1s]),
        feat(20, &[p2s, p1s]),
        feat(21, &[p1s, w0]),
        feat(22, &[p1s, c0]),
        feat(23, &[wm1, w0]),
        feat(24, &[w0, wp1]),
        feat(25, &[p1s, wm1, w0]),
        h(26).num(r0).str(p1s).finish(),
        feat(27, &[if cap { "C" } else { "c" }, c0]),
        feat(28, &[cm1, wp1]),
        feat(29, &[wm1, cp1]),
    ]);
}

#[derive(Serialize, Deserialize)]
struct Meta {
    kind: String,
    triggers: Vec<String>,
    #[serde(default)]
    dev: serde_json::Value,
}

/// The trained recogniser.
pub struct TimexTagger {
    model: Model,
    triggers: FxHashSet<String>,
    dev: serde_json::Value,
}

/// Which tokens the tagger looks at: within `WINDOW` tokens of a trigger
/// (a grammar match, a number, a trigger word) in the same sentence.
fn active(doc: &Document, inp: &Inputs, is_trigger: impl Fn(&str) -> bool) -> Vec<bool> {
    bio::active(doc, WINDOW, |i| {
        inp.rule.get(i).is_some_and(|&r| r != 0)
            || doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Number)
            || is_trigger(doc.norm(i))
    })
}

impl TimexTagger {
    pub fn dev_figures(&self) -> &serde_json::Value {
        &self.dev
    }
    pub fn set_dev_figures(&mut self, v: serde_json::Value) {
        self.dev = v;
    }

    /// BIO label of every token.
    pub fn label(&self, inp: &Inputs) -> Vec<usize> {
        let doc = inp.doc;
        let on = active(doc, inp, |w| self.triggers.contains(w));
        let mut labels = vec![0usize; doc.tokens.len()];
        let mut feats = Vec::with_capacity(32);
        let mut scores = Vec::with_capacity(NLABELS);
        for s in &doc.sentences {
            let (mut p1, mut p2) = (0, 0);
            for i in s.tokens.clone() {
                let l = if on.get(i).copied().unwrap_or(false) {
                    features(inp, i, p1, p2, &mut feats);
                    scores.clear();
                    scores.resize(NLABELS, 0.0);
                    self.model.score(&feats, &mut scores);
                    bio::best_valid(&scores, p1)
                } else {
                    0
                };
                if let Some(slot) = labels.get_mut(i) {
                    *slot = l;
                }
                p2 = p1;
                p1 = l;
            }
        }
        labels
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut triggers: Vec<String> = self.triggers.iter().cloned().collect();
        triggers.sort();
        let meta = Meta {
            kind: "timex".into(),
            triggers,
            dev: self.dev.clone(),
        };
        self.model.to_bytes(&serde_json::to_value(meta).unwrap_or_default())
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<TimexTagger, ModelError> {
        let (model, meta) = Model::from_bytes(bytes)?;
        let meta: Meta = serde_json::from_value(meta).map_err(|e| ModelError::Meta(e.to_string()))?;
        check_kind(&meta.kind, "timex")?;
        Ok(TimexTagger {
            model,
            triggers: meta.triggers.into_iter().collect(),
            dev: meta.dev,
        })
    }

    /// Train on documents with gold BIO labels (`weight` repeats a document
    /// within a pass: hand-annotated text counts more than silver).
    pub fn train(
        docs: &[(&Inputs, Vec<usize>, usize)],
        iterations: usize,
        seed: u64,
        mut progress: impl FnMut(String),
    ) -> TimexTagger {
        let triggers = mine_triggers(docs.iter().map(|(inp, gold, _)| (inp.doc, gold.as_slice())));
        let ons: Vec<Vec<bool>> = docs
            .iter()
            .map(|(inp, _, _)| active(inp.doc, inp, |w| triggers.contains(w)))
            .collect();
        let mut trainer = Trainer::new(NLABELS);
        let mut order = Vec::new();
        for (d, (_, _, w)) in docs.iter().enumerate() {
            order.extend(std::iter::repeat_n(d, *w));
        }
        let mut passes = Passes::new(order.len(), seed);
        let mut feats = Vec::with_capacity(32);
        let mut scores = Vec::with_capacity(NLABELS);
        for it in 0..iterations {
            let (mut right, mut total) = (0usize, 0usize);
            for k in passes.next_order() {
                let Some(&d) = order.get(k) else { continue };
                let (inp, gold, _) = &docs[d];
                let on = &ons[d];
                for s in &inp.doc.sentences {
                    let (mut p1, mut p2) = (0, 0);
                    for i in s.tokens.clone() {
                        let truth = gold.get(i).copied().unwrap_or(0);
                        let l = if truth == UNLABELLED {
                            features(inp, i, p1, p2, &mut feats);
                            trainer.score(&feats, &mut scores);
                            bio::best_valid(&scores, p1)
                        } else if on.get(i).copied().unwrap_or(false) {
                            trainer.tick();
                            features(inp, i, p1, p2, &mut feats);
                            trainer.score(&feats, &mut scores);
                            let guess = bio::best_valid(&scores, p1);
                            let target = bio::target(p1, truth);
                            trainer.update(&feats, target, guess);
                            total += 1;
                            right += usize::from(guess == target);
                            guess
                        } else {
                            0
                        };
                        p2 = p1;
                        p1 = l;
                    }
                }
            }
            progress(format!(
                "timex pass {}/{iterations}: token accuracy {:.4} over {total} active tokens",
                it + 1,
                right as f64 / total.max(1) as f64
            ));
        }
        TimexTagger {
            model: trainer.finish(0.05, 2),
            triggers,
            dev: serde_json::Value::Null,
        }
    }
}

/// Words that start or sit inside training timexes in at least 3 of them
/// and in at least 5% of their occurrences: "quarter", "recent", "now".
fn mine_triggers<'a>(docs: impl Iterator<Item = (&'a Document, &'a [usize])>) -> FxHashSet<String> {
    let mut inside: FxHashMap<&str, u32> = FxHashMap::default();
    let mut all: FxHashMap<&str, u32> = FxHashMap::default();
    for (doc, gold) in docs {
        for (i, l) in gold.iter().enumerate() {
            let w = doc.norm(i);
            *all.entry(w).or_default() += 1;
            if *l != 0 && *l != UNLABELLED {
                *inside.entry(w).or_default() += 1;
            }
        }
    }
    inside
        .into_iter()
        .filter(|(w, n)| *n >= 3 && *n as f64 >= 0.05 * all.get(w).copied().unwrap_or(1) as f64)
        .filter(|(w, _)| w.chars().any(char::is_alphanumeric))
        .map(|(w, _)| w.to_string())
        .collect()
}

/// Gold BIO labels from byte spans with types.
pub fn gold_labels(doc: &Document, timexes: &[(crate::document::Span, TimexType)]) -> Vec<usize> {
    let typed: Vec<_> = timexes
        .iter()
        .map(|&(s, t)| (s, bio::kind(type_label(t)).unwrap_or(0)))
        .collect();
    bio::gold(doc, &typed)
}

/// Token runs `(first, end, type)` of a label sequence.
pub fn runs(labels: &[usize]) -> Vec<(usize, usize, TimexType)> {
    bio::runs(labels)
        .into_iter()
        .map(|(a, e, t)| (a, e, TYPES.get(t).copied().unwrap_or(TimexType::Date)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_typed_by_their_first_label() {
        // O B-DATE I-DATE B-DURATION I-DURATION O I-SET
        let l = [0, 1, 2, 5, 6, 0, 8];
        assert_eq!(
            runs(&l),
            vec![
                (1, 3, TimexType::Date),
                (3, 5, TimexType::Duration),
                (6, 7, TimexType::Set)
            ]
        );
        assert_eq!(runs(&[1, 6, 0]), vec![(0, 2, TimexType::Date)]);
        assert_eq!(LABELS[type_label(TimexType::Set)], "B-SET");
    }
}
