//! Loaded language and labels: how things are said, flagged as spans
//! (`loaded_language`, `name_calling`) by a model trained on the
//! propaganda-techniques corpus (`learned.rs`), neutrally — whatever the
//! outlet, with no list of sides.
//!
//! Two guards keep the output honest: nothing inside the dateline, and no
//! span that lies inside a proper name (a name is not a label, though a
//! label may include one: "the apartheid Tel Aviv regime").

pub mod learned;

use crate::document::{Document, Loaded, MentionKind, Span};

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
    let dateline = doc.dateline.as_ref().map(|d| d.span);
    let names: Vec<Span> = doc
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Name)
        .map(|m| m.span)
        .collect();
    doc.loaded = learned::runs(&labels)
        .into_iter()
        .filter_map(|(a, e, label)| {
            let span = Span::new(
                doc.tokens.get(a)?.span.start,
                doc.tokens.get(e.checked_sub(1)?)?.span.end,
            );
            Some(Loaded { span, label })
        })
        .filter(|l| !dateline.is_some_and(|d| d.overlaps(l.span)))
        .filter(|l| !names.iter().any(|n| n.contains(l.span)))
        .collect();
}
