//! Tagging and parsing accuracy on gold CoNLL-U, with gold tokenisation
//! (CoNLL 2018 shared-task definitions: UPOS, XPOS, lemma accuracy; UAS; LAS
//! on the universal part of the relation, so `acl:relcl` counts as `acl`).

use crate::backbone::conllu::{Sentence, Token};
use crate::backbone::parser::Parser;
use crate::backbone::tagger::Tagger;

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct PosScores {
    pub tokens: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
}

/// Each gold sentence tagged: its words with the tagger's UPOS, XPOS and
/// lemma, and no tree.
pub fn tag_gold(tagger: &Tagger, gold: &[Sentence]) -> Vec<Sentence> {
    gold.iter()
        .map(|s| {
            let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            let tokens = s
                .tokens
                .iter()
                .zip(tagger.tag(&words))
                .map(|(t, tag)| Token {
                    form: t.form.clone(),
                    lemma: tagger.lemma(&t.form, tag),
                    upos: tagger.upos(tag).to_string(),
                    xpos: tagger.xpos(tag).to_string(),
                    ..Token::default()
                })
                .collect();
            Sentence { tokens }
        })
        .collect()
}

/// UPOS, XPOS and lemma accuracy of `pred` (from [`tag_gold`]) against `gold`.
pub fn score_pos_of(pred: &[Sentence], gold: &[Sentence]) -> PosScores {
    let (mut n, mut u, mut x, mut l) = (0usize, 0usize, 0usize, 0usize);
    for (p, g) in pred.iter().zip(gold) {
        for (p, t) in p.tokens.iter().zip(&g.tokens) {
            n += 1;
            u += usize::from(p.upos == t.upos);
            x += usize::from(p.xpos == t.xpos);
            l += usize::from(p.lemma == t.lemma);
        }
    }
    let d = n.max(1) as f64;
    PosScores {
        tokens: n,
        upos: u as f64 / d,
        xpos: x as f64 / d,
        lemma: l as f64 / d,
    }
}

pub fn score_pos(tagger: &Tagger, gold: &[Sentence]) -> PosScores {
    score_pos_of(&tag_gold(tagger, gold), gold)
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct DepScores {
    pub tokens: usize,
    pub uas: f64,
    pub las: f64,
}

/// Universal part of a relation: "acl:relcl" → "acl".
fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

/// Each gold sentence parsed: its words with the tags the parser saw and
/// the arcs it gave (the tagger's tags, or the parser's own tagger's).
pub fn parse_gold(parser: &Parser, tagger: &Tagger, gold: &[Sentence]) -> Vec<Sentence> {
    gold.iter()
        .map(|s| {
            let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            let tagger = parser.tagger().unwrap_or(tagger);
            let tagged = tagger.tag(&words);
            let tags: Vec<&str> = tagged.iter().map(|&t| tagger.xpos(t)).collect();
            let upos: Vec<&str> = tagged.iter().map(|&t| tagger.upos(t)).collect();
            let arcs = parser.parse(&words, &tags, &upos);
            let tokens = s
                .tokens
                .iter()
                .zip(arcs)
                .zip(tagged)
                .map(|((t, arc), tag)| Token {
                    form: t.form.clone(),
                    lemma: tagger.lemma(&t.form, tag),
                    upos: tagger.upos(tag).to_string(),
                    xpos: tagger.xpos(tag).to_string(),
                    head: arc.head,
                    deprel: arc.label,
                })
                .collect();
            Sentence { tokens }
        })
        .collect()
}

/// UAS and LAS of `pred` (from [`parse_gold`]) against `gold`.
pub fn score_deps_of(pred: &[Sentence], gold: &[Sentence]) -> DepScores {
    let (mut n, mut u, mut l) = (0usize, 0usize, 0usize);
    for (p, g) in pred.iter().zip(gold) {
        for (arc, t) in p.tokens.iter().zip(&g.tokens) {
            n += 1;
            if arc.head == t.head {
                u += 1;
                l += usize::from(universal(&arc.deprel) == universal(&t.deprel));
            }
        }
    }
    let d = n.max(1) as f64;
    DepScores {
        tokens: n,
        uas: u as f64 / d,
        las: l as f64 / d,
    }
}

/// Parse each gold sentence with the tagger's tags; UAS and LAS.
pub fn score_deps(parser: &Parser, tagger: &Tagger, gold: &[Sentence]) -> DepScores {
    score_deps_of(&parse_gold(parser, tagger, gold), gold)
}
