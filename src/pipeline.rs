//! The stages, in order. Each adds its layer to the `Document`.

use crate::document::Document;
use crate::ingest::Input;
use crate::{dateline, entities, segment, statements, time};

/// Run every stage on one document.
pub fn run(doc: &mut Document) {
    dateline::detect(doc);
    segment::segment(doc);
    crate::backbone::annotate::tag(doc);
    entities::extract(doc);
    statements::extract(doc);
    time::extract(doc);
}

/// Build a document from an input and run the pipeline on it.
pub fn process(input: Input) -> Document {
    let mut doc = Document::new(input.id, input.text, input.date);
    run(&mut doc);
    doc
}

/// Convenience for tests and embedding: process a bare text.
pub fn process_text(id: &str, text: &str, date: Option<&str>) -> Document {
    let mut doc = Document::new(id, text, date.and_then(crate::ingest::parse_date));
    run(&mut doc);
    doc
}
