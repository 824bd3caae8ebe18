//! Segmentation: tokens, paragraphs, quotations and sentences.
//!
//! Tokens are found in one pass over the text; every later layer (and every
//! later stage) works on token indices, never on the raw text again.

mod quotes;
mod sentences;
mod tokens;

pub use tokens::{is_contraction_clitic, is_word_char};

use crate::document::Document;

/// Fill `tokens`, `paragraphs`, `quotations` and `sentences`.
pub fn segment(doc: &mut Document) {
    let (toks, paras) = tokens::tokenize(&doc.text);
    doc.norms = toks
        .iter()
        .map(|t| norm(doc.text.get(t.span.start..t.span.end).unwrap_or("")))
        .collect();
    doc.tokens = toks;
    doc.paragraphs = paras;
    quotes::pair_quotes(doc);
    sentences::split_sentences(doc);
}

/// Lower-cased token text with typographic apostrophes made straight; used
/// for lexicon look-ups.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
