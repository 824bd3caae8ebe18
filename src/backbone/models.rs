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

/// The time-expression recogniser: embedded, or as `$DATELINE_TIMEX` says.
pub fn timex() -> Result<&'static TimexTagger, &'static ModelError> {
    static CELL: OnceLock<Result<TimexTagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| load("DATELINE_TIMEX", TIMEX_BYTES, TimexTagger::from_bytes))
        .as_ref()
}

/// The loaded-language tagger: embedded, or as `$DATELINE_LOADED` says.
pub fn loaded() -> Result<&'static LoadedTagger, &'static ModelError> {
    static CELL: OnceLock<Result<LoadedTagger, ModelError>> = OnceLock::new();
    CELL.get_or_init(|| load("DATELINE_LOADED", LOADED_BYTES, LoadedTagger::from_bytes))
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

/// The attribution model of a language: embedded, or as
/// `$DATELINE_ATTRIBUTION` (English) / `$DATELINE_ATTRIBUTION_DE` (German) says.
pub fn attribution(lang: crate::pipeline::Lang) -> Result<&'static Attribution, &'static ModelError> {
    static EN: OnceLock<Result<Attribution, ModelError>> = OnceLock::new();
    static DE: OnceLock<Result<Attribution, ModelError>> = OnceLock::new();
    let (cell, var, bytes) = match lang {
        crate::pipeline::Lang::En => (&EN, ATTRIBUTION_VAR, ATTRIBUTION_BYTES),
        crate::pipeline::Lang::De => (&DE, ATTRIBUTION_DE_VAR, ATTRIBUTION_DE_BYTES),
    };
    cell.get_or_init(|| load(var, bytes, Attribution::from_bytes)).as_ref()
}

const ATTRIBUTION_VAR: &str = "DATELINE_ATTRIBUTION";
const ATTRIBUTION_DE_VAR: &str = "DATELINE_ATTRIBUTION_DE";

/// Decodes a model from the file named by `$var` when it is set (to try a
/// freshly trained model without rebuilding), from the embedded bytes when
/// it is not; `$var=off` switches the model off (to measure the pipeline
/// without it), and the stage that uses it falls back to its rules.
fn load<M>(var: &'static str, embedded: &[u8], decode: fn(&[u8]) -> Result<M, ModelError>) -> Result<M, ModelError> {
    match std::env::var_os(var) {
        None => decode(embedded),
        Some(v) if v == "off" => Err(ModelError::Off(var)),
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|err| ModelError::Io {
                path: std::path::Path::new(&p).display().to_string(),
                err,
            })?;
            decode(&bytes)
        }
    }
}

/// Loads every model an environment variable points at, so that a mistyped
/// path or a bad file is an error when the program starts, not a model
/// silently skipped (the stages fall back to rules without their model).
pub fn check_overrides() -> Result<(), (&'static str, &'static ModelError)> {
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| v != "off");
    let tag = |var: &'static str| move |e| (var, e);
    if set("DATELINE_TIMEX") {
        timex().map_err(tag("DATELINE_TIMEX"))?;
    }
    if set("DATELINE_LOADED") {
        loaded().map_err(tag("DATELINE_LOADED"))?;
    }
    if set(ATTRIBUTION_VAR) {
        attribution(crate::pipeline::Lang::En).map_err(tag(ATTRIBUTION_VAR))?;
    }
    if set(ATTRIBUTION_DE_VAR) {
        attribution(crate::pipeline::Lang::De).map_err(tag(ATTRIBUTION_DE_VAR))?;
    }
    Ok(())
}
