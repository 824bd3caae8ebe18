//! Typed BIO labels for the span taggers (time expressions, loaded
//! language): label 0 is O; span type `t` (0-based) begins with `2t + 1`
//! and continues with `2t + 2`.
//!
//! An inside label may follow any begin or inside label, whatever its type:
//! whether a span goes on matters more than the type, which the span's
//! first label decides ("the" B-DATE, "past" I-DURATION is one DATE).

use crate::document::{Document, Span};

/// The begin label of span type `t`.
pub fn begin(t: usize) -> usize {
    2 * t + 1
}

/// The span type of a label (`None` for O).
pub fn kind(l: usize) -> Option<usize> {
    l.checked_sub(1).map(|k| k / 2)
}

pub fn is_inside(l: usize) -> bool {
    l > 0 && l.is_multiple_of(2)
}

/// May `next` follow `prev`?
pub fn valid(prev: usize, next: usize) -> bool {
    !is_inside(next) || prev != 0
}

/// The best-scoring label that may follow `prev`.
pub fn best_valid(scores: &[f32], prev: usize) -> usize {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if valid(prev, l) && s > best_score {
            best = l;
            best_score = s;
        }
    }
    best
}

/// The training target for gold label `truth` after the predicted `prev`:
/// an inside label after a wrong start becomes a begin label.
pub fn target(prev: usize, truth: usize) -> usize {
    if valid(prev, truth) {
        truth
    } else {
        truth - 1
    }
}

/// Token runs `(first, end, type)` of a label sequence, typed by their
/// first label.
pub fn runs(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        let Some(t) = kind(l) else { continue };
        match out.last_mut() {
            Some(last) if is_inside(l) && last.1 == i => last.1 = i + 1,
            _ => out.push((i, i + 1, t)),
        }
    }
    out
}

/// Gold labels from byte spans with types: the tokens that start inside a
/// span; where spans overlap, the earlier one keeps its tokens.
pub fn gold(doc: &Document, spans: &[(Span, usize)]) -> Vec<usize> {
    let mut out = vec![0usize; doc.tokens.len()];
    for &(span, t) in spans {
        let mut first = true;
        for i in doc.token_at_or_after(span.start)..doc.tokens.len() {
            let Some(tok) = doc.tokens.get(i) else { break };
            if tok.span.start >= span.end {
                break;
            }
            if let Some(slot) = out.get_mut(i).filter(|s| **s == 0) {
                *slot = if first { begin(t) } else { begin(t) + 1 };
            }
            first = false;
        }
    }
    out
}

/// Which tokens a tagger looks at: those within `window` tokens of a
/// trigger token in the same sentence (the rest are O without a look-up,
/// which keeps a tagger for rare spans cheap).
pub fn active(doc: &Document, window: usize, is_trigger: impl Fn(usize) -> bool) -> Vec<bool> {
    let mut on = vec![false; doc.tokens.len()];
    for s in &doc.sentences {
        for i in s.tokens.clone() {
            if is_trigger(i) {
                let a = i.saturating_sub(window).max(s.tokens.start);
                let b = (i + window + 1).min(s.tokens.end);
                for slot in on.iter_mut().take(b).skip(a) {
                    *slot = true;
                }
            }
        }
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_constraints() {
        // O B-0 I-0 B-2 I-2 O I-3 (an inside after O starts nothing valid
        // but still makes a run of its own type here).
        assert_eq!(runs(&[0, 1, 2, 5, 6, 0, 8]), vec![(1, 3, 0), (3, 5, 2), (6, 7, 3)]);
        // An inside label of another type continues the run.
        assert_eq!(runs(&[1, 6, 0]), vec![(0, 2, 0)]);
        assert!(valid(1, 2) && valid(3, 2) && valid(5, 2) && valid(6, 1));
        assert!(!valid(0, 2));
        assert_eq!(target(0, 4), 3);
        assert_eq!(target(1, 4), 4);
        assert_eq!((kind(0), kind(3), kind(4)), (None, Some(1), Some(1)));
    }
}
