//! Cue verbs: every inflected form of the lemmas in `resources/cue_verbs.tsv`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// Content may follow directly or precede ("said", "declared").
    Say,
    /// Content must be a that-clause, quote or colon, or precede the cue.
    That,
    /// "described X as Y".
    As,
    /// "urged X to …".
    To,
    /// "talked about X", "spoke of X".
    About,
}

#[derive(Debug, Clone, Copy)]
pub struct Cue {
    pub lemma: &'static str,
    pub class: CueClass,
    /// The form is a bare "-ing" participle ("saying").
    pub gerund: bool,
}

fn table() -> &'static HashMap<String, Cue> {
    static CELL: OnceLock<HashMap<String, Cue>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut m = HashMap::default();
        for (lemma, class) in lexicon::cue_verbs() {
            let class = match *class {
                "that" => CueClass::That,
                "as" => CueClass::As,
                "to" => CueClass::To,
                "about" => CueClass::About,
                _ => CueClass::Say,
            };
            for f in all_forms(lemma) {
                let gerund = f.ends_with("ing");
                m.entry(f).or_insert(Cue { lemma, class, gerund });
            }
        }
        m
    })
}

/// Every form of the weak cue verbs (`resources/cue_verbs_weak.tsv`), for
/// the learned labeller only. (The file's verb classes document the list;
/// the labeller reads all of them as one class.)
fn weak_table() -> &'static rustc_hash::FxHashSet<String> {
    static CELL: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| lexicon::weak_cue_verbs().keys().flat_map(|l| all_forms(l)).collect())
}

/// Is the lower-cased word a form of a weak cue verb (one the rules do not
/// use: "blamed", "hailed", "disputes")?
pub fn is_weak(norm: &str) -> bool {
    weak_table().contains(norm)
}

/// A verb's lemma, its regular forms and its irregular ones
/// (`resources/irregular_verbs.tsv`).
fn all_forms(lemma: &str) -> Vec<String> {
    let mut forms = regular_forms(lemma);
    if let Some(irr) = lexicon::irregular_verbs().get(lemma) {
        forms.extend(irr.split(',').map(|f| f.trim().to_string()));
    }
    forms.push(lemma.to_string());
    forms
}

/// -s, -ed and -ing forms, with the usual spelling changes.
fn regular_forms(lemma: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = lemma.as_bytes();
    let last = bytes.last().copied().unwrap_or(b' ');
    let before = if bytes.len() >= 2 { bytes[bytes.len() - 2] } else { b' ' };
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if last == b'y' && !vowel(before) {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{lemma}ing"));
    } else if last == b'e' {
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        out.push(format!("{}ing", &lemma[..lemma.len() - 1]));
    } else {
        let es = matches!(last, b's' | b'x' | b'z') || lemma.ends_with("sh") || lemma.ends_with("ch");
        out.push(if es { format!("{lemma}es") } else { format!("{lemma}s") });
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        // Doubled final consonant: "admitted", "committing".
        if !vowel(last) && vowel(before) && !matches!(last, b'w' | b'x' | b'y') {
            out.push(format!("{lemma}{}ed", last as char));
            out.push(format!("{lemma}{}ing", last as char));
        }
    }
    out
}

/// The cue a lower-cased word form is, if any.
pub fn lookup(norm: &str) -> Option<Cue> {
    table().get(norm).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_are_found() {
        for w in [
            "said",
            "says",
            "declared",
            "emphasized",
            "underscored",
            "exhorted",
            "remarked",
            "told",
            "added",
            "stressed",
            "denied",
            "admitted",
            "believes",
            "described",
            "wrote",
        ] {
            assert!(lookup(w).is_some(), "{w}");
        }
        assert!(lookup("walked").is_none());
        assert_eq!(lookup("described").map(|c| c.class), Some(CueClass::As));
    }

    #[test]
    fn weak_cue_verbs_are_found_in_every_form_and_stay_out_of_the_rules() {
        for w in ["blamed", "hails", "disputing", "whispered", "rebutted", "deems"] {
            assert!(is_weak(w), "{w}");
            assert!(lookup(w).is_none(), "{w} is a rule cue too");
        }
        assert!(!is_weak("walked"));
        assert!(!is_weak("said"));
    }
}
