//! `dateline train names`: the usual gender of first names, learned from
//! the unlabelled text of the training splits, so that "she" is not
//! linked to "Bruce Misamore" (`resources/first_names.tsv`).
//!
//! Each document runs through the tagger, the NER and the entity layer
//! with the gender check off. A person named with a first name ("Bruce
//! Misamore", not "Misamore") casts one vote for that first name: male
//! when its male titles and pronouns ("Mr.", "he", "his"; a title counts
//! three) outnumber its female ones, female the other way round, none on
//! a tie. Pronouns are linked by salience alone here, so a pronoun counts
//! only where its person is the only one named in its sentence before it
//! and in the sentence before; names keep a gender only with enough
//! votes, nearly all alike.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::TrainError;
use crate::document::{Document, EntityType, MentionKind};
use crate::entities::coref::{pronoun_gender, word_gender, Gender};

/// A first name needs this many votes …
const MIN_VOTES: u32 = 3;
/// … and this share of them for one gender.
const MIN_SHARE: f64 = 0.85;
/// Weight of a gendered title or description against one pronoun.
const TITLE_WEIGHT: i32 = 3;

/// The first name of a person's canonical name, lower case, if it has one.
fn first_name(name: &str) -> Option<String> {
    let (first, rest) = name.split_once(' ')?;
    let ok = !rest.is_empty()
        && first.chars().count() >= 2
        && first.chars().next().is_some_and(char::is_uppercase)
        && first.chars().any(char::is_lowercase)
        && first.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !crate::lexicon::titles().contains(first.to_lowercase().as_str());
    ok.then(|| first.to_lowercase())
}

/// The votes of one document: (first name, gender) per person.
fn votes(id: &str, text: &str) -> Vec<(String, Gender)> {
    let mut doc = Document::new(id, text, None);
    crate::dateline::detect(&mut doc);
    crate::segment::segment(&mut doc);
    crate::backbone::annotate::tag(&mut doc);
    crate::entities::extract_with(&mut doc, true, false);
    // The people named or described in each sentence: a pronoun counts
    // only where its person is the one person of its sentence so far and
    // of the sentence before, so that salience cannot pick the wrong one.
    let mut people: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc.sentences.len()];
    for m in doc.mentions.iter().filter(|m| m.kind != MentionKind::Pronoun) {
        let (Some(e), Some(s)) = (m.entity, doc.sentence_at(m.span.start)) else {
            continue;
        };
        if doc.entities.get(e).is_some_and(|x| x.etype == EntityType::Person) {
            if let Some(v) = people.get_mut(s) {
                v.push((m.span.start, e));
            }
        }
    }
    let alone = |ei: usize, at: usize| {
        let Some(s) = doc.sentence_at(at) else { return false };
        let before = s.checked_sub(1).and_then(|p| people.get(p)).into_iter().flatten();
        let here = people.get(s).into_iter().flatten().filter(|(start, _)| *start < at);
        let mut any = false;
        for &(_, e) in before.chain(here) {
            if e != ei {
                return false;
            }
            any = true;
        }
        any
    };
    let mut out = Vec::new();
    for (ei, e) in doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.etype == EntityType::Person)
    {
        let Some(first) = first_name(&e.name) else { continue };
        let mut score = 0i32;
        for &k in &e.mentions {
            let Some(m) = doc.mentions.get(k) else { continue };
            if m.kind == MentionKind::Pronoun {
                if !alone(ei, m.span.start) {
                    continue;
                }
                match pronoun_gender(doc.norm(m.tokens.start)) {
                    Some(Gender::Male) => score += 1,
                    Some(Gender::Female) => score -= 1,
                    None => {}
                }
                continue;
            }
            for r in &m.roles {
                match word_gender(r) {
                    Some(Gender::Male) => score += TITLE_WEIGHT,
                    Some(Gender::Female) => score -= TITLE_WEIGHT,
                    None => {}
                }
            }
        }
        if score != 0 {
            out.push((first, if score > 0 { Gender::Male } else { Gender::Female }));
        }
    }
    out
}

/// Learn first names' genders from the training texts under `data` and
/// write `name<TAB>m|f<TAB>male votes<TAB>female votes` lines to `out`.
pub fn names(data: &Path, out: &Path, log: &mut dyn FnMut(String)) -> Result<(), TrainError> {
    let mut tally: BTreeMap<String, [u32; 2]> = BTreeMap::new();
    let mut docs = 0usize;
    for src in super::clusters::SOURCES {
        let texts = super::unlabelled_texts(&data.join(src))?;
        docs += texts.len();
        let per_doc: Vec<Vec<(String, Gender)>> = texts.par_iter().map(|(id, t)| votes(id, t)).collect();
        let n: usize = per_doc.iter().map(Vec::len).sum();
        log(format!("  names: {src}: {} documents, {n} votes", texts.len()));
        for (name, g) in per_doc.into_iter().flatten() {
            tally.entry(name).or_default()[usize::from(g == Gender::Female)] += 1;
        }
    }
    let mut lines = vec![format!(
        "# first names' usual gender: `dateline train names` ({docs} documents of the training splits; \
         at least {MIN_VOTES} votes, {:.0}% alike)",
        MIN_SHARE * 100.0
    )];
    let (mut male, mut female) = (0, 0);
    for (name, [m, f]) in &tally {
        let total = m + f;
        if total < MIN_VOTES {
            continue;
        }
        let g = if f64::from(*m) >= MIN_SHARE * f64::from(total) {
            male += 1;
            'm'
        } else if f64::from(*f) >= MIN_SHARE * f64::from(total) {
            female += 1;
            'f'
        } else {
            continue;
        };
        lines.push(format!("{name}\t{g}\t{m}\t{f}"));
    }
    log(format!(
        "  names: {male} male, {female} female first names kept of {}",
        tally.len()
    ));
    super::write(out, (lines.join("\n") + "\n").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_name_is_the_first_of_two_or_more_words() {
        assert_eq!(first_name("Bruce Misamore").as_deref(), Some("bruce"));
        assert_eq!(first_name("Jean-Marie Okafor").as_deref(), Some("jean-marie"));
        assert_eq!(first_name("Misamore"), None);
        assert_eq!(first_name("IBM Research"), None);
        assert_eq!(first_name("General Haverkamp"), None);
    }

    #[test]
    fn people_vote_for_their_first_names_gender() {
        let v = votes(
            "t",
            "Colm Varga founded the bakery in 1990. He said it would open a second shop.\n\n\
             Sarah Okafor, a baker, joined in 2004. She said the bread was the best in town.",
        );
        assert!(v.contains(&("colm".to_string(), Gender::Male)), "{v:?}");
        assert!(v.contains(&("sarah".to_string(), Gender::Female)), "{v:?}");
    }
}

#[cfg(test)]
mod file_tests {
    /// The committed file is what `names` writes: a gender per name that
    /// its own vote counts carry.
    #[test]
    fn the_committed_first_names_agree_with_their_votes() {
        let text = include_str!("../../resources/first_names.tsv");
        let mut n = 0;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(g), Some(m), Some(w)) = (f.get(1), f.get(2), f.get(3)) else {
                panic!("bad line {line:?}");
            };
            let (m, w): (f64, f64) = (m.parse().unwrap_or(-1.0), w.parse().unwrap_or(-1.0));
            assert!(m + w >= f64::from(super::MIN_VOTES), "{line}");
            let share = if *g == "m" { m } else { w } / (m + w);
            assert!(matches!(*g, "m" | "f") && share >= super::MIN_SHARE, "{line}");
            n += 1;
        }
        assert!(n > 100, "{n} names");
    }
}
