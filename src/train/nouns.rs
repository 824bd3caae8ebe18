//! `dateline train nouns`: German common nouns, learned from the text of
//! the German Wikinews training split (`resources/common_nouns_de.txt`).
//!
//! German writes every noun capitalised, so the English-trained NER that
//! the German pipeline runs takes common nouns for names ("Regierung",
//! "Entscheidung", "Trauer"). A common noun shows itself by what stands
//! before it: an article, a determiner or a contraction ("die Regierung",
//! "im Krankenhaus"), alone or with an inflected adjective between ("die
//! neue Regierung"), or after a bare inflected adjective ("offiziellen
//! Angaben"). Names mostly stand bare ("sagte Merkel", "in Bonn").
//! A capitalised word seen inside a sentence at least `MIN_AFTER` times
//! after such words, and at least `MIN_SHARE` of the times it is seen
//! there, is a common noun; so is an inflected form of one ("Jahren" of
//! "Jahr") seen at least twice. Acronyms ("die EU", "die FDP") and the
//! places of the gazetteer and of `resources/places_de.txt` ("die
//! Ukraine", "die Schweiz") take articles too, and are never listed.

use std::collections::BTreeMap;
use std::path::Path;

use super::TrainError;
use crate::document::{Document, TokenKind};
use crate::entities::names::{after_determiner_de, inflected_adjective_de, name_with_article_de};

/// Times a word must stand in a noun's place (after a determiner or an
/// inflected adjective) …
const MIN_AFTER: u32 = 2;
/// … and the share of its sentence-inner occurrences that do.
const MIN_SHARE: f64 = 0.5;
/// German plural and case endings: a word that is a listed noun with one
/// of these added is that noun's form.
const ENDINGS: &[&str] = &["e", "en", "n", "er", "ern", "s", "es", "nen"];

/// Per word: (sentence-inner capitalised occurrences, those after a
/// determiner or an adjective).
type Counts = BTreeMap<String, (u32, u32)>;

fn count(text: &str, counts: &mut Counts) {
    let mut doc = Document::new("", text, None);
    crate::segment::segment(&mut doc);
    for s in &doc.sentences {
        for k in s.tokens.clone().skip(1) {
            let Some(t) = doc.tokens.get(k) else { continue };
            let w = doc.token_text(k);
            if t.kind != TokenKind::Word || !t.cap || w.chars().count() < 2 {
                continue;
            }
            // After an opening quotation mark or a colon a capital starts
            // a sentence of its own.
            if doc
                .tokens
                .get(k - 1)
                .is_some_and(|p| p.kind == TokenKind::Quote || doc.slice(p.span) == ":")
            {
                continue;
            }
            let e = counts.entry(w.to_string()).or_default();
            e.0 += 1;
            e.1 += u32::from(after_determiner_de(&doc, k) || after_adjective(&doc, k));
        }
    }
}

/// Over a whole corpus, a bare inflected adjective before a word counts as
/// a noun's place too ("offiziellen Angaben", "deutsche Touristen"): a
/// lower-case word of four letters or more with an adjective's ending, but
/// not a past-tense verb's ("sagte Merkel"). Alone in one article it would
/// mislead ("the Cleveland"); over hundreds, a name that follows such a
/// word now and then stays under `MIN_SHARE`.
fn after_adjective(doc: &Document, k: usize) -> bool {
    let Some(p) = k.checked_sub(1) else { return false };
    let w = doc.norm(p);
    inflected_adjective_de(doc, p)
        && w.chars().count() >= 4
        && w.chars().all(char::is_alphabetic)
        && !w.ends_with("te")
        && !w.ends_with("ten")
}

/// The common nouns of `counts`, sorted.
fn nouns(counts: &Counts) -> Vec<&str> {
    let base: std::collections::BTreeSet<&str> = counts
        .iter()
        .filter(|(w, &(seen, after))| {
            after >= MIN_AFTER && f64::from(after) >= MIN_SHARE * f64::from(seen) && !name_with_article_de(w)
        })
        .map(|(w, _)| w.as_str())
        .collect();
    let forms = counts.iter().filter(|(w, &(seen, _))| {
        seen >= 2
            && !base.contains(w.as_str())
            && !name_with_article_de(w)
            && ENDINGS
                .iter()
                .any(|e| w.strip_suffix(e).is_some_and(|stem| base.contains(stem)))
    });
    let mut out: Vec<&str> = base.iter().copied().chain(forms.map(|(w, _)| w.as_str())).collect();
    out.sort_unstable();
    out
}

/// Learn the list from `data` (the German Wikinews folder; its train
/// split only) and write it to `out`.
pub fn nouns_de(data: &Path, out: &Path, log: &mut dyn FnMut(String)) -> Result<(), TrainError> {
    let texts = super::unlabelled_texts(&data.join("gold.train.jsonl"))?;
    let mut counts = Counts::new();
    for (_, t) in &texts {
        count(t, &mut counts);
    }
    let list = nouns(&counts);
    log(format!(
        "  nouns: {} documents, {} capitalised words, {} common nouns",
        texts.len(),
        counts.len(),
        list.len()
    ));
    let mut text = format!(
        "# German common nouns: `dateline train nouns` from the {} documents of \
         german_wikinews_quotes/gold.train.jsonl (seen after an article or determiner \
         or a bare inflected adjective at least {MIN_AFTER} times and {:.0}% of the time, \
         and their inflected forms; \
         no acronyms or gazetteer places). Case as written.\n",
        texts.len(),
        MIN_SHARE * 100.0
    );
    for w in list {
        text.push_str(w);
        text.push('\n');
    }
    super::write(out, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_after_articles_are_common_and_bare_names_and_acronyms_are_not() {
        let mut counts = Counts::new();
        for t in [
            "Gestern lobte Berger die Regierung. Die neue Regierung plant eine Reform.",
            "Berger sagte, die Reform komme. Auch die EU lobte die Reform in Bonn.",
            "In Bonn sprach Berger mit der Regierung über Reformen. Berger will Reformen.",
            "Die Ukraine und die Ukraine: Berger war dort.",
            "Nach offiziellen Angaben sagte Berger nichts. Laut eigenen Angaben erklärte Berger es.",
        ] {
            count(t, &mut counts);
        }
        let list = nouns(&counts);
        for w in ["Regierung", "Reform", "Reformen", "Angaben"] {
            assert!(list.contains(&w), "{w} missing from {list:?}");
        }
        for w in ["Berger", "Bonn", "EU", "Ukraine", "Gestern", "Die", "Auch"] {
            assert!(!list.contains(&w), "{w} in {list:?}");
        }
    }
}
