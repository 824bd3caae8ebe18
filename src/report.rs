//! `dateline report`: how much loaded language each outlet or speaker uses
//! — loaded spans per 1,000 words and the labels used most — so analysts
//! can compare sources on the same footing.
//!
//! By outlet, the words are the articles' words and the spans all spans
//! (the outlet is the input's `outlet`, else the dateline's agency, else
//! "(unknown)"). By speaker, the words are those of the speaker's statement
//! contents and the spans those inside them: who used which labels.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::document::{Document, Span, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Outlet,
    Speaker,
}

/// One row of the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    pub key: String,
    /// Articles (by outlet) or statements (by speaker) counted.
    pub items: usize,
    pub words: usize,
    pub loaded: usize,
    pub name_calling: usize,
    pub per_1000_words: f64,
    /// The most frequent flagged phrases, lower-cased, with counts.
    pub top: Vec<(String, usize)>,
}

#[derive(Default)]
struct Acc {
    items: usize,
    words: usize,
    loaded: usize,
    name_calling: usize,
    phrases: FxHashMap<String, usize>,
}

/// Aggregates documents one at a time (memory stays flat over a corpus).
#[derive(Default)]
pub struct Report {
    groups: BTreeMap<String, Acc>,
}

fn words_in(doc: &Document, span: Span) -> usize {
    let a = doc.token_at_or_after(span.start);
    let b = doc.token_at_or_after(span.end);
    doc.tokens.get(a..b).map_or(0, |ts| {
        ts.iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .count()
    })
}

impl Report {
    pub fn add(&mut self, doc: &Document, outlet: Option<&str>, by: By) {
        match by {
            By::Outlet => {
                let key = outlet
                    .map(str::to_string)
                    .or_else(|| doc.dateline.as_ref().and_then(|d| d.agency.clone()))
                    .unwrap_or_else(|| "(unknown)".into());
                let acc = self.groups.entry(key).or_default();
                acc.items += 1;
                acc.words += words_in(doc, Span::new(0, doc.text.len()));
                for l in &doc.loaded {
                    count(acc, doc, l);
                }
            }
            By::Speaker => {
                for st in &doc.statements {
                    let name = st
                        .speaker_mention
                        .and_then(|m| doc.mentions.get(m))
                        .and_then(|m| m.entity)
                        .and_then(|e| doc.entities.get(e))
                        .map(|e| e.name.clone());
                    let Some(name) = name else { continue };
                    let acc = self.groups.entry(name).or_default();
                    acc.items += 1;
                    acc.words += st.content.iter().map(|&c| words_in(doc, c)).sum::<usize>();
                    for l in doc
                        .loaded
                        .iter()
                        .filter(|l| st.content.iter().any(|c| c.contains(l.span)))
                    {
                        count(acc, doc, l);
                    }
                }
            }
        }
    }

    /// The same as [`Report::add`] from a stored extraction record (the
    /// output contract: code-point spans) and its article's text, for
    /// reports over a store. The text is split into tokens again only to
    /// count words the way `add` does.
    pub fn add_record(&mut self, text: &str, record: &serde_json::Value, outlet: Option<&str>, by: By) {
        let mut doc = Document::new("", text, None);
        crate::segment::segment(&mut doc);
        // Code point → byte offset (one past the end maps to the length).
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let span = |v: &serde_json::Value| -> Option<Span> {
            let a = starts.get(usize::try_from(v.get(0)?.as_u64()?).ok()?)?;
            let b = starts.get(usize::try_from(v.get(1)?.as_u64()?).ok()?)?;
            (a <= b).then(|| Span::new(*a, *b))
        };
        let list = |key: &str| {
            record
                .get(key)
                .and_then(|v| v.as_array())
                .map_or(&[][..], |v| v.as_slice())
        };
        let loaded: Vec<(Span, bool)> = list("loaded")
            .iter()
            .filter_map(|l| Some((span(l.get("span")?)?, l.get("label")? == "name_calling")))
            .collect();
        match by {
            By::Outlet => {
                let key = outlet
                    .map(str::to_string)
                    .or_else(|| {
                        record
                            .pointer("/dateline/agency")
                            .and_then(|a| a.as_str())
                            .map(str::to_string)
                    })
                    .unwrap_or_else(|| "(unknown)".into());
                let acc = self.groups.entry(key).or_default();
                acc.items += 1;
                acc.words += words_in(&doc, Span::new(0, text.len()));
                for &(l, name_calling) in &loaded {
                    count_phrase(acc, &doc, l, name_calling);
                }
            }
            By::Speaker => {
                for st in list("statements") {
                    let Some(name) = st.pointer("/speaker/name").and_then(|n| n.as_str()) else {
                        continue;
                    };
                    let content: Vec<Span> = st
                        .get("content")
                        .and_then(|c| c.as_array())
                        .map_or(Vec::new(), |c| c.iter().filter_map(span).collect());
                    let acc = self.groups.entry(name.to_string()).or_default();
                    acc.items += 1;
                    acc.words += content.iter().map(|&c| words_in(&doc, c)).sum::<usize>();
                    for &(l, name_calling) in loaded.iter().filter(|(l, _)| content.iter().any(|c| c.contains(*l))) {
                        count_phrase(acc, &doc, l, name_calling);
                    }
                }
            }
        }
    }

    /// Rows, most loaded per 1,000 words first (ties by name).
    pub fn rows(&self, top: usize) -> Vec<Row> {
        let mut rows: Vec<Row> = self
            .groups
            .iter()
            .map(|(k, a)| {
                let mut phrases: Vec<(String, usize)> = a.phrases.iter().map(|(p, n)| (p.clone(), *n)).collect();
                phrases.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                phrases.truncate(top);
                Row {
                    key: k.clone(),
                    items: a.items,
                    words: a.words,
                    loaded: a.loaded,
                    name_calling: a.name_calling,
                    per_1000_words: if a.words > 0 {
                        a.loaded as f64 * 1000.0 / a.words as f64
                    } else {
                        0.0
                    },
                    top: phrases,
                }
            })
            .collect();
        rows.sort_by(|x, y| {
            y.per_1000_words
                .total_cmp(&x.per_1000_words)
                .then_with(|| x.key.cmp(&y.key))
        });
        rows
    }
}

fn count(acc: &mut Acc, doc: &Document, l: &crate::document::Loaded) {
    count_phrase(acc, doc, l.span, l.label == crate::document::LoadedLabel::NameCalling);
}

fn count_phrase(acc: &mut Acc, doc: &Document, span: Span, name_calling: bool) {
    acc.loaded += 1;
    acc.name_calling += usize::from(name_calling);
    let phrase = doc.slice(span).to_lowercase();
    *acc.phrases.entry(phrase).or_default() += 1;
}

/// The report as a terminal table.
pub fn table(rows: &[Row], by: By) -> String {
    let head = match by {
        By::Outlet => ("outlet", "articles"),
        By::Speaker => ("speaker", "statements"),
    };
    let width = rows
        .iter()
        .map(|r| r.key.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, 40);
    let mut out = format!(
        "{:<width$}  {:>10}  {:>8}  {:>6}  {:>6}  {:>8}  most frequent\n",
        head.0, head.1, "words", "loaded", "names", "per 1k"
    );
    for r in rows {
        let key: String = r.key.chars().take(width).collect();
        let top: Vec<String> = r.top.iter().map(|(p, n)| format!("{p} ({n})")).collect();
        out += &format!(
            "{:<width$}  {:>10}  {:>8}  {:>6}  {:>6}  {:>8.2}  {}\n",
            key,
            r.items,
            r.words,
            r.loaded,
            r.name_calling,
            r.per_1000_words,
            top.join(", ")
        );
    }
    out
}
