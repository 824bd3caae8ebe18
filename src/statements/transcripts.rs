//! Transcript turns: a paragraph that opens with a speaker's name in
//! capitals and a colon ("PENCE: Well, look, …", often inside the quotation
//! marks of a quoted transcript) is that person's statement: the name is its
//! source, the colon its cue, the rest of the paragraph its content.
//!
//! The learned labeller sees too few transcripts to learn the shape (it
//! took "PENCE:" for content and gave the turn to the last speaker named
//! before the transcript), so the turns are marked over its labels. Only
//! names of people the article mentions count: "CORRECTION:", "UPDATE:" or
//! "EXCLUSIVE:" open paragraphs the same way and are no one's words.

use super::learned::{mark_run, CNT, CUE, SRC};
use crate::document::{Document, EntityType, TokenKind};

/// At most this many capitalised words before the colon ("JOHN SMITH:").
const MAX_NAME_WORDS: usize = 3;

/// Does the capitalised name match a person of the article ("PENCE" and
/// "Mike Pence")? Compared word for word, lower-cased, against the last
/// words of each person's name.
fn names_a_person(doc: &Document, words: &[&str]) -> bool {
    doc.entities.iter().filter(|e| e.etype == EntityType::Person).any(|e| {
        let name: Vec<String> = e.name.split_whitespace().map(str::to_lowercase).collect();
        name.len() >= words.len() && name.iter().rev().zip(words.iter().rev()).all(|(a, b)| a == b)
    })
}

/// A possible turn: the name's tokens, the colon, the paragraph's end.
struct Turn {
    name: std::ops::Range<usize>,
    end: usize,
}

/// Paragraphs that open with capitals and a colon.
fn candidate_turns(doc: &Document) -> Vec<Turn> {
    let mut out = Vec::new();
    // Sentences come in text order: each paragraph is a run of them.
    let mut k = 0;
    while let Some(s) = doc.sentences.get(k) {
        let run = doc
            .sentences
            .get(k..)
            .unwrap_or(&[])
            .iter()
            .take_while(|x| x.paragraph == s.paragraph)
            .count();
        k += run.max(1);
        let end = doc.sentences.get(k - 1).map_or(s.tokens.end, |x| x.tokens.end);
        let mut i = s.tokens.start;
        if doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Quote) {
            i += 1;
        }
        let start = i;
        let capitals = |j: usize| {
            doc.tokens.get(j).is_some_and(|t| t.kind == TokenKind::Word) && {
                let w = doc.token_text(j);
                w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
            }
        };
        while i < end && i - start < MAX_NAME_WORDS && capitals(i) {
            i += 1;
        }
        if i > start && doc.token_text(i) == ":" && i + 1 < end {
            out.push(Turn { name: start..i, end });
        }
    }
    out
}

/// Mark each transcript turn in `labels` (one label per token). A name
/// counts when it is a person of the article, or when it opens two turns
/// or more in a transcript where some other name is such a person (the
/// interviewer is often named nowhere else: "WALLACE:").
pub fn mark_turns(doc: &Document, labels: &mut [u8]) {
    let turns = candidate_turns(doc);
    if turns.is_empty() {
        return;
    }
    let words: Vec<Vec<&str>> = turns
        .iter()
        .map(|t| t.name.clone().map(|k| doc.norm(k)).collect())
        .collect();
    let person: Vec<bool> = words.iter().map(|w| names_a_person(doc, w)).collect();
    let any_person = person.iter().any(|&p| p);
    for (ti, t) in turns.iter().enumerate() {
        let repeated = words.iter().filter(|w| **w == words[ti]).count() >= 2;
        if !(person[ti] || (any_person && repeated)) {
            continue;
        }
        // The quotation mark that opens a quoted transcript is no one's words.
        if let Some(k) = t.name.start.checked_sub(1) {
            if doc.tokens.get(k).is_some_and(|x| x.kind == TokenKind::Quote) {
                if let Some(l) = labels.get_mut(k) {
                    *l = 0;
                }
            }
        }
        let colon = t.name.end;
        mark_run(labels, SRC, t.name.clone());
        mark_run(labels, CUE, colon..colon + 1);
        mark_run(labels, CNT, colon + 1..t.end);
    }
}
