//! Word lists live in `resources/*.txt` as data (one entry per line, `#`
//! comments), compiled into the binary and parsed once on first use.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// Lines of a resource file, trimmed, without blanks and `#` comments.
pub fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub fn set(src: &'static str) -> HashSet<&'static str> {
    lines(src).collect()
}

/// `key<TAB>value` lines.
pub fn map(src: &'static str) -> HashMap<&'static str, &'static str> {
    lines(src)
        .filter_map(|l| {
            let mut it = l.splitn(2, '\t');
            Some((it.next()?.trim(), it.next()?.trim()))
        })
        .collect()
}

macro_rules! lexicon_set {
    ($name:ident, $file:literal) => {
        pub fn $name() -> &'static HashSet<&'static str> {
            static CELL: OnceLock<HashSet<&'static str>> = OnceLock::new();
            CELL.get_or_init(|| set(include_str!(concat!("../resources/", $file))))
        }
    };
}

macro_rules! lexicon_map {
    ($name:ident, $file:literal) => {
        pub fn $name() -> &'static HashMap<&'static str, &'static str> {
            static CELL: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
            CELL.get_or_init(|| map(include_str!(concat!("../resources/", $file))))
        }
    };
}

lexicon_set!(abbreviations, "abbreviations.txt");
lexicon_set!(common_acronyms, "common_acronyms.txt");
lexicon_set!(function_words, "function_words.txt");
lexicon_set!(titles, "titles.txt");
lexicon_set!(descriptor_nouns, "descriptor_nouns.txt");
lexicon_set!(roles, "roles.txt");
lexicon_set!(epithets, "epithets.txt");
lexicon_set!(staff_nouns, "staff_nouns.txt");
lexicon_set!(org_heads, "org_heads.txt");
lexicon_set!(place_heads, "place_heads.txt");
lexicon_set!(places, "places.txt");
lexicon_set!(ordinal_nouns, "ordinal_nouns.txt");
lexicon_set!(demonyms, "demonyms.txt");
lexicon_set!(company_nouns, "company_nouns.txt");
lexicon_map!(cue_verbs, "cue_verbs.tsv");
lexicon_map!(weak_cue_verbs, "cue_verbs_weak.tsv");
lexicon_map!(cue_words_de, "cue_words_de.tsv");
lexicon_set!(pronouns_de, "pronouns_de.txt");
lexicon_set!(function_words_de, "function_words_de.txt");
lexicon_set!(determiners_de, "determiners_de.txt");
lexicon_set!(common_nouns_de, "common_nouns_de.txt");
lexicon_set!(places_de, "places_de.txt");
lexicon_set!(noun_suffixes_de, "noun_suffixes_de.txt");
lexicon_set!(reported_verbs_de, "reported_verbs_de.txt");
lexicon_set!(subjunctive_de, "subjunctive_de.txt");
lexicon_set!(time_nouns_de, "time_nouns_de.txt");
lexicon_map!(case_words_de, "case_words_de.tsv");
lexicon_map!(amount_verbs, "amount_verbs.tsv");
lexicon_map!(irregular_verbs, "irregular_verbs.tsv");
lexicon_set!(adverbs, "adverbs.txt");
lexicon_set!(agencies, "agencies.txt");
lexicon_set!(speech_events, "speech_events.txt");
lexicon_set!(venues, "venues.txt");
lexicon_set!(speech_products, "speech_products.txt");
lexicon_set!(inverted_cues, "inverted_cues.txt");
lexicon_set!(naming_verbs, "naming_verbs.txt");
lexicon_set!(raising_verbs, "raising_verbs.txt");
lexicon_set!(seeming_verbs, "seeming_verbs.txt");
lexicon_set!(addressee_verbs, "addressee_verbs.txt");
lexicon_set!(target_verbs, "target_verbs.txt");
lexicon_set!(addressee_verbs_de, "addressee_verbs_de.txt");
lexicon_set!(impersonal_cues_de, "impersonal_cues_de.txt");
lexicon_set!(empty_cues, "empty_cues.txt");
lexicon_set!(background_clauses, "background_clauses.txt");
lexicon_set!(clause_openers, "clause_openers.txt");
lexicon_map!(gender_words, "gender_words.tsv");
lexicon_map!(first_names, "first_names.tsv");

/// May one person bear both offices (`resources/office_kin.txt`)?
pub fn kin_offices(a: &str, b: &str) -> bool {
    static CELL: OnceLock<Vec<HashSet<&'static str>>> = OnceLock::new();
    let groups = CELL.get_or_init(|| {
        lines(include_str!("../resources/office_kin.txt"))
            .map(|l| l.split_whitespace().collect())
            .collect()
    });
    a == b || groups.iter().any(|g| g.contains(a) && g.contains(b))
}
