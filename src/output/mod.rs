//! The output contract (`SCHEMA.md`): one JSON object per document, spans in
//! Unicode code points. This is the only place byte offsets become code
//! points.

pub mod parquet;
pub mod tables;

use serde::Serialize;

use crate::document::Document;

/// A processed article as the store and the tables hold it: its text, its
/// record (the output contract, as JSON) and what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    pub id: String,
    /// Where it was read: `path`, `path:line`, `stdin:line`.
    pub source: String,
    /// The input's outlet, else the dateline's agency.
    pub outlet: Option<String>,
    /// The dateline's full date, else the input date (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub text: String,
    pub record: serde_json::Value,
}

impl Processed {
    pub fn from_document(doc: &Document, outlet: Option<&str>, source: &str) -> Processed {
        Processed {
            id: doc.id.clone(),
            source: source.to_string(),
            outlet: outlet
                .map(str::to_string)
                .or_else(|| doc.dateline.as_ref().and_then(|d| d.agency.clone())),
            date: doc.reference_date().map(|d| d.format("%Y-%m-%d").to_string()),
            text: doc.text.clone(),
            record: serde_json::to_value(record(doc)).unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    pub dateline: Option<DatelineOut<'a>>,
    pub entities: Vec<EntityOut<'a>>,
    pub statements: Vec<StatementOut<'a>>,
    pub timexes: Vec<TimexOut<'a>>,
    pub loaded: Vec<LoadedOut>,
}

#[derive(Serialize)]
pub struct DatelineOut<'a> {
    pub date: Option<String>,
    pub place: Option<&'a str>,
    pub span: [usize; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<&'a str>,
}

#[derive(Serialize)]
pub struct EntityOut<'a> {
    pub id: String,
    #[serde(rename = "type")]
    pub etype: &'static str,
    pub name: &'a str,
    pub mentions: Vec<MentionOut>,
}

#[derive(Serialize)]
pub struct MentionOut {
    pub span: [usize; 2],
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct SpeakerOut<'a> {
    pub entity: Option<String>,
    pub name: Option<&'a str>,
    pub span: [usize; 2],
}

#[derive(Serialize)]
pub struct StatementOut<'a> {
    pub kind: &'static str,
    pub speaker: Option<SpeakerOut<'a>>,
    pub cue: Option<[usize; 2]>,
    pub content: Vec<[usize; 2]>,
    /// When the statement was made (an addition to SCHEMA.md: readers
    /// that do not know it ignore it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeOut<'a>>,
    /// Where it was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceOut<'a>>,
    /// The loaded spans inside its content: who used which labels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub loaded: Vec<LoadedOut>,
}

#[derive(Serialize)]
pub struct TimeOut<'a> {
    pub value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    /// "sentence", "speaker" or "dateline": where it was read.
    pub source: &'static str,
}

#[derive(Serialize)]
pub struct PlaceOut<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    pub source: &'static str,
}

#[derive(Serialize)]
pub struct TimexOut<'a> {
    pub span: [usize; 2],
    #[serde(rename = "type")]
    pub ttype: &'static str,
    pub value: &'a str,
}

#[derive(Serialize)]
pub struct LoadedOut {
    pub span: [usize; 2],
    pub label: &'static str,
}

/// A document that could not be read or processed: one line in the output,
/// in order, so that line N of the output still answers line N of the input.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    pub id: Option<&'a str>,
    pub error: ErrorOut<'a>,
}

#[derive(Serialize)]
pub struct ErrorOut<'a> {
    pub kind: &'static str,
    pub message: String,
    pub source: &'a str,
}

pub fn record(doc: &Document) -> Record<'_> {
    let cs = |s| doc.char_span(s);
    let dateline = doc.dateline.as_ref().map(|d| DatelineOut {
        date: d.date.map(|x| x.iso()),
        place: d.place.as_deref(),
        span: cs(d.span),
        agency: d.agency.as_deref(),
    });
    let entities = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| EntityOut {
            id: format!("e{}", i + 1),
            etype: e.etype.as_str(),
            name: &e.name,
            mentions: e
                .mentions
                .iter()
                .filter_map(|&m| doc.mentions.get(m))
                .map(|m| MentionOut {
                    span: cs(m.span),
                    kind: m.kind.as_str(),
                })
                .collect(),
        })
        .collect();
    let statements = doc
        .statements
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let setting = doc.settings.get(k);
            let entity = s
                .speaker_mention
                .and_then(|m| doc.mentions.get(m))
                .and_then(|m| m.entity);
            StatementOut {
                kind: s.kind.as_str(),
                speaker: s.speaker.map(|sp| SpeakerOut {
                    entity: entity.map(|e| format!("e{}", e + 1)),
                    name: entity.and_then(|e| doc.entities.get(e)).map(|e| e.name.as_str()),
                    span: cs(sp),
                }),
                cue: s.cue.map(cs),
                content: s.content.iter().map(|&c| cs(c)).collect(),
                time: setting.and_then(|x| x.time.as_ref()).map(|(v, sp, src)| TimeOut {
                    value: v,
                    span: sp.map(cs),
                    source: src.as_str(),
                }),
                place: setting.and_then(|x| x.place.as_ref()).map(|(n, sp, src)| PlaceOut {
                    name: n,
                    span: sp.map(cs),
                    source: src.as_str(),
                }),
                loaded: doc
                    .loaded
                    .iter()
                    .filter(|l| s.content.iter().any(|c| c.contains(l.span)))
                    .map(|l| LoadedOut {
                        span: cs(l.span),
                        label: l.label.as_str(),
                    })
                    .collect(),
            }
        })
        .collect();
    let timexes = doc
        .timexes
        .iter()
        .map(|t| TimexOut {
            span: cs(t.span),
            ttype: t.ttype.as_str(),
            value: &t.value,
        })
        .collect();
    Record {
        id: &doc.id,
        dateline,
        entities,
        statements,
        timexes,
        loaded: doc
            .loaded
            .iter()
            .map(|l| LoadedOut {
                span: cs(l.span),
                label: l.label.as_str(),
            })
            .collect(),
    }
}

/// Serialise one document as a JSON line (without the newline).
pub fn to_json(doc: &Document, pretty: bool, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let rec = record(doc);
    if pretty {
        serde_json::to_writer_pretty(out, &rec)
    } else {
        serde_json::to_writer(out, &rec)
    }
}
