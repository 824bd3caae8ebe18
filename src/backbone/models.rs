//! The trained models. The tagger, NER and attribution models are embedded in the binary (so a
//! fresh `cargo install` works) and decoded once, on first use.

use std::sync::OnceLock;

use super::ner::Ner;
use super::parser::Parser;
use super::perceptron::ModelError;
use super::tagger::Tagger;

static TAGGER_BYTES: &[u8] = include_bytes!("../../models/tagger.bin");
static NER_BYTES: &[u8] = include_bytes!("../../models/ner.bin");
static ATTRIBUTION_BYTES: &[u8] = include_bytes!("../../models/attribution.bin");

pub fn tagger() -> Result<&'static Tagger, &'static ModelError> {
    static CELL: OnceLock<Result<Tagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| Tagger::from_bytes(TAGGER_BYTES)).as_ref()
}

pub fn ner() -> Result<&'static Ner, &'static ModelError> {
    static CELL: OnceLock<Result<Ner, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| Ner::from_bytes(NER_BYTES)).as_ref()
}

/// Where the parser model is read from at run time: `$DATELINE_PARSER`,
/// else `models/parser.bin`. The parser is not embedded yet: it is below
/// its accuracy targets, its model is large (12-16 MB), and no stage uses
/// its trees yet. Rebuild it with `dateline train parser`.
pub fn parser_path() -> std::path::PathBuf {
    std::env::var_os("DATELINE_PARSER").map_or_else(|| std::path::PathBuf::from("models/parser.bin"), Into::into)
}

pub fn parser() -> Result<&'static Parser, &'static ModelError> {
    static CELL: OnceLock<Result<Parser, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| {
        let p = parser_path();
        let bytes = std::fs::read(&p).map_err(|err| ModelError::Io {
            path: p.display().to_string(),
            err,
        })?;
        Parser::from_bytes(&bytes)
    })
    .as_ref()
}

/// The attribution model: embedded, or `$DATELINE_ATTRIBUTION` when set
/// (to try a freshly trained one without rebuilding).
pub fn attribution() -> Result<&'static crate::statements::learned::Attribution, &'static ModelError> {
    static CELL: OnceLock<Result<crate::statements::learned::Attribution, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| match std::env::var_os("DATELINE_ATTRIBUTION") {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|err| ModelError::Io {
                path: std::path::Path::new(&p).display().to_string(),
                err,
            })?;
            crate::statements::learned::Attribution::from_bytes(&bytes)
        }
        None => crate::statements::learned::Attribution::from_bytes(ATTRIBUTION_BYTES),
    })
    .as_ref()
}
