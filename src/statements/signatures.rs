//! Signed quotations: a quotation followed by a dash and a name that ends
//! its line is that person's statement — readers' comments collected in
//! an article (“… He represents our greatest shame.” ― Sonya Herridge),
//! an embedded post ("No one should be above the law. — Paul Ryan
//! (@SpeakerRyan) July 5, 2016"). The name is the source, the dash
//! the cue, the quotation (or the post's text) the content.
//!
//! The labeller sees few of these (11 in PolNeAR train) and gave such
//! quotes to the last speaker named before them, so they are marked over
//! its labels, as transcript turns are. PolNeAR dev (24 signed readers'
//! comments in one article): overlap+speaker 0.641 → 0.645, cue 0.655 →
//! 0.664; BBC text has none; on the 266 PolNeAR train articles with a
//! dash or a handle, 15 embedded posts became their authors' statements
//! (PolNeAR leaves most posts unannotated: overlap P −0.001 there).

use super::learned::{mark_run, CNT, CUE, SRC};
use crate::document::{Document, TokenKind};

/// At most this many words in the signing name.
const MAX_NAME_WORDS: usize = 4;

fn is_dash(doc: &Document, k: usize) -> bool {
    matches!(doc.token_text(k), "―" | "—" | "–" | "-" | "--")
}

/// Is token `k` the last on its line (a line break or the text's end
/// after it)?
fn ends_line(doc: &Document, k: usize) -> bool {
    let Some(t) = doc.tokens.get(k) else { return false };
    match doc.tokens.get(k + 1) {
        None => true,
        Some(next) => doc
            .text
            .get(t.span.end..next.span.start)
            .is_some_and(|gap| gap.contains('\n')),
    }
}

/// The signing name after the dash at `k`: capitalised words up to the end
/// of the line, or up to a "(@handle)" that runs on to it, with nothing
/// but a full stop after the name. Returns the name's tokens and whether
/// a handle follows.
fn signing_name(doc: &Document, k: usize) -> Option<(std::ops::Range<usize>, bool)> {
    let start = k + 1;
    let mut end = start;
    while end < start + MAX_NAME_WORDS
        && doc.tokens.get(end).is_some_and(|t| t.kind == TokenKind::Word && t.cap)
        && (end == start || !ends_line(doc, end - 1))
    {
        end += 1;
    }
    if end == start || ends_line(doc, k) {
        return None;
    }
    if ends_line(doc, end - 1) {
        return Some((start..end, false));
    }
    if doc.token_text(end) == "." && ends_line(doc, end) {
        return Some((start..end, false));
    }
    // "(@SpeakerRyan) July 5, 2016": the rest of the line is the handle
    // and the date.
    let handle = doc.token_text(end) == "(" && doc.token_text(end + 1).starts_with('@');
    handle.then_some((start..end, true))
}

/// The first token at or after byte `pos`.
fn token_at(doc: &Document, pos: usize) -> Option<usize> {
    doc.tokens.iter().position(|t| t.span.start >= pos)
}

/// The token range of the content a dash at `k` signs, if any.
fn signed_content(doc: &Document, k: usize, handle: bool) -> Option<std::ops::Range<usize>> {
    let prev = k.checked_sub(1)?;
    let dash_start = doc.tokens.get(k)?.span.start;
    // A quotation closing just before the dash on the same line (a
    // signature on a line of its own would be another paragraph, which
    // linking does not reach).
    let closing = doc.quotations.iter().find(|q| {
        q.outer.end <= dash_start
            && doc
                .text
                .get(q.outer.end..dash_start)
                .is_some_and(|g| g.chars().all(|c| c.is_whitespace() && c != '\n'))
    });
    if let Some(q) = closing {
        let a = token_at(doc, q.inner.start)?;
        let b = doc.tokens.iter().rposition(|t| t.span.end <= q.inner.end)? + 1;
        return (a < b).then_some(a..b);
    }
    // A post's text, from the start of its line, where a handle follows
    // the name.
    if handle && !ends_line(doc, prev) {
        let mut a = prev;
        while a > 0 && !ends_line(doc, a - 1) {
            a -= 1;
        }
        // Markup the post came wrapped in ("<tweet id=… author=…>") is
        // not its text.
        if doc.token_text(a) == "<" {
            if let Some(gt) = (a..k).find(|&j| doc.token_text(j) == ">") {
                a = gt + 1;
            }
        }
        return (a < k).then_some(a..k);
    }
    None
}

/// Mark each signed quotation in `labels` (one label per token).
pub fn mark_signed(doc: &Document, labels: &mut [u8]) {
    for k in 0..doc.tokens.len() {
        if doc.tokens.get(k).is_none_or(|t| t.kind != TokenKind::Punct) || !is_dash(doc, k) {
            continue;
        }
        let Some((name, handle)) = signing_name(doc, k) else {
            continue;
        };
        let Some(content) = signed_content(doc, k, handle) else {
            continue;
        };
        mark_run(labels, CNT, content);
        mark_run(labels, CUE, k..k + 1);
        mark_run(labels, SRC, name);
    }
}
