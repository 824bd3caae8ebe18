//! Loaded language and labels: how things are said, flagged as spans
//! (`loaded_language`, `name_calling`) by a model trained on the
//! propaganda-techniques corpus (`learned.rs`), neutrally — whatever the
//! outlet, with no list of sides.
//!
//! Three guards keep the output honest: nothing inside the dateline, no
//! span that lies inside a proper name (a name is not a label, though a
//! label may include one: "the apartheid Tel Aviv regime"), and no span of
//! function words and punctuation alone ("the", "a “", "and": on PTC dev
//! 10 of 422 spans, precision 0.372 → 0.379 with the same recall).

pub mod learned;

use crate::document::{Document, Loaded, LoadedLabel, MentionKind, Span, TokenKind};

/// Flag the loaded spans of a document with the built-in model (needs the
/// backbone's tags; does nothing when they or the model are missing).
pub fn extract(doc: &mut Document) {
    if doc.pos.is_empty() {
        return;
    }
    if let Ok(model) = crate::backbone::models::loaded() {
        extract_with(doc, model);
    }
}

pub fn extract_with(doc: &mut Document, model: &learned::LoadedTagger) {
    let labels = model.label(&learned::Inputs::new(doc));
    doc.loaded = guarded(doc, learned::runs(&labels));
}

/// The labelled token runs that pass the guards, as spans.
fn guarded(doc: &Document, runs: Vec<(usize, usize, LoadedLabel)>) -> Vec<Loaded> {
    let dateline = doc.dateline.as_ref().map(|d| d.span);
    let names: Vec<Span> = doc
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Name)
        .map(|m| m.span)
        .collect();
    let says_something = |a: usize, e: usize| {
        (a..e).any(|k| {
            doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
                && !crate::lexicon::function_words().contains(doc.norm(k))
        })
    };
    runs.into_iter()
        .filter(|&(a, e, _)| says_something(a, e))
        .filter_map(|(a, e, label)| {
            let span = Span::new(
                doc.tokens.get(a)?.span.start,
                doc.tokens.get(e.checked_sub(1)?)?.span.end,
            );
            Some(Loaded { span, label })
        })
        .filter(|l| !dateline.is_some_and(|d| d.overlaps(l.span)))
        .filter(|l| !names.iter().any(|n| n.contains(l.span)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_function_words_or_punctuation_is_no_loaded_span() {
        let mut doc = Document::new("t", "They called it \"the usurping regime\" and left.", None);
        crate::segment::segment(&mut doc);
        let at = |w: &str| (0..doc.tokens.len()).find(|&k| doc.token_text(k) == w).expect("token");
        let (quote, the, regime, and) = (at("\""), at("the"), at("regime"), at("and"));
        let kept = guarded(
            &doc,
            vec![
                (quote, the + 1, LoadedLabel::LoadedLanguage),
                (the, regime + 1, LoadedLabel::NameCalling),
                (and, and + 1, LoadedLabel::LoadedLanguage),
            ],
        );
        let texts: Vec<&str> = kept.iter().map(|l| doc.slice(l.span)).collect();
        assert_eq!(texts, ["the usurping regime"]);
    }
}
