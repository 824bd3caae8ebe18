//! Part-of-speech tagger (UPOS and XPOS as one joint class) and lemmatizer.
//!
//! Greedy left-to-right averaged perceptron with the features of Honnibal's
//! tagger (words and affixes in a ±2 window, the two previous tags) plus word
//! shape. Frequent words that always take one tag in training skip the model
//! (a tag dictionary). Lemmas come from a table of training pairs, else from
//! suffix rewrite rules learned per XPOS ("-ies" + NNS → "-y").

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use super::clusters;
use super::conllu::Sentence;
use super::features::{feat, lower, prefix, shape, suffix, Hasher, Passes, Shapes};
use super::perceptron::{argmax, check_kind, pack_stages, unpack_stages, Model, ModelError, Trainer};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
struct Meta {
    kind: String,
    /// "UPOS|XPOS" per class.
    classes: Vec<String>,
    tagdict: HashMap<String, u16>,
    lemmas: Lemmatizer,
    #[serde(default)]
    dev: serde_json::Value,
    /// Word-cluster features (`Tagger::train`'s `clusters`); written only
    /// when on, so that a tagger without them keeps its old bytes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    clusters: bool,
}

#[derive(Debug, Clone)]
pub struct Tagger {
    model: Model,
    /// Second pass: also sees the first pass's tags of the next two words.
    second: Option<Model>,
    upos: Vec<String>,
    xpos: Vec<String>,
    tagdict: HashMap<String, u16>,
    lemmas: Lemmatizer,
    meta_dev: serde_json::Value,
    clusters: bool,
}

/// A tagged word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag(pub u16);

/// The normalised form the features see: lower case, digits folded.
pub fn normalize(word: &str) -> String {
    normal_form(word).into_owned()
}

/// `normalize`, borrowing the word when it is already in normal form (most
/// words are), so that tagging a sentence allocates little.
pub fn normal_form(word: &str) -> Cow<'_, str> {
    if word.chars().all(|c| c.is_ascii_digit()) {
        return Cow::Borrowed(if word.len() == 4 { "!YEAR" } else { "!DIGITS" });
    }
    if word.chars().any(|c| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_digit() || ",.:/-".contains(c)) {
        return Cow::Borrowed("!NUM");
    }
    lower(word)
}

const START: &str = "-START-";
const START2: &str = "-START2-";
const END: &str = "-END-";
const END2: &str = "-END2-";

/// What every pass of one tagger shares: its tag dictionary, its tag names
/// and whether it reads word clusters.
#[derive(Clone, Copy)]
struct Setup<'a> {
    tagdict: &'a HashMap<String, u16>,
    xpos: &'a [String],
    clusters: bool,
}

/// Features of word `i`; `norms` are the normalised forms, `shapes` the word
/// shapes. With `clusters`, the word's and its neighbours' clusters replace
/// three weak cues (first and last letter, the next word's shape): they
/// help most on words rare in training, the cross-domain case.
#[allow(clippy::too_many_arguments)]
fn features<N: AsRef<str>, S: AsRef<str>>(
    norms: &[N],
    shapes: &[S],
    i: usize,
    p1: &str,
    p2: &str,
    clusters: bool,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = norms[i].as_ref();
    let get = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            if j == -1 {
                START
            } else {
                START2
            }
        } else if j as usize >= norms.len() {
            if j as usize == norms.len() {
                END
            } else {
                END2
            }
        } else {
            norms[j as usize].as_ref()
        }
    };
    let (m1, m2, n1, n2) = (get(-1), get(-2), get(1), get(2));
    out.push(feat(0, &[]));
    out.push(feat(1, &[suffix(w, 3)]));
    if !clusters {
        out.push(feat(2, &[prefix(w, 1)]));
    }
    out.push(feat(3, &[p1]));
    out.push(feat(4, &[p2]));
    out.push(feat(5, &[p1, p2]));
    out.push(feat(6, &[w]));
    out.push(feat(7, &[p1, w]));
    out.push(feat(8, &[m1]));
    out.push(feat(9, &[suffix(m1, 3)]));
    out.push(feat(10, &[m2]));
    out.push(feat(11, &[n1]));
    out.push(feat(12, &[suffix(n1, 3)]));
    out.push(feat(13, &[n2]));
    let sh = shapes[i].as_ref();
    out.push(feat(14, &[sh]));
    out.push(feat(15, &[suffix(w, 2)]));
    out.push(feat(16, &[suffix(w, 4)]));
    out.push(feat(17, &[prefix(w, 3)]));
    out.push(feat(18, &[m1, w]));
    out.push(feat(19, &[w, n1]));
    if !clusters {
        out.push(feat(20, &[suffix(w, 1)]));
    }
    out.push(feat(21, &[sh, if i == 0 { "first" } else { "" }]));
    out.push(feat(22, &[p1, suffix(w, 3)]));
    if !clusters {
        out.push(feat(23, &[shapes.get(i + 1).map_or(END, AsRef::as_ref)]));
        return;
    }
    // A word with no cluster gets a value of its own.
    let fine = |x: &str| clusters::get(x).map_or(u64::MAX, |c| u64::from(c.0));
    let (cw, coarse) = clusters::get(w).map_or((u64::MAX, u64::MAX), |c| (u64::from(c.0), u64::from(c.1)));
    out.push(Hasher::new(24).num(cw).finish());
    out.push(Hasher::new(25).num(coarse).finish());
    out.push(Hasher::new(26).num(fine(m1)).finish());
    out.push(Hasher::new(27).num(fine(n1)).finish());
    out.push(Hasher::new(28).num(fine(n2)).finish());
    out.push(Hasher::new(29).str(p1).num(cw).finish());
}

/// Second-pass features: the first pass's tags around word `i`.
fn lookahead<N: AsRef<str>>(norms: &[N], ahead: &[&str], i: usize, p1: &str, out: &mut Vec<u64>) {
    let at = |k: usize| ahead.get(k).copied().unwrap_or(END);
    let (t0, n1, n2) = (at(i), at(i + 1), at(i + 2));
    out.push(feat(40, &[t0]));
    out.push(feat(41, &[n1]));
    out.push(feat(42, &[n1, n2]));
    out.push(feat(43, &[norms[i].as_ref(), n1]));
    out.push(feat(44, &[p1, n1]));
    out.push(feat(45, &[t0, n1]));
}

/// One left-to-right pass of `model` (with lookahead tags for the second).
fn run_pass(
    model: &Model,
    setup: Setup,
    norms: &[impl AsRef<str>],
    shapes: &[impl AsRef<str>],
    ahead: Option<&[&str]>,
    feats: &mut Vec<u64>,
    scores: &mut Vec<f32>,
) -> Vec<Tag> {
    let mut out = Vec::with_capacity(norms.len());
    let (mut p1, mut p2) = (START, START2);
    for i in 0..norms.len() {
        let c = match setup.tagdict.get(norms[i].as_ref()) {
            Some(&c) => c as usize,
            None => {
                features(norms, shapes, i, p1, p2, setup.clusters, feats);
                if let Some(a) = ahead {
                    lookahead(norms, a, i, p1, feats);
                }
                model.predict(feats, scores)
            }
        };
        out.push(Tag(c as u16));
        p2 = p1;
        p1 = setup.xpos.get(c).map_or("", String::as_str);
    }
    out
}

/// Train one pass's model over `train` (with first-pass tags for the second).
fn train_pass(
    train: &[Sentence],
    class_of: &HashMap<String, usize>,
    setup: Setup,
    iterations: usize,
    seed: u64,
    ahead: Option<&[Vec<String>]>,
    progress: &mut dyn FnMut(usize, f64),
) -> Model {
    let mut trainer = Trainer::new(setup.xpos.len());
    let mut passes = Passes::new(train.len(), seed);
    let mut feats = Vec::new();
    let mut scores = Vec::new();
    for it in 0..iterations {
        let (mut right, mut total) = (0usize, 0usize);
        for si in passes.next_order() {
            let s = &train[si];
            let norms: Vec<String> = s.tokens.iter().map(|t| normalize(&t.form)).collect();
            let shapes: Vec<String> = s.tokens.iter().map(|t| shape(&t.form)).collect();
            let a: Option<Vec<&str>> = ahead
                .and_then(|a| a.get(si))
                .map(|v| v.iter().map(String::as_str).collect());
            let (mut p1, mut p2) = (START, START2);
            for (i, tok) in s.tokens.iter().enumerate() {
                let truth = class_of[&format!("{}|{}", tok.upos, tok.xpos)];
                let guess = match setup.tagdict.get(&norms[i]) {
                    Some(&c) => c as usize,
                    None => {
                        features(&norms, &shapes, i, p1, p2, setup.clusters, &mut feats);
                        if let Some(a) = &a {
                            lookahead(&norms, a, i, p1, &mut feats);
                        }
                        trainer.tick();
                        trainer.score(&feats, &mut scores);
                        let g = argmax(&scores);
                        trainer.update(&feats, truth, g);
                        g
                    }
                };
                right += usize::from(guess == truth);
                total += 1;
                // Train on the model's own previous tags, as at run time.
                p2 = p1;
                p1 = setup.xpos.get(guess).map_or("", String::as_str);
            }
        }
        progress(it, right as f64 / total.max(1) as f64);
    }
    // Keep features seen in at least two examples (counts add up over passes).
    trainer.finish(1e-3, 2 * iterations as u32)
}

impl Tagger {
    pub fn upos(&self, t: Tag) -> &str {
        self.upos.get(t.0 as usize).map_or("X", String::as_str)
    }
    pub fn xpos(&self, t: Tag) -> &str {
        self.xpos.get(t.0 as usize).map_or("XX", String::as_str)
    }
    pub fn lemma(&self, word: &str, t: Tag) -> String {
        self.lemmas.lemma(word, self.xpos(t), self.upos(t))
    }
    pub fn nclasses(&self) -> usize {
        self.upos.len()
    }
    pub fn dev_figures(&self) -> &serde_json::Value {
        &self.meta_dev
    }

    /// Tag one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        let norms: Vec<Cow<str>> = words.iter().map(|w| normal_form(w)).collect();
        let shapes = Shapes::of(words, false);
        let shapes = shapes.all();
        let mut feats = Vec::with_capacity(40);
        let mut scores = Vec::with_capacity(self.nclasses());
        let setup = self.setup();
        let first = run_pass(&self.model, setup, &norms, &shapes, None, &mut feats, &mut scores);
        let Some(second) = &self.second else { return first };
        let ahead: Vec<&str> = first.iter().map(|&t| self.xpos(t)).collect();
        run_pass(second, setup, &norms, &shapes, Some(&ahead), &mut feats, &mut scores)
    }

    fn setup(&self) -> Setup<'_> {
        Setup {
            tagdict: &self.tagdict,
            xpos: &self.xpos,
            clusters: self.clusters,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let classes = self
            .upos
            .iter()
            .zip(&self.xpos)
            .map(|(u, x)| format!("{u}|{x}"))
            .collect();
        let meta = Meta {
            kind: "tagger".into(),
            classes,
            tagdict: self.tagdict.clone(),
            lemmas: self.lemmas.clone(),
            dev: self.meta_dev.clone(),
            clusters: self.clusters,
        };
        let a = self.model.to_bytes(&serde_json::to_value(meta).unwrap_or_default());
        let b = self
            .second
            .as_ref()
            .map(|m| m.to_bytes(&serde_json::json!({"kind": "tagger-second"})));
        pack_stages(a, b)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let (first, second) = unpack_stages(bytes)?;
        let second = second.map(|b| Model::from_bytes(b).map(|m| m.0)).transpose()?;
        let (model, meta) = Model::from_bytes(first)?;
        let meta: Meta = serde_json::from_value(meta).map_err(|e| ModelError::Meta(e.to_string()))?;
        check_kind(&meta.kind, "tagger")?;
        let (upos, xpos) = meta
            .classes
            .iter()
            .map(|c| {
                let (u, x) = c.split_once('|').unwrap_or((c, c));
                (u.to_string(), x.to_string())
            })
            .unzip();
        Ok(Tagger {
            model,
            second,
            upos,
            xpos,
            tagdict: meta.tagdict,
            lemmas: meta.lemmas,
            meta_dev: meta.dev,
            clusters: meta.clusters,
        })
    }

    /// Train on `train`; `iterations` passes, shuffled with `seed`; with
    /// `clusters`, reading word clusters (see [`features`]).
    pub fn train(
        train: &[Sentence],
        iterations: usize,
        seed: u64,
        clusters: bool,
        mut progress: impl FnMut(usize, f64),
    ) -> Tagger {
        let mut class_of: HashMap<String, usize> = HashMap::default();
        let mut classes: Vec<String> = Vec::new();
        for s in train {
            for t in &s.tokens {
                let c = format!("{}|{}", t.upos, t.xpos);
                if !class_of.contains_key(&c) {
                    class_of.insert(c.clone(), classes.len());
                    classes.push(c);
                }
            }
        }
        let tagdict = build_tagdict(train, &class_of);
        let (upos, xpos): (Vec<String>, Vec<String>) = classes
            .iter()
            .map(|c| {
                let (u, x) = c.split_once('|').unwrap_or((c, c));
                (u.to_string(), x.to_string())
            })
            .unzip();
        let setup = Setup {
            tagdict: &tagdict,
            xpos: &xpos,
            clusters,
        };
        let model = train_pass(train, &class_of, setup, iterations, seed, None, &mut progress);
        // The second pass learns from first-pass tags made on text the first
        // pass did not train on (5-fold jackknife), as at run time.
        const FOLDS: usize = 5;
        let mut ahead: Vec<Vec<String>> = vec![Vec::new(); train.len()];
        for k in 0..FOLDS {
            let rest = super::features::all_but_fold(train, k, FOLDS);
            let m = train_pass(
                &rest,
                &class_of,
                setup,
                iterations,
                seed + 1 + k as u64,
                None,
                &mut |_, _| {},
            );
            let mut feats = Vec::new();
            let mut scores = Vec::new();
            for (i, s) in train.iter().enumerate().filter(|(i, _)| i % FOLDS == k) {
                let norms: Vec<String> = s.tokens.iter().map(|t| normalize(&t.form)).collect();
                let shapes: Vec<String> = s.tokens.iter().map(|t| shape(&t.form)).collect();
                ahead[i] = run_pass(&m, setup, &norms, &shapes, None, &mut feats, &mut scores)
                    .into_iter()
                    .map(|t| xpos.get(t.0 as usize).cloned().unwrap_or_default())
                    .collect();
            }
        }
        let second = train_pass(train, &class_of, setup, iterations, seed, Some(&ahead), &mut progress);
        Tagger {
            model,
            second: Some(second),
            upos,
            xpos,
            tagdict,
            lemmas: Lemmatizer::train(train),
            meta_dev: serde_json::Value::Null,
            clusters,
        }
    }

    pub fn set_dev_figures(&mut self, v: serde_json::Value) {
        self.meta_dev = v;
    }
}

/// Words seen at least 20 times with one tag ≥ 97% of the time.
fn build_tagdict(train: &[Sentence], class_of: &HashMap<String, usize>) -> HashMap<String, u16> {
    let mut counts: HashMap<String, HashMap<usize, usize>> = HashMap::default();
    for s in train {
        for t in &s.tokens {
            let c = class_of[&format!("{}|{}", t.upos, t.xpos)];
            *counts.entry(normalize(&t.form)).or_default().entry(c).or_default() += 1;
        }
    }
    let mut dict = HashMap::default();
    for (w, cs) in counts {
        let n: usize = cs.values().sum();
        if let Some((&c, &k)) = cs.iter().max_by_key(|(c, k)| (**k, std::cmp::Reverse(**c))) {
            if n >= 20 && k * 100 >= n * 97 {
                dict.insert(w, c as u16);
            }
        }
    }
    dict
}

/// Lemmas: exceptions seen in training, else suffix rules per XPOS.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Lemmatizer {
    /// "form|XPOS" (form lower-cased) → lemma, where not the form itself.
    table: HashMap<String, String>,
    /// "XPOS|suffix" → (characters to strip, text to add).
    rules: HashMap<String, (u8, String)>,
}

impl Lemmatizer {
    pub fn lemma(&self, word: &str, xpos: &str, upos: &str) -> String {
        let lower = word.to_lowercase();
        if let Some(l) = self.table.get(&format!("{lower}|{xpos}")) {
            return l.clone();
        }
        let base = if upos == "PROPN" {
            word.to_string()
        } else {
            lower.clone()
        };
        let n = lower.chars().count();
        for k in (1..=4.min(n.saturating_sub(1))).rev() {
            let suf = suffix(&lower, k);
            if let Some((strip, add)) = self.rules.get(&format!("{xpos}|{suf}")) {
                let keep = base.chars().count().saturating_sub(*strip as usize);
                let mut out: String = base.chars().take(keep).collect();
                out.push_str(add);
                return out;
            }
        }
        base
    }

    pub fn train(train: &[Sentence]) -> Lemmatizer {
        let mut table: HashMap<String, HashMap<String, usize>> = HashMap::default();
        let mut rules: HashMap<String, HashMap<(u8, String), usize>> = HashMap::default();
        for s in train {
            for t in &s.tokens {
                let lower = t.form.to_lowercase();
                let base = if t.upos == "PROPN" {
                    t.form.clone()
                } else {
                    lower.clone()
                };
                if t.lemma != base && t.lemma != "_" {
                    *table
                        .entry(format!("{lower}|{}", t.xpos))
                        .or_default()
                        .entry(t.lemma.clone())
                        .or_default() += 1;
                }
                // Rewrite rule: strip the part after the common prefix, add the lemma's rest.
                let lemma_l: Vec<char> = t.lemma.to_lowercase().chars().collect();
                let form_c: Vec<char> = lower.chars().collect();
                let common = form_c.iter().zip(&lemma_l).take_while(|(a, b)| a == b).count();
                if common == 0 || form_c.len() - common > 4 {
                    continue;
                }
                let strip = (form_c.len() - common) as u8;
                let add: String = lemma_l[common..].iter().collect();
                for k in 1..=4.min(form_c.len().saturating_sub(1)) {
                    if k < strip as usize {
                        continue;
                    }
                    let suf: String = form_c[form_c.len() - k..].iter().collect();
                    *rules
                        .entry(format!("{}|{suf}", t.xpos))
                        .or_default()
                        .entry((strip, add.clone()))
                        .or_default() += 1;
                }
            }
        }
        let table = table
            .into_iter()
            .filter_map(|(k, v)| {
                v.into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|(l, _)| (k, l))
            })
            .collect();
        let rules = rules
            .into_iter()
            .filter_map(|(k, v)| {
                let total: usize = v.values().sum();
                let (rule, n) = v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                // Keep rules that change something and are reliable.
                (n * 10 >= total * 6 && n >= 2 && (rule.0 > 0 || !rule.1.is_empty())).then_some((k, rule))
            })
            .collect();
        Lemmatizer { table, rules }
    }
}
