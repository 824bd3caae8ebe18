//! Entities: proper-name mentions, nominal descriptions and pronouns, merged
//! into one entity per real-world referent within the article.
//!
//! Names come from capitalisation, titles, a place gazetteer and organisation
//! head words (`resources/`). Merging is rule-based: surname → full name,
//! acronym defined in place → its expansion, a description whose head noun is
//! one of a person's titles or earlier descriptions → that person, a pronoun
//! → the most salient person before it.

pub mod coref;
pub(crate) mod names;
pub use names::is_acronym;
pub(crate) mod nominals;

use crate::document::Document;

/// Find and merge mentions; `model` selects NER names (else rules).
pub fn extract(doc: &mut Document, model: bool) {
    extract_in(doc, model, true, false);
}

/// `extract` for German text: the English-trained NER's names are trimmed
/// first (`names::trim_names_de`).
pub fn extract_de(doc: &mut Document, model: bool) {
    extract_in(doc, model, true, true);
}

/// `extract`; `genders`: whether pronouns must agree in gender with the
/// person they refer to (off only to learn first names' genders).
pub fn extract_with(doc: &mut Document, model: bool, genders: bool) {
    extract_in(doc, model, genders, false);
}

fn extract_in(doc: &mut Document, model: bool, genders: bool, german: bool) {
    if model {
        names::find_names(doc);
        if german {
            names::trim_names_de(doc);
        }
    } else {
        names::find_names_by_rules(doc);
    }
    nominals::find_nominals_and_pronouns(doc);
    doc.mentions
        .sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    coref::resolve(doc, genders);
}

#[cfg(test)]
mod tests;
