//! The trained models, embedded in the binary (so a fresh `cargo install`
//! works) and decoded once, on first use.

use std::sync::OnceLock;

use super::ner::Ner;
use super::perceptron::ModelError;
use super::tagger::Tagger;

static TAGGER_BYTES: &[u8] = include_bytes!("../../models/tagger.bin");
static NER_BYTES: &[u8] = include_bytes!("../../models/ner.bin");

pub fn ner() -> Result<&'static Ner, &'static ModelError> {
    static CELL: OnceLock<Result<Ner, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| Ner::from_bytes(NER_BYTES)).as_ref()
}

pub fn tagger() -> Result<&'static Tagger, &'static ModelError> {
    static CELL: OnceLock<Result<Tagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| Tagger::from_bytes(TAGGER_BYTES)).as_ref()
}
