//! Sentence boundaries over tokens.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and
//! brackets after it) when the next token can start a sentence, and always at
//! a paragraph end. Abbreviations keep their period inside the word token
//! ("Gen.", "U.S.", "Jan."), so they never end a sentence here, except the
//! few that often close one ("U.S.", "Inc.") when a typical sentence opener
//! follows.

use crate::document::{Document, Sentence, Span, TokenKind};
use crate::lexicon;

const SENTENCE_FINAL_ABBREVIATIONS: &[&str] = &[
    "U.S.", "U.K.", "U.N.", "Inc.", "Corp.", "Ltd.", "Co.", "Jr.", "Sr.", "a.m.", "p.m.", "etc.", "D.C.",
];

pub fn split_sentences(doc: &mut Document) {
    let text = doc.text.as_str();
    let toks = &doc.tokens;
    // The dateline is a segment of its own: "TEHRAN- According to …".
    let dateline_end = doc.dateline.as_ref().map(|d| d.span.end);
    let break_at = dateline_end.map(|e| toks.partition_point(|t| t.span.start < e));
    let mut out = Vec::new();
    let mut tok = 0usize;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let first = tok;
        while tok < toks.len() && toks[tok].span.start < para.end {
            tok += 1;
        }
        let last = tok;
        let mut start = first;
        let mut i = first;
        while i < last {
            if Some(i) == break_at && i > start {
                push(&mut out, doc, start, i, pi);
                start = i;
            }
            let t = toks[i];
            let s = text.get(t.span.start..t.span.end).unwrap_or("");
            let terminal = matches!(s, "." | "!" | "?" | "…" | "..." | "?!" | "!?")
                || (t.kind == TokenKind::Word
                    && s.ends_with('.')
                    && SENTENCE_FINAL_ABBREVIATIONS.contains(&s)
                    && next_is_opener(doc, i + 1, last));
            if terminal && !ordinal_stop(doc, i) {
                // Closing quotes and brackets belong to this sentence.
                let mut j = i + 1;
                while j < last {
                    let n = toks[j];
                    let ns = text.get(n.span.start..n.span.end).unwrap_or("");
                    let closes = n.kind == TokenKind::Quote && !n.space_before && !quote_opens(doc, j)
                        || matches!(ns, ")" | "]");
                    if closes {
                        j += 1;
                    } else {
                        break;
                    }
                }
                // `“How many times?” Clinton said.` — a tag after a closing
                // quote belongs to the quote's sentence.
                let closed_quote = j > i + 1 && toks[j - 1].kind == TokenKind::Quote;
                let tag_follows = closed_quote && tag_ahead(doc, j, last);
                if j >= last || (can_start(doc, j) && !tag_follows) {
                    push(&mut out, doc, start, j, pi);
                    start = j;
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        if start < last {
            push(&mut out, doc, start, last, pi);
        }
    }
    doc.sentences = out;
}

/// "am 12. Oktober", "in der 88. Minute": a full stop right after a
/// number of one or two digits, before a noun that follows ordinals
/// (`resources/ordinal_nouns.txt`), marks the ordinal, not a sentence end.
fn ordinal_stop(doc: &Document, i: usize) -> bool {
    let (Some(k), Some(next)) = (i.checked_sub(1), doc.tokens.get(i + 1)) else {
        return false;
    };
    let number = doc.tokens[k];
    number.kind == TokenKind::Number
        && !doc.tokens[i].space_before
        && doc.slice(number.span).len() <= 2
        && lexicon::ordinal_nouns().contains(doc.slice(next.span))
}

fn push(out: &mut Vec<Sentence>, doc: &Document, a: usize, b: usize, paragraph: usize) {
    if a >= b {
        return;
    }
    let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
    out.push(Sentence {
        span,
        tokens: a..b,
        paragraph,
    });
}

/// Is token `j` an opening quotation mark (per the quotation layer)?
fn quote_opens(doc: &Document, j: usize) -> bool {
    let start = doc.tokens[j].span.start;
    doc.quotations.binary_search_by_key(&start, |q| q.outer.start).is_ok()
}

fn can_start(doc: &Document, j: usize) -> bool {
    let t = doc.tokens[j];
    match t.kind {
        TokenKind::Word => t.cap,
        TokenKind::Number => true,
        TokenKind::Quote => true,
        TokenKind::Punct => {
            let s = doc.slice(t.span);
            matches!(s, "(" | "[" | "—" | "-" | "–" | "•" | "*")
        }
    }
}

/// A speech verb within the next few words, before any sentence punctuation.
fn tag_ahead(doc: &Document, j: usize, last: usize) -> bool {
    for k in j..(j + 6).min(last) {
        let t = doc.tokens[k];
        if matches!(doc.slice(t.span), "." | "!" | "?") || t.kind == TokenKind::Quote {
            return false;
        }
        if t.kind == TokenKind::Word && !t.cap {
            return crate::statements::cues::lookup(doc.norm(k)).is_some_and(|c| {
                c.lemma == "say" || c.lemma == "tell" || c.lemma == "add" || c.lemma == "ask" || c.lemma == "write"
            });
        }
    }
    false
}

fn next_is_opener(doc: &Document, j: usize, last: usize) -> bool {
    if j >= last {
        return true;
    }
    let t = doc.tokens[j];
    if t.kind == TokenKind::Quote {
        return true;
    }
    let w = super::norm(doc.slice(t.span));
    t.cap && lexicon::function_words().contains(w.as_str())
}
