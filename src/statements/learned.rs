//! Learned attribution: every token gets one role — source, cue, content or
//! none — from a greedy averaged-perceptron labeller over the backbone's
//! layers, and the labelled runs are then linked into statements.
//!
//! Why a token labeller: PolNeAR marks each token with at most one role in
//! at most one attribution, so one BIO sequence over the document holds the
//! whole annotation, content running across sentences included.
//!
//! Two stages, as in the NER: the first sees words, part of speech, cue
//! lexicon, quotation marks, mentions and what the rule extractor found; the
//! second also sees the first stage's labels on both sides (trained on
//! jackknifed output), which gives it the lookahead a left-to-right labeller
//! lacks — content before ", he said" is content because of what follows.

use serde::{Deserialize, Serialize};

use super::cues::{self, CueClass};
use crate::backbone::features::{all_but_fold, Hasher, Passes};
use crate::backbone::perceptron::{check_kind, pack_stages, unpack_stages, Model, ModelError, Trainer, Weights};
use crate::document::{Document, MentionKind, Span, TokenKind};

/// Labels: O, then B/I for source, cue, content.
pub const LABELS: [&str; 7] = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CNT", "I-CNT"];
const NL: usize = LABELS.len();
pub const SRC: u8 = 1;
pub const CUE: u8 = 2;
pub const CNT: u8 = 3;

/// Role of a label: 0 none, 1 source, 2 cue, 3 content.
pub fn role(label: u8) -> u8 {
    label.div_ceil(2)
}

/// The label of a role (SRC, CUE, CNT): its B label, or its I label.
pub fn label_of(role: u8, begin: bool) -> u8 {
    if begin {
        2 * role - 1
    } else {
        2 * role
    }
}

/// Label tokens `range` one run of `role`: its first token B, the rest
/// I (tokens past the end of `labels` are skipped).
pub fn mark_run(labels: &mut [u8], role: u8, range: std::ops::Range<usize>) {
    let start = range.start;
    for (k, l) in labels.iter_mut().enumerate().take(range.end).skip(start) {
        *l = label_of(role, k == start);
    }
}

fn begins(label: u8) -> bool {
    label % 2 == 1
}

/// Can `label` follow `prev`? (An inside label continues its own role.)
fn allowed(prev: u8, label: u8) -> bool {
    label == 0 || begins(label) || role(prev) == role(label)
}

/// What the labeller sees of a document, computed once from its layers.
pub struct Inputs {
    words: Vec<String>,
    pos: Vec<&'static str>,
    /// Cue-lexicon class of each token (0: none).
    cue: Vec<u8>,
    /// 0 outside quotes, 1 inside, 2 a quote mark.
    quote: Vec<u8>,
    /// Role the rule extractor gave the token.
    rule: Vec<u8>,
    /// Mention kind/type code (0: none).
    ment: Vec<u8>,
    /// Token range of each token's sentence.
    sent: Vec<(u32, u32)>,
    para_first: Vec<bool>,
    /// Nearest cue-lexicon word and nearest rule cue, left and right.
    cue_near: Vec<[(u64, u8); 2]>,
    rule_near: Vec<[(u64, u8); 2]>,
    /// Lemma of verbs, auxiliaries and nouns (empty for other words).
    lemma: Vec<String>,
}

impl Inputs {
    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The cue-lexicon class of a word: 1 say, 2 that, 3 as, 4 to, 5 about,
/// 6 a bare "-ing" cue, 7 a source marker ("according to", "laut"), 8 a
/// German Konjunktiv form, 9 a weak English cue verb (one the rules leave
/// alone: "blamed", "hailed", "disputes"), 0 none.
fn cue_code(norm: &str, next: &str, lang: &str) -> u8 {
    if lang == "de" {
        let words = crate::lexicon::cue_words_de();
        // "nach Angaben der Polizei", "nach ersten Meldungen": "nach" opens
        // a source phrase when a source noun follows it (`next` is the
        // noun after its articles and adjectives: see `inputs`).
        if norm == "nach" && is_source_noun_de(next) {
            return 7;
        }
        return match words.get(norm).copied() {
            None => 0,
            Some("that") => 2,
            Some("as") => 3,
            Some("to") => 4,
            Some("about") => 5,
            Some("source") => 7,
            Some("nach") => 0,
            Some("subj") => 8,
            Some(_) => 1,
        };
    }
    if norm == "according" && next == "to" {
        return 7;
    }
    match cues::lookup(norm) {
        None if cues::is_weak(norm) => 9,
        None => 0,
        Some(c) if c.gerund => 6,
        Some(c) => match c.class {
            CueClass::Say => 1,
            CueClass::That => 2,
            CueClass::As => 3,
            CueClass::To => 4,
            CueClass::About => 5,
        },
    }
}

/// The word a cue code reads after token `i`: the next one, but for German
/// "nach" the first word past at most three lower-case ones ("nach ersten
/// Untersuchungen", "nach einer Studie der UNO"). Nouns are capitalised in
/// German, so the words skipped are its articles, possessives and
/// adjectives.
fn next_for_cue<'a>(doc: &'a Document, i: usize, lang: &str) -> &'a str {
    if lang != "de" || doc.norm(i) != "nach" {
        return doc.norm(i + 1);
    }
    for k in i + 1..(i + 5).min(doc.tokens.len()) {
        match doc.token_text(k).chars().next() {
            Some(c) if c.is_lowercase() => continue,
            Some(c) if c.is_uppercase() => return doc.norm(k),
            _ => break,
        }
    }
    ""
}

/// German: is `word` a noun that names a source after "nach"
/// (`resources/cue_words_de.tsv`, classes source and nach), itself or as
/// the last part of a compound ("Polizeiangaben")?
pub(crate) fn is_source_noun_de(word: &str) -> bool {
    let w = word.to_lowercase();
    crate::lexicon::cue_words_de()
        .iter()
        .any(|(k, class)| matches!(*class, "source" | "nach") && k.len() >= 5 && w.ends_with(*k))
}

/// Inputs of a document after segmentation, tagging, entities and the rule
/// extractor have run (their statements are in `doc.statements`). `lang`
/// picks the cue lexicon.
pub fn inputs(doc: &Document, lang: &str) -> Inputs {
    let n = doc.tokens.len();
    let words: Vec<String> = (0..n)
        .map(|i| {
            let w = doc.norm(i);
            if w.chars().any(|c| c.is_ascii_digit()) {
                crate::backbone::features::shape(w)
            } else {
                w.to_string()
            }
        })
        .collect();
    let pos = (0..n).map(|i| crate::backbone::annotate::xpos(doc, i)).collect();
    let cue: Vec<u8> = (0..n)
        .map(|i| cue_code(doc.norm(i), next_for_cue(doc, i, lang), lang))
        .collect();
    let mut quote = vec![0u8; n];
    for q in &doc.quotations {
        let a = doc.token_at_or_after(q.inner.start);
        let b = doc.token_at_or_after(q.inner.end);
        for x in quote.iter_mut().take(b).skip(a) {
            *x = 1;
        }
    }
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.kind == TokenKind::Quote {
            quote[i] = 2;
        }
    }
    let mut rule = vec![0u8; n];
    let mut mark = |span: Span, r: u8| {
        let a = doc.token_at_or_after(span.start);
        let b = doc.token_at_or_after(span.end);
        for x in rule.iter_mut().take(b).skip(a) {
            *x = r;
        }
    };
    for s in &doc.statements {
        for c in &s.content {
            mark(*c, CNT);
        }
        if let Some(c) = s.cue {
            mark(c, CUE);
        }
        if let Some(c) = s.speaker {
            mark(c, SRC);
        }
    }
    let mut ment = vec![0u8; n];
    // Age descriptions ("the 32-year-old") and epithets ("the defender")
    // came after this model: it reads them as the words they are. Retrained
    // with ages as descriptions it scored PolNeAR dev 0.721 / 0.639
    // (overlap / overlap+speaker) against 0.723 / 0.648, and with epithets
    // too (and role words used as adjectives no descriptions) 0.724 / 0.644
    // against 0.722 / 0.648 — within retraining noise, no gain to ship.
    for m in doc
        .mentions
        .iter()
        .filter(|m| !crate::entities::nominals::unseen_by_attribution(m))
    {
        let code = match m.kind {
            MentionKind::Pronoun => 1,
            MentionKind::Nominal => 2,
            MentionKind::Name => 3 + m.etype.map_or(0, |t| t as u8 + 1),
        };
        for x in ment.iter_mut().take(m.tokens.end).skip(m.tokens.start) {
            *x = code;
        }
    }
    let mut sent = vec![(0u32, 0u32); n];
    for s in &doc.sentences {
        for x in sent.iter_mut().take(s.tokens.end).skip(s.tokens.start) {
            *x = (s.tokens.start as u32, s.tokens.end as u32);
        }
    }
    let mut para_first = vec![false; n];
    for p in &doc.paragraphs {
        if let Some(x) = para_first.get_mut(doc.token_at_or_after(p.start)) {
            *x = true;
        }
    }
    let cue_near = near_all(&sent, &cue, |c| c != 0);
    let rule_near = near_all(&sent, &rule, |r| r == CUE);
    let tagger = crate::backbone::models::tagger().ok();
    let lemma = (0..n)
        .map(|i| match (tagger, doc.pos.get(i)) {
            (Some(t), Some(&p)) if matches!(t.upos(crate::backbone::tagger::Tag(p)), "VERB" | "NOUN" | "AUX") => {
                t.lemma(doc.token_text(i), crate::backbone::tagger::Tag(p))
            }
            _ => String::new(),
        })
        .collect();
    Inputs {
        words,
        pos,
        cue,
        quote,
        rule,
        ment,
        sent,
        para_first,
        cue_near,
        rule_near,
        lemma,
    }
}

/// Distance bucket: 1, 2, 3, 4, 5-7, 8-15, 16+.
fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=15 => 6,
        _ => 7,
    }
}

/// For every token, the nearest token in its sentence to the left and to
/// the right for which `want` holds: (distance bucket, its value), (0, 0)
/// when there is none. Two linear sweeps.
fn near_all(sent: &[(u32, u32)], vals: &[u8], want: impl Fn(u8) -> bool) -> Vec<[(u64, u8); 2]> {
    let n = vals.len();
    let mut out = vec![[(0u64, 0u8); 2]; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        if last.is_some_and(|k| (k as u32) < sent[i].0) {
            last = None;
        }
        if let Some(k) = last {
            out[i][0] = (bucket(i - k), vals[k]);
        }
        if want(vals[i]) {
            last = Some(i);
        }
    }
    let mut next: Option<usize> = None;
    for i in (0..n).rev() {
        if next.is_some_and(|k| k as u32 >= sent[i].1) {
            next = None;
        }
        if let Some(k) = next {
            out[i][1] = (bucket(k - i), vals[k]);
        }
        if want(vals[i]) {
            next = Some(i);
        }
    }
    out
}

/// The first stage's labels as the second stage sees them.
struct First<'a> {
    labels: &'a [u8],
    roles: Vec<u8>,
    cue: Vec<[(u64, u8); 2]>,
    src: Vec<[(u64, u8); 2]>,
    cnt: Vec<[(u64, u8); 2]>,
}

impl<'a> First<'a> {
    fn new(inp: &Inputs, labels: &'a [u8]) -> Self {
        let roles: Vec<u8> = labels.iter().map(|&l| role(l)).collect();
        First {
            labels,
            cue: near_all(&inp.sent, &roles, |x| x == CUE),
            src: near_all(&inp.sent, &roles, |x| x == SRC),
            cnt: near_all(&inp.sent, &roles, |x| x == CNT),
            roles,
        }
    }
}

impl First<'_> {
    /// The first stage labelled nothing in token `i`'s sentence and nothing
    /// within three tokens of it. There, after an `O`, the second stage
    /// says `O` too, so `decode` does not score it. This is a shortcut, not
    /// an identity: it was checked to leave the output byte-identical on
    /// the BBC set, PolNeAR dev, German dev and the seed, and it saves
    /// about 8% of the learned stage's time.
    fn quiet(&self, i: usize) -> bool {
        let none = [(0u64, 0u8); 2];
        self.labels.get(i) == Some(&0)
            && [&self.cue, &self.src, &self.cnt]
                .iter()
                .all(|v| v.get(i) == Some(&none))
            && self
                .roles
                .get(i.saturating_sub(3)..(i + 4).min(self.roles.len()))
                .is_some_and(|w| w.iter().all(|&r| r == 0))
    }
}

struct Feats<'a> {
    inp: &'a Inputs,
    i: usize,
}

impl<'a> Feats<'a> {
    fn w(&self, d: isize) -> &'a str {
        self.at(d).map_or("<s>", |k| self.inp.words[k].as_str())
    }
    fn p(&self, d: isize) -> &str {
        self.at(d).map_or("<s>", |k| self.inp.pos[k])
    }
    fn v(&self, vals: &[u8], d: isize) -> u64 {
        self.at(d).map_or(9, |k| vals[k] as u64)
    }
    fn at(&self, d: isize) -> Option<usize> {
        let k = self.i as isize + d;
        (k >= 0 && (k as usize) < self.inp.len()).then_some(k as usize)
    }
}

/// How many features of a token depend only on the input (see `fixed_features`).
const NFIXED: usize = 35;

/// The features of token `i` that do not depend on any label: computed once
/// per token and shared by both stages at inference. They are kept in the
/// order `features` interleaves them with the label features, because the
/// scores are sums of floats, and a different order could round differently.
fn fixed_features(inp: &Inputs, i: usize) -> [u64; NFIXED] {
    let f = Feats { inp, i };
    let h = Hasher::new;
    let (sa, sb) = inp.sent.get(i).map_or((0, 0), |&(a, b)| (a as usize, b as usize));
    let spos = spos(inp, i);
    let q = inp.quote[i] as u64;
    let cue_lr = inp.cue_near[i];
    let rule_cue = inp.rule_near[i];
    let w0 = f.w(0);
    // The lemma of a verb or noun carries what a cue word means across its
    // forms ("warns", "warned", "warning"), with the next word for
    // multi-word cues ("warn of"); other words stand for themselves.
    // (Measured: an empty lemma for them instead scored 0.7 points lower.)
    let l0 = lemma_or_word(inp, i);
    [
        h(0).finish(),
        h(1).str(w0).finish(),
        h(2).str(f.w(-1)).finish(),
        h(3).str(f.w(1)).finish(),
        h(4).str(f.w(-2)).finish(),
        h(5).str(f.w(2)).finish(),
        h(6).str(f.p(0)).finish(),
        h(7).str(f.p(-1)).str(f.p(0)).finish(),
        h(8).str(f.p(0)).str(f.p(1)).finish(),
        h(9).str(f.p(-1)).str(f.p(0)).str(f.p(1)).finish(),
        h(10).str(f.p(-2)).str(f.p(-1)).finish(),
        h(11).str(f.p(1)).str(f.p(2)).finish(),
        h(12).str(crate::backbone::features::suffix(w0, 3)).finish(),
        h(13).num(f.v(&inp.cue, 0)).finish(),
        h(14).num(f.v(&inp.cue, -1)).num(f.v(&inp.cue, 1)).finish(),
        h(15).num(q).finish(),
        h(16).num(q).num(f.v(&inp.quote, 1)).num(f.v(&inp.quote, -1)).finish(),
        h(17).num(f.v(&inp.rule, 0)).finish(),
        h(18)
            .num(f.v(&inp.rule, -1))
            .num(f.v(&inp.rule, 0))
            .num(f.v(&inp.rule, 1))
            .finish(),
        h(19).num(f.v(&inp.ment, 0)).finish(),
        h(20).num(f.v(&inp.ment, -1)).num(f.v(&inp.ment, 1)).finish(),
        h(21).num(cue_lr[0].0).num(cue_lr[0].1 as u64).finish(),
        h(22).num(cue_lr[1].0).num(cue_lr[1].1 as u64).finish(),
        h(23).num(cue_lr[0].0).num(cue_lr[1].0).str(f.p(0)).finish(),
        h(24).num(rule_cue[0].0).num(rule_cue[1].0).finish(),
        h(25).num(spos).num(u64::from(inp.para_first[i])).finish(),
        // FIXED_A: the label features h26-h33 go here
        h(36).num(f.v(&inp.ment, 0)).num(cue_lr[1].0).finish(),
        h(37).str(w0).num(cue_lr[0].0).finish(),
        h(38).str(w0).num(cue_lr[1].0).finish(),
        h(39).str(f.p(0)).num(q).num(cue_lr[0].0).num(cue_lr[1].0).finish(),
        // FIXED_B: h55
        h(57).str(f.w(-3)).finish(),
        h(58).str(f.w(3)).finish(),
        h(59)
            .num(bucket(i - sa))
            .num(bucket(sb.saturating_sub(i)))
            .num(q)
            .finish(),
        h(77).str(l0).finish(),
        h(78).str(l0).str(f.w(1)).finish(),
        // h79, then the second stage's features
    ]
}

/// Where the label features go among the fixed ones (see `fixed_features`).
const FIXED_A: usize = 26;
const FIXED_B: usize = 30;

/// 1 at the first token of a sentence, 2 at its last, else 0.
fn spos(inp: &Inputs, i: usize) -> u64 {
    let (sa, sb) = inp.sent.get(i).map_or((0, 0), |&(a, b)| (a as usize, b as usize));
    if i == sa {
        1
    } else if i + 1 == sb {
        2
    } else {
        0
    }
}

fn lemma_or_word(inp: &Inputs, i: usize) -> &str {
    match inp.lemma.get(i).map_or("", String::as_str) {
        "" => Feats { inp, i }.w(0),
        l => l,
    }
}

/// Features of token `i`, given its fixed features, the two labels before
/// it and, in the second stage, the first stage's labels.
fn features(inp: &Inputs, i: usize, fx: &[u64; NFIXED], prev: [u8; 2], first: Option<&First>, out: &mut Vec<u64>) {
    out.clear();
    let f = Feats { inp, i };
    let (y1, y2) = (prev[0] as u64, prev[1] as u64);
    let h = Hasher::new;
    let spos = spos(inp, i);
    let q = inp.quote[i] as u64;
    let cue_lr = inp.cue_near[i];
    let w0 = f.w(0);
    let (fa, rest) = fx.split_at(FIXED_A);
    let (fb, fc) = rest.split_at(FIXED_B - FIXED_A);
    out.extend_from_slice(fa);
    out.extend_from_slice(&[
        h(26).num(y1).finish(),
        h(27).num(y1).num(y2).finish(),
        h(28).num(y1).str(w0).finish(),
        h(29).num(y1).str(f.p(0)).finish(),
        h(30).num(y1).num(q).num(spos).finish(),
        h(31).num(y1).num(f.v(&inp.cue, 0)).finish(),
        h(32).num(y1).num(cue_lr[1].0).num(cue_lr[1].1 as u64).finish(),
        h(33).num(y1).num(f.v(&inp.rule, 0)).finish(),
    ]);
    out.extend_from_slice(fb);
    out.push(h(55).num(y1).str(f.p(1)).finish());
    out.extend_from_slice(fc);
    out.push(h(79).num(y1).str(lemma_or_word(inp, i)).finish());
    let Some(first) = first else { return };
    let s1 = first.labels;
    let r = |d: isize| f.at(d).map_or(9, |k| first.roles[k] as u64);
    let (near_cue, near_src, near_cnt) = (first.cue[i], first.src[i], first.cnt[i]);
    out.extend_from_slice(&[
        h(40).num(s1[i] as u64).finish(),
        h(41).num(r(-1)).num(s1[i] as u64).finish(),
        h(42).num(s1[i] as u64).num(r(1)).finish(),
        h(43).num(r(-2)).num(r(-1)).finish(),
        h(44).num(r(1)).num(r(2)).finish(),
        h(45).num(r(3)).num(r(-3)).finish(),
        h(46).num(near_cue[0].0).num(near_cue[1].0).finish(),
        h(47).num(near_src[0].0).num(near_src[1].0).finish(),
        h(48).num(near_cnt[0].0).num(near_cnt[1].0).num(s1[i] as u64).finish(),
        h(49).num(y1).num(s1[i] as u64).finish(),
        h(50).num(y1).num(r(1)).finish(),
        h(51).num(s1[i] as u64).str(w0).finish(),
        h(52).num(s1[i] as u64).num(q).num(spos).finish(),
    ]);
}

/// Greedy left-to-right labelling under the BIO constraint.
fn decode(model: &Model, inp: &Inputs, fixed: &[[u64; NFIXED]], first: Option<&[u8]>) -> Vec<u8> {
    let first = first.map(|l| First::new(inp, l));
    let first = first.as_ref();
    let mut out = Vec::with_capacity(inp.len());
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; NL];
    let mut prev = [0u8; 2];
    for (i, fx) in fixed.iter().enumerate() {
        if prev[0] == 0 && first.is_some_and(|f| f.quiet(i)) {
            out.push(0);
            prev = [0, prev[0]];
            continue;
        }
        features(inp, i, fx, prev, first, &mut feats);
        scores.iter_mut().for_each(|x| *x = 0.0);
        model.score(&feats, &mut scores);
        let best = (0..NL as u8)
            .filter(|&l| allowed(prev[0], l))
            .max_by(|&a, &b| scores[a as usize].total_cmp(&scores[b as usize]))
            .unwrap_or(0);
        out.push(best);
        prev = [best, prev[0]];
    }
    out
}

#[derive(Serialize, Deserialize)]
struct Meta {
    kind: String,
    labels: Vec<String>,
    #[serde(default)]
    dev: serde_json::Value,
    /// Language of the training data ("en" when absent): it picks the
    /// output conventions of its corpus (see `nests_quotations` and
    /// `statement_per_sentence`).
    #[serde(default)]
    lang: String,
}

/// The two-stage attribution labeller.
pub struct Attribution {
    first: Model,
    second: Model,
    dev: serde_json::Value,
    lang: String,
}

impl Attribution {
    /// Labels (indices into [`LABELS`]) for every token.
    pub fn label(&self, inp: &Inputs) -> Vec<u8> {
        let fixed: Vec<[u64; NFIXED]> = (0..inp.len()).map(|i| fixed_features(inp, i)).collect();
        let first = decode(&self.first, inp, &fixed, None);
        decode(&self.second, inp, &fixed, Some(&first))
    }

    pub fn dev_figures(&self) -> &serde_json::Value {
        &self.dev
    }

    pub fn set_dev_figures(&mut self, v: serde_json::Value) {
        self.dev = v;
    }

    /// The language the model was trained on.
    pub fn lang(&self) -> &str {
        if self.lang.is_empty() {
            "en"
        } else {
            &self.lang
        }
    }

    pub fn set_lang(&mut self, lang: &str) {
        self.lang = lang.to_string();
    }

    /// Does the training corpus mark a direct quotation inside reported
    /// speech as a statement of its own? German Wikinews does ("Der
    /// Staatsanwalt sagte, der Sohn habe sich „bewusst … stranguliert“" is
    /// two); PolNeAR gives each token one role in one attribution, so never.
    /// A token labeller cannot nest, so the nested ones are added after
    /// linking.
    pub fn nests_quotations(&self) -> bool {
        self.lang() == "de"
    }

    /// Does the training corpus give each reported sentence a statement of
    /// its own? German Wikinews does ("Dies sei eindeutig nachzuweisen."
    /// after "Der Staatsanwalt sagte, …" is a second statement, without a
    /// cue); PolNeAR keeps one attribution across sentences.
    pub fn statement_per_sentence(&self) -> bool {
        self.lang() == "de"
    }

    /// Can the entity types of the text tell who can speak? They come from
    /// the English NER, so for English text only (German nouns are all
    /// capitalised and it types them freely).
    pub fn trusts_entity_types(&self) -> bool {
        self.lang() == "en"
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let meta = Meta {
            kind: "attribution".into(),
            labels: LABELS.iter().map(|s| s.to_string()).collect(),
            dev: self.dev.clone(),
            lang: self.lang.clone(),
        };
        let a = self.first.to_bytes(&serde_json::to_value(meta).unwrap_or_default());
        let b = self.second.to_bytes(&serde_json::json!({"kind": "attribution-second"}));
        pack_stages(a, Some(b))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Attribution, ModelError> {
        let (a, b) = unpack_stages(bytes)?;
        let (first, meta) = Model::from_bytes(a)?;
        let meta: Meta = serde_json::from_value(meta).map_err(|e| ModelError::Meta(e.to_string()))?;
        check_kind(&meta.kind, "attribution")?;
        if meta.labels.len() != NL {
            return Err(ModelError::Meta(format!("{} labels, expected {NL}", meta.labels.len())));
        }
        let (second, _) = Model::from_bytes(b.ok_or(ModelError::Truncated)?)?;
        Ok(Attribution {
            first,
            second,
            dev: meta.dev,
            lang: meta.lang,
        })
    }

    /// How many training runs a language's model averages. English: five
    /// (PolNeAR dev, 2026-12-05: overlap 0.718, overlap+speaker 0.632, cue
    /// 0.648, against 0.716 / 0.625 / 0.640 for the mean of the five runs
    /// alone, and without the lottery of one seed). German: one (five
    /// averaged gave overlap+speaker 0.454 against 0.461–0.477 alone: its
    /// runs disagree more than they complement each other on 700 articles).
    pub fn runs_for(lang: &str) -> usize {
        if lang == "de" {
            1
        } else {
            5
        }
    }

    /// Train on documents with gold labels. The second stage learns from
    /// first-stage labels made by models that did not see the document.
    ///
    /// `runs` training runs with seeds `seed`, `seed + 1`, … are averaged
    /// into one model: for a linear model that is the mean of their
    /// scores, an ensemble at the run-time cost of one model (see
    /// `runs_for`).
    pub fn train(
        docs: &[(Inputs, Vec<u8>)],
        iterations: usize,
        seed: u64,
        runs: usize,
        progress: &mut dyn FnMut(String),
    ) -> Self {
        let (mut firsts, mut seconds) = (Vec::new(), Vec::new());
        for k in 0..runs.max(1) as u64 {
            progress(format!("  training run {} of {}", k + 1, runs.max(1)));
            let (f, s) = Self::train_weights(docs, iterations, seed + k, progress);
            firsts.push(f);
            seconds.push(s);
        }
        Attribution {
            first: Model::mean_of(NL, firsts, 0.0),
            second: Model::mean_of(NL, seconds, 0.0),
            dev: serde_json::Value::Null,
            lang: String::new(),
        }
    }

    /// One training run's first- and second-stage weights.
    fn train_weights(
        docs: &[(Inputs, Vec<u8>)],
        iterations: usize,
        seed: u64,
        progress: &mut dyn FnMut(String),
    ) -> (Weights, Weights) {
        use rayon::prelude::*;
        const FOLDS: usize = 5;
        let idx: Vec<usize> = (0..docs.len()).collect();
        // The five jackknife models and the full first stage are
        // independent: train them side by side (each is deterministic).
        progress(format!(
            "  first stage: {FOLDS} jackknife folds and the full model, in parallel"
        ));
        // Each returns its weights and its progress lines; the full model's
        // lines are reported once the parallel part is done.
        let (mut weights, mut logs): (Vec<Weights>, Vec<Vec<String>>) = (0..=FOLDS)
            .into_par_iter()
            .map(|k| {
                let part = if k < FOLDS {
                    all_but_fold(&idx, k, FOLDS)
                } else {
                    idx.clone()
                };
                let mut lines = Vec::new();
                let w = train_stage(docs, &part, None, iterations, seed, &mut |m| lines.push(m));
                (w, lines)
            })
            .unzip();
        for line in logs.pop().unwrap_or_default() {
            progress(line);
        }
        let first = weights.pop().unwrap_or_default();
        let models: Vec<Model> = weights.into_iter().map(|w| Model::from_weights(NL, w)).collect();
        let jack: Vec<Vec<u8>> = idx
            .par_iter()
            .map(|&d| {
                let inp = &docs[d].0;
                let fixed: Vec<[u64; NFIXED]> = (0..inp.len()).map(|i| fixed_features(inp, i)).collect();
                match models.get(d % FOLDS) {
                    Some(m) => decode(m, inp, &fixed, None),
                    None => vec![0; inp.len()],
                }
            })
            .collect();
        progress("  first stage done".into());
        let second = train_stage(docs, &idx, Some(&jack), iterations, seed, progress);
        (first, second)
    }
}

fn train_stage(
    docs: &[(Inputs, Vec<u8>)],
    which: &[usize],
    first: Option<&[Vec<u8>]>,
    iterations: usize,
    seed: u64,
    progress: &mut dyn FnMut(String),
) -> Weights {
    let mut trainer = Trainer::new(NL);
    let mut passes = Passes::new(which.len(), seed);
    let mut feats = Vec::with_capacity(64);
    let mut scores = Vec::with_capacity(NL);
    for it in 0..iterations {
        let (mut right, mut total) = (0usize, 0usize);
        for o in passes.next_order() {
            let d = which[o];
            let (inp, gold) = &docs[d];
            let s1 = first.map(|f| First::new(inp, &f[d]));
            let s1 = s1.as_ref();
            let mut prev = [0u8; 2];
            for i in 0..inp.len() {
                features(inp, i, &fixed_features(inp, i), prev, s1, &mut feats);
                trainer.tick();
                trainer.score(&feats, &mut scores);
                let guess = (0..NL as u8)
                    .filter(|&l| allowed(prev[0], l))
                    .max_by(|&a, &b| scores[a as usize].total_cmp(&scores[b as usize]))
                    .unwrap_or(0);
                // Dynamic oracle: after a wrong history, the best reachable
                // label for a gold "inside" token is the "begin" of its role.
                let truth = match gold.get(i).copied().unwrap_or(0) {
                    t if allowed(prev[0], t) => t,
                    t => t - 1,
                };
                trainer.update(&feats, truth as usize, guess as usize);
                right += usize::from(truth == guess);
                total += 1;
                prev = [guess, prev[0]];
            }
        }
        {
            progress(format!(
                "  {} pass {}: token accuracy {:.4}",
                if first.is_some() { "second" } else { "first" },
                it + 1,
                right as f64 / total.max(1) as f64
            ));
        }
    }
    // Keep features seen at least five times in the data (counts add up
    // over passes) and weights that matter: most hashed conjunctions are
    // one-offs, and dropping them shrinks the model several times over.
    // (Measured with the lemma features: three times gave a 9.1 MB model
    // and overlap F1 0.4 points higher but speaker F1 0.5 lower on PolNeAR
    // dev; five keeps the model at 7 MB, as fast as before them.)
    trainer.averaged(0.05, 5 * iterations as u32)
}

/// Gold labels of a document's tokens from attributions given as byte
/// spans (source fragments, cue fragments, content fragments).
pub fn gold_labels(doc: &Document, attributions: &[[Vec<Span>; 3]]) -> Vec<u8> {
    let mut labels = vec![0u8; doc.tokens.len()];
    for a in attributions {
        for (r, spans) in [(SRC, &a[0]), (CUE, &a[1]), (CNT, &a[2])] {
            for s in spans {
                let from = doc.token_at_or_after(s.start);
                let mut first = true;
                for (t, l) in doc.tokens.iter().zip(labels.iter_mut()).skip(from) {
                    if t.span.start >= s.end {
                        break;
                    }
                    if *l == 0 {
                        *l = if first { 2 * r - 1 } else { 2 * r };
                    }
                    first = false;
                }
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline;

    fn prepared(text: &str) -> Document {
        let mut doc = Document::new("t", text, None);
        pipeline::run_with(
            &mut doc,
            pipeline::Options {
                backbone: true,
                parse: false,
                learned: false,
                lang: pipeline::Lang::En,
            },
        );
        doc
    }

    #[test]
    fn the_cue_lexicon_follows_the_language() {
        assert_eq!(cue_code("sagte", "", "de"), 1);
        assert_eq!(cue_code("bezeichnete", "", "de"), 3);
        assert_eq!(cue_code("zufolge", "", "de"), 7);
        assert_eq!(cue_code("nach", "angaben", "de"), 7, "nach Angaben von X");
        assert_eq!(cue_code("nach", "hause", "de"), 0);
        assert_eq!(cue_code("sei", "", "de"), 8, "Konjunktiv I marks reported speech");
        assert_eq!(cue_code("sagte", "", "en"), 0);
        assert_eq!(cue_code("said", "", "de"), 0);
        assert_eq!(cue_code("said", "", "en"), 1);
        assert_eq!(cue_code("according", "to", "en"), 7);
    }

    #[test]
    fn nach_marks_a_source_when_a_source_noun_follows_its_articles_and_adjectives() {
        let doc = prepared("Nach ersten Meldungen bebte die Erde nach dem Spiel, nach Polizeiangaben um acht Uhr.");
        let cue = inputs(&doc, "de").cue;
        let at = |word: &str, nth: usize| {
            let k = (0..doc.tokens.len())
                .filter(|&k| doc.norm(k) == word)
                .nth(nth)
                .unwrap_or_else(|| panic!("no {word:?}"));
            cue[k]
        };
        assert_eq!(at("nach", 0), 7, "nach ersten Meldungen");
        assert_eq!(at("nach", 1), 0, "nach dem Spiel");
        assert_eq!(at("nach", 2), 7, "a compound: nach Polizeiangaben");
        assert!(is_source_noun_de("NASA-Angaben"));
        assert!(!is_source_noun_de("Spiel"));
    }

    #[test]
    fn nearest_marks_stay_inside_the_sentence() {
        // Two sentences of four tokens; marks at 1 and 6.
        let sent = vec![(0, 4); 4].into_iter().chain(vec![(4, 8); 4]).collect::<Vec<_>>();
        let vals = [0, 5, 0, 0, 0, 0, 7, 0];
        let near = near_all(&sent, &vals, |v| v != 0);
        assert_eq!(near[0], [(0, 0), (1, 5)]);
        assert_eq!(near[3], [(2, 5), (0, 0)], "the mark at 6 is in the next sentence");
        assert_eq!(near[4], [(0, 0), (2, 7)]);
        assert_eq!(near[6], [(0, 0), (0, 0)], "a token is not its own neighbour");
        assert_eq!(near[7], [(1, 7), (0, 0)]);
    }

    #[test]
    fn gold_spans_become_bio_labels_on_our_tokens() {
        let text = "Mayor Tilde Aas said the harbour would reopen.";
        let doc = prepared(text);
        let at = |w: &str| text.find(w).unwrap_or(0);
        let span = |w: &str| Span::new(at(w), at(w) + w.len());
        let labels = gold_labels(
            &doc,
            &[[
                vec![span("Mayor Tilde Aas")],
                vec![span("said")],
                vec![span("the harbour would reopen")],
            ]],
        );
        let names: Vec<&str> = labels.iter().map(|&l| LABELS[l as usize]).collect();
        assert_eq!(
            names,
            ["B-SRC", "I-SRC", "I-SRC", "B-CUE", "B-CNT", "I-CNT", "I-CNT", "I-CNT", "O"]
        );
    }

    #[test]
    fn a_trained_labeller_learns_its_data_and_round_trips() {
        // Invented sentences in two shapes; the labeller must learn both.
        let texts = [
            (
                "Councillor Ada Moss said the bridge will close in June.",
                "Councillor Ada Moss",
                "said",
                "the bridge will close in June",
            ),
            (
                "The ferry will stop at noon, Harbour Master Ivo Lind said.",
                "Harbour Master Ivo Lind",
                "said",
                "The ferry will stop at noon",
            ),
            (
                "Engineer Rosa Vidal warned the road would flood again.",
                "Engineer Rosa Vidal",
                "warned",
                "the road would flood again",
            ),
            (
                "The market opens on Friday, organiser Tom Weir said.",
                "organiser Tom Weir",
                "said",
                "The market opens on Friday",
            ),
        ];
        // Each text five times over: features seen fewer than five times
        // are pruned from a finished model.
        let docs: Vec<(Inputs, Vec<u8>)> = texts
            .iter()
            .cycle()
            .take(5 * texts.len())
            .map(|(t, s, c, x)| {
                let doc = prepared(t);
                let span = |w: &str| {
                    let a = t.find(w).unwrap_or(0);
                    Span::new(a, a + w.len())
                };
                let gold = gold_labels(&doc, &[[vec![span(s)], vec![span(c)], vec![span(x)]]]);
                (inputs(&doc, "en"), gold)
            })
            .collect();
        let model = Attribution::train(&docs, 5, 1, 1, &mut |_| {});
        let model = Attribution::from_bytes(&model.to_bytes()).expect("round trip");
        for (inp, gold) in &docs {
            assert_eq!(&model.label(inp), gold);
        }
        assert!(Attribution::from_bytes(b"short").is_err());
    }
}
