//! The trained models. The tagger, NER and attribution models are embedded in the binary (so a
//! fresh `cargo install` works) and decoded once, on first use.

use std::sync::OnceLock;

use super::ner::Ner;
use super::parser::Parser;
use super::perceptron::ModelError;
use super::tagger::Tagger;
use crate::loaded::learned::LoadedTagger;
use crate::statements::learned::Attribution;
use crate::time::learned::TimexTagger;

static TAGGER_BYTES: &[u8] = include_bytes!("../../models/tagger.bin");
static NER_BYTES: &[u8] = include_bytes!("../../models/ner.bin");
static ATTRIBUTION_BYTES: &[u8] = include_bytes!("../../models/attribution.bin");
static TIMEX_BYTES: &[u8] = include_bytes!("../../models/timex.bin");
static LOADED_BYTES: &[u8] = include_bytes!("../../models/loaded.bin");
static ATTRIBUTION_DE_BYTES: &[u8] = include_bytes!("../../models/attribution-de.bin");

pub fn tagger() -> Result<&'static Tagger, &'static ModelError> {
    static CELL: OnceLock<Result<Tagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| Tagger::from_bytes(TAGGER_BYTES)).as_ref()
}

pub fn ner() -> Result<&'static Ner, &'static ModelError> {
    static CELL: OnceLock<Result<Ner, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| Ner::from_bytes(NER_BYTES)).as_ref()
}

/// The time-expression recogniser: embedded, or the file named by
/// `$DATELINE_TIMEX` when set.
pub fn timex() -> Result<&'static TimexTagger, &'static ModelError> {
    static CELL: OnceLock<Result<TimexTagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| match std::env::var_os("DATELINE_TIMEX") {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|err| ModelError::Io {
                path: std::path::Path::new(&p).display().to_string(),
                err,
            })?;
            TimexTagger::from_bytes(&bytes)
        }
        None => TimexTagger::from_bytes(TIMEX_BYTES),
    })
    .as_ref()
}

/// The loaded-language tagger: embedded, or the file named by
/// `$DATELINE_LOADED` when set.
pub fn loaded() -> Result<&'static LoadedTagger, &'static ModelError> {
    static CELL: OnceLock<Result<LoadedTagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| match std::env::var_os("DATELINE_LOADED") {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|err| ModelError::Io {
                path: std::path::Path::new(&p).display().to_string(),
                err,
            })?;
            LoadedTagger::from_bytes(&bytes)
        }
        None => LoadedTagger::from_bytes(LOADED_BYTES),
    })
    .as_ref()
}

/// Where the parser model is read from at run time: `$DATELINE_PARSER`,
/// else `models/parser.bin`. The parser is not embedded yet: it is below
/// its accuracy targets, its model is large (12 MB), and no stage uses
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

/// The attribution model of a language: embedded, or the file named by
/// `$DATELINE_ATTRIBUTION` (English) / `$DATELINE_ATTRIBUTION_DE` (German)
/// when set, to try a freshly trained one without rebuilding.
pub fn attribution(lang: crate::pipeline::Lang) -> Result<&'static Attribution, &'static ModelError> {
    static EN: OnceLock<Result<Attribution, ModelError>> = OnceLock::new();
    static DE: OnceLock<Result<Attribution, ModelError>> = OnceLock::new();
    let (cell, var, bytes) = match lang {
        crate::pipeline::Lang::En => (&EN, "DATELINE_ATTRIBUTION", ATTRIBUTION_BYTES),
        crate::pipeline::Lang::De => (&DE, "DATELINE_ATTRIBUTION_DE", ATTRIBUTION_DE_BYTES),
    };
    cell.get_or_init(|| match std::env::var_os(var) {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|err| ModelError::Io {
                path: std::path::Path::new(&p).display().to_string(),
                err,
            })?;
            Attribution::from_bytes(&bytes)
        }
        None => Attribution::from_bytes(bytes),
    })
    .as_ref()
}
