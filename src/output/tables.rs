//! The record as flat tables: one row per article, statement, entity
//! mention, time expression, loaded span and error, each carrying its
//! article id, the article's date and outlet, and code-point offsets — the
//! shape that Parquet, Spark and SQL users want.
//!
//! One definition serves every path: `dateline extract --format tables`
//! (JSON Lines, one line per input line, for `RDD.pipe` and other
//! streaming runners), `--format parquet` (files), `dateline schema` (what
//! the Spark job declares), and `dateline ingest`, which rebuilds the
//! records from the tables. The tables are lossless for the record:
//! [`unflatten`] ∘ [`flatten`] gives back the same JSON.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::Processed;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColType {
    /// UTF-8 text.
    String,
    /// 64-bit integer (offsets, positions).
    Long,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Column {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub ty: ColType,
    /// Never null.
    pub required: bool,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
}

impl Column {
    /// A text column that is never null.
    pub const fn text(name: &'static str) -> Column {
        Column {
            name,
            ty: ColType::String,
            required: true,
        }
    }

    /// An integer column that is never null.
    pub const fn long(name: &'static str) -> Column {
        Column {
            name,
            ty: ColType::Long,
            required: true,
        }
    }

    /// The same column, allowed to be null.
    pub const fn nullable(self) -> Column {
        Column {
            required: false,
            ..self
        }
    }
}

const fn text(name: &'static str) -> Column {
    Column::text(name)
}
const fn opt_text(name: &'static str) -> Column {
    Column::text(name).nullable()
}
const fn long(name: &'static str) -> Column {
    Column::long(name)
}
const fn opt_long(name: &'static str) -> Column {
    Column::long(name).nullable()
}

/// Every table starts with these: the article's id, its date (the
/// dateline's full date, else the input date; ISO `YYYY-MM-DD`, the
/// partition key) and its outlet (the input's, else the dateline's agency).
const KEY: [Column; 3] = [text("article"), opt_text("date"), opt_text("outlet")];

pub const ARTICLES: Table = Table {
    name: "articles",
    columns: &[
        KEY[0],
        KEY[1],
        KEY[2],
        text("source"),
        text("text"),
        opt_text("dateline_date"),
        opt_text("dateline_place"),
        opt_text("dateline_agency"),
        opt_long("dateline_start"),
        opt_long("dateline_end"),
    ],
};

pub const STATEMENTS: Table = Table {
    name: "statements",
    columns: &[
        KEY[0],
        KEY[1],
        KEY[2],
        long("statement"),
        text("kind"),
        opt_text("speaker"),
        opt_text("speaker_entity"),
        opt_text("speaker_text"),
        opt_long("speaker_start"),
        opt_long("speaker_end"),
        opt_text("cue"),
        opt_long("cue_start"),
        opt_long("cue_end"),
        text("content"),
        opt_long("content_start"),
        opt_long("content_end"),
        text("content_spans"),
        opt_text("time_value"),
        opt_text("time_source"),
        opt_long("time_start"),
        opt_long("time_end"),
        opt_text("place"),
        opt_text("place_source"),
        opt_long("place_start"),
        opt_long("place_end"),
        opt_text("loaded"),
    ],
};

pub const ENTITIES: Table = Table {
    name: "entities",
    columns: &[
        KEY[0],
        KEY[1],
        KEY[2],
        text("entity"),
        text("type"),
        text("name"),
        opt_long("mention"),
        opt_text("kind"),
        opt_long("start"),
        opt_long("end"),
        opt_text("text"),
    ],
};

pub const TIMEXES: Table = Table {
    name: "timexes",
    columns: &[
        KEY[0],
        KEY[1],
        KEY[2],
        long("timex"),
        text("type"),
        text("value"),
        long("start"),
        long("end"),
        text("text"),
    ],
};

pub const LOADED: Table = Table {
    name: "loaded",
    columns: &[
        KEY[0],
        KEY[1],
        KEY[2],
        long("loaded"),
        text("label"),
        long("start"),
        long("end"),
        text("text"),
    ],
};

/// Documents that could not be read or processed (not partitioned: they
/// may have no date).
pub const ERRORS: Table = Table {
    name: "errors",
    columns: &[opt_text("article"), text("source"), text("kind"), text("message")],
};

/// Every table, in the order of [`Rows::tables`].
pub const TABLES: [&Table; 6] = [&ARTICLES, &STATEMENTS, &ENTITIES, &TIMEXES, &LOADED, &ERRORS];

/// Index of the error table in [`TABLES`].
pub const ERRORS_AT: usize = 5;

pub type Row = Map<String, Value>;

/// One document's rows, table by table in [`TABLES`] order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rows {
    pub tables: [Vec<Row>; 6],
}

impl Rows {
    /// The rows of one of [`TABLES`].
    pub fn of(&self, table: &Table) -> &[Row] {
        TABLES
            .iter()
            .position(|t| t.name == table.name)
            .and_then(|k| self.tables.get(k))
            .map_or(&[], Vec::as_slice)
    }

    /// One line of `--format tables`: `{"articles": [...], ...}` with
    /// the empty tables left out.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        for (t, rows) in TABLES.iter().zip(&self.tables) {
            if !rows.is_empty() {
                m.insert(
                    t.name.to_string(),
                    Value::Array(rows.iter().cloned().map(Value::Object).collect()),
                );
            }
        }
        Value::Object(m)
    }

    /// The error row of a document that failed.
    pub fn error(article: Option<&str>, source: &str, kind: &str, message: &str) -> Rows {
        let mut rows = Rows::default();
        if let Some(r) = rows.tables.get_mut(ERRORS_AT) {
            r.push(row([
                ("article", article.map_or(Value::Null, |a| json!(a))),
                ("source", json!(source)),
                ("kind", json!(kind)),
                ("message", json!(message)),
            ]));
        }
        rows
    }
}

fn row<const N: usize>(cells: [(&str, Value); N]) -> Row {
    cells.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Code-point spans → string slices, for one text.
struct Chars<'a> {
    text: &'a str,
    /// Byte offset of each code point, then the text's length.
    starts: Vec<usize>,
}

impl<'a> Chars<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        Chars { text, starts }
    }

    fn slice(&self, span: [u64; 2]) -> &'a str {
        let at = |c: u64| usize::try_from(c).ok().and_then(|c| self.starts.get(c).copied());
        match (at(span[0]), at(span[1])) {
            (Some(a), Some(b)) if a <= b => self.text.get(a..b).unwrap_or(""),
            _ => "",
        }
    }
}

fn span_of(v: &Value) -> Option<[u64; 2]> {
    Some([v.get(0)?.as_u64()?, v.get(1)?.as_u64()?])
}

/// `(start, end)` cells of an optional span.
fn ends(span: Option<[u64; 2]>) -> (Value, Value) {
    span.map_or((Value::Null, Value::Null), |[a, b]| (json!(a), json!(b)))
}

fn non_null(v: Option<&Value>) -> Value {
    v.cloned().unwrap_or(Value::Null)
}

/// The text of the content fragments, joined as the store shows them.
pub fn content_text(text: &str, content: &Value) -> String {
    let chars = Chars::new(text);
    joined(&chars, content)
}

fn joined(chars: &Chars, content: &Value) -> String {
    let parts: Vec<&str> = content
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(span_of)
        .map(|s| chars.slice(s))
        .collect();
    parts.join(" … ")
}

/// A processed article as rows.
pub fn flatten(p: &Processed) -> Rows {
    let chars = Chars::new(&p.text);
    let rec = &p.record;
    let key = || {
        let mut r = Row::new();
        r.insert("article".into(), json!(p.id));
        r.insert("date".into(), p.date.as_ref().map_or(Value::Null, |d| json!(d)));
        r.insert("outlet".into(), p.outlet.as_ref().map_or(Value::Null, |o| json!(o)));
        r
    };
    let with = |cells: Vec<(&str, Value)>| {
        let mut r = key();
        r.extend(cells.into_iter().map(|(k, v)| (k.to_string(), v)));
        r
    };
    let mut rows = Rows::default();
    let dl = rec.get("dateline").filter(|d| !d.is_null());
    let (dl_start, dl_end) = ends(dl.and_then(|d| d.get("span")).and_then(span_of));
    let articles = vec![with(vec![
        ("source", json!(p.source)),
        ("text", json!(p.text)),
        ("dateline_date", non_null(dl.and_then(|d| d.get("date")))),
        ("dateline_place", non_null(dl.and_then(|d| d.get("place")))),
        ("dateline_agency", non_null(dl.and_then(|d| d.get("agency")))),
        ("dateline_start", dl_start),
        ("dateline_end", dl_end),
    ])];
    let list = |k: &str| {
        rec.get(k)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };

    let mut statements = Vec::new();
    for (k, st) in list("statements").iter().enumerate() {
        let speaker = st.get("speaker").filter(|s| !s.is_null());
        let speaker_span = speaker.and_then(|s| s.get("span")).and_then(span_of);
        let (speaker_start, speaker_end) = ends(speaker_span);
        let cue_span = st.get("cue").and_then(span_of);
        let (cue_start, cue_end) = ends(cue_span);
        let content = st.get("content").cloned().unwrap_or_else(|| json!([]));
        let frags: Vec<[u64; 2]> = content.as_array().into_iter().flatten().filter_map(span_of).collect();
        let time = st.get("time");
        let (time_start, time_end) = ends(time.and_then(|t| t.get("span")).and_then(span_of));
        let place = st.get("place");
        let (place_start, place_end) = ends(place.and_then(|t| t.get("span")).and_then(span_of));
        let loaded = st
            .get("loaded")
            .filter(|l| l.as_array().is_some_and(|a| !a.is_empty()))
            .map_or(Value::Null, |l| json!(l.to_string()));
        statements.push(with(vec![
            ("statement", json!(k)),
            ("kind", non_null(st.get("kind"))),
            ("speaker", non_null(speaker.and_then(|s| s.get("name")))),
            ("speaker_entity", non_null(speaker.and_then(|s| s.get("entity")))),
            (
                "speaker_text",
                speaker_span.map_or(Value::Null, |s| json!(chars.slice(s))),
            ),
            ("speaker_start", speaker_start),
            ("speaker_end", speaker_end),
            ("cue", cue_span.map_or(Value::Null, |s| json!(chars.slice(s)))),
            ("cue_start", cue_start),
            ("cue_end", cue_end),
            ("content", json!(joined(&chars, &content))),
            ("content_start", frags.first().map_or(Value::Null, |f| json!(f[0]))),
            ("content_end", frags.last().map_or(Value::Null, |f| json!(f[1]))),
            ("content_spans", json!(content.to_string())),
            ("time_value", non_null(time.and_then(|t| t.get("value")))),
            ("time_source", non_null(time.and_then(|t| t.get("source")))),
            ("time_start", time_start),
            ("time_end", time_end),
            ("place", non_null(place.and_then(|t| t.get("name")))),
            ("place_source", non_null(place.and_then(|t| t.get("source")))),
            ("place_start", place_start),
            ("place_end", place_end),
            ("loaded", loaded),
        ]));
    }

    let mut entities = Vec::new();
    for e in list("entities") {
        let head = || {
            vec![
                ("entity", non_null(e.get("id"))),
                ("type", non_null(e.get("type"))),
                ("name", non_null(e.get("name"))),
            ]
        };
        let mentions = e
            .get("mentions")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if mentions.is_empty() {
            let mut cells = head();
            cells.extend([
                ("mention", Value::Null),
                ("kind", Value::Null),
                ("start", Value::Null),
                ("end", Value::Null),
                ("text", Value::Null),
            ]);
            entities.push(with(cells));
        }
        for (i, m) in mentions.iter().enumerate() {
            let span = m.get("span").and_then(span_of);
            let (start, end) = ends(span);
            let mut cells = head();
            cells.extend([
                ("mention", json!(i)),
                ("kind", non_null(m.get("kind"))),
                ("start", start),
                ("end", end),
                ("text", span.map_or(Value::Null, |s| json!(chars.slice(s)))),
            ]);
            entities.push(with(cells));
        }
    }

    // A list of spans with some fields of their own: its position column,
    // then those fields, then the span.
    let spans = |k: &str, at: &'static str, fields: &[&'static str]| -> Vec<Row> {
        list(k)
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let span = t.get("span").and_then(span_of).unwrap_or_default();
                let mut cells = vec![(at, json!(i))];
                cells.extend(fields.iter().map(|&f| (f, non_null(t.get(f)))));
                cells.extend([
                    ("start", json!(span[0])),
                    ("end", json!(span[1])),
                    ("text", json!(chars.slice(span))),
                ]);
                with(cells)
            })
            .collect()
    };
    let timexes = spans("timexes", "timex", &["type", "value"]);
    let loaded = spans("loaded", "loaded", &["label"]);
    rows.tables = [articles, statements, entities, timexes, loaded, Vec::new()];
    rows
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("table {table}: row of article {article:?} has no {column}")]
    Missing {
        table: &'static str,
        article: String,
        column: &'static str,
    },
    #[error("table statements: article {article:?}: content_spans is not a JSON list of spans: {err}")]
    Spans { article: String, err: serde_json::Error },
}

/// Position columns that order each table's rows within an article.
fn position(table: &Table, r: &Row) -> (u64, u64) {
    let n = |k: &str| r.get(k).and_then(Value::as_u64).unwrap_or(u64::MAX);
    match table.name {
        "statements" => (n("statement"), 0),
        // Entity ids are "e1", "e2", … in the order of the record.
        "entities" => (
            r.get("entity")
                .and_then(Value::as_str)
                .and_then(|e| e.trim_start_matches('e').parse().ok())
                .unwrap_or(u64::MAX),
            n("mention"),
        ),
        "timexes" => (n("timex"), 0),
        "loaded" => (n("loaded"), 0),
        _ => (0, 0),
    }
}

/// Sorts one article's rows of `table` into record order.
pub fn sort_rows(table: &Table, rows: &mut [Row]) {
    rows.sort_by_key(|r| position(table, r));
}

/// Rebuilds a processed article from its article row and its rows of the
/// other tables (`[statements, entities, timexes, loaded]`, each in record
/// order: see [`sort_rows`]).
pub fn unflatten(article: &Row, parts: [&[Row]; 4]) -> Result<Processed, TableError> {
    let id = str_of(article, "article")
        .ok_or_else(|| missing("articles", "?", "article"))?
        .to_string();
    let text = str_of(article, "text")
        .ok_or_else(|| missing("articles", &id, "text"))?
        .to_string();
    let [statements, entities, timexes, loaded] = parts;
    let span = |r: &Row, a: &str, b: &str| -> Option<Value> { Some(json!([r.get(a)?.as_u64()?, r.get(b)?.as_u64()?])) };
    let dateline = span(article, "dateline_start", "dateline_end").map(|s| {
        let mut d = row([
            ("date", non_null(article.get("dateline_date"))),
            ("place", non_null(article.get("dateline_place"))),
            ("span", s),
        ]);
        if let Some(a) = article.get("dateline_agency").filter(|a| !a.is_null()) {
            d.insert("agency".into(), a.clone());
        }
        Value::Object(d)
    });

    let mut ents: Vec<Value> = Vec::new();
    for r in entities {
        let eid = non_null(r.get("entity"));
        let fresh = ents.last().is_none_or(|e| e.get("id") != Some(&eid));
        if fresh {
            ents.push(
                json!({"id": eid, "type": non_null(r.get("type")), "name": non_null(r.get("name")), "mentions": []}),
            );
        }
        if let (Some(s), Some(list)) = (
            span(r, "start", "end"),
            ents.last_mut()
                .and_then(|e| e.get_mut("mentions"))
                .and_then(Value::as_array_mut),
        ) {
            list.push(json!({"span": s, "kind": non_null(r.get("kind"))}));
        }
    }

    let mut sts = Vec::with_capacity(statements.len());
    for r in statements {
        let speaker = span(r, "speaker_start", "speaker_end").map_or(
            Value::Null,
            |s| json!({"entity": non_null(r.get("speaker_entity")), "name": non_null(r.get("speaker")), "span": s}),
        );
        let content: Value = match str_of(r, "content_spans") {
            Some(s) => serde_json::from_str(s).map_err(|err| TableError::Spans {
                article: id.clone(),
                err,
            })?,
            None => return Err(missing("statements", &id, "content_spans")),
        };
        let mut st = row([
            ("kind", non_null(r.get("kind"))),
            ("speaker", speaker),
            ("cue", span(r, "cue_start", "cue_end").unwrap_or(Value::Null)),
            ("content", content),
        ]);
        for (field, value, name, prefix) in [
            ("time", "time_value", "value", "time"),
            ("place", "place", "name", "place"),
        ] {
            if let Some(v) = r.get(value).filter(|v| !v.is_null()) {
                let mut m = row([(name, v.clone())]);
                if let Some(s) = span(r, &format!("{prefix}_start"), &format!("{prefix}_end")) {
                    m.insert("span".into(), s);
                }
                m.insert("source".into(), non_null(r.get(&format!("{prefix}_source"))));
                st.insert(field.into(), Value::Object(m));
            }
        }
        if let Some(l) = str_of(r, "loaded") {
            let l: Value = serde_json::from_str(l).map_err(|err| TableError::Spans {
                article: id.clone(),
                err,
            })?;
            st.insert("loaded".into(), l);
        }
        sts.push(Value::Object(st));
    }

    let timexes: Vec<Value> = timexes
        .iter()
        .map(|r| json!({"span": span(r, "start", "end"), "type": non_null(r.get("type")), "value": non_null(r.get("value"))}))
        .collect();
    let loaded: Vec<Value> = loaded
        .iter()
        .map(|r| json!({"span": span(r, "start", "end"), "label": non_null(r.get("label"))}))
        .collect();
    let record = json!({
        "id": id,
        "dateline": dateline,
        "entities": ents,
        "statements": sts,
        "timexes": timexes,
        "loaded": loaded,
    });
    Ok(Processed {
        source: str_of(article, "source").unwrap_or(&id).to_string(),
        outlet: str_of(article, "outlet").map(str::to_string),
        date: str_of(article, "date").map(str::to_string),
        id,
        text,
        record,
    })
}

fn str_of<'a>(r: &'a Row, k: &str) -> Option<&'a str> {
    r.get(k).and_then(Value::as_str)
}

fn missing(table: &'static str, article: &str, column: &'static str) -> TableError {
    TableError::Missing {
        table,
        article: article.to_string(),
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn processed(text: &str, date: Option<&str>) -> Processed {
        let input = crate::ingest::Input {
            id: "t1".into(),
            text: text.into(),
            date: date.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            source: "test".into(),
            outlet: Some("Test Outlet".into()),
            warnings: Vec::new(),
        };
        let doc = crate::pipeline::process(input);
        Processed::from_document(&doc, Some("Test Outlet"), "test")
    }

    const TEXT: &str = "PORTMERE, March 9 (Harbour Wire) - Union leader Marta Velkova said on Friday that \
        the strike would go on. \u{201c}We will not move,\u{201d} she told reporters at the \u{e9}cluse gate. \
        The so-called reform, according to the Port Authority, saves money.";

    /// Over the bundled examples too: every field they produce survives.
    #[test]
    fn tables_rebuild_the_record_exactly() {
        let mut texts = vec![TEXT.to_string()];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        for e in std::fs::read_dir(dir).unwrap() {
            texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
        assert!(texts.len() > 10);
        let (mut statements, mut loaded, mut times) = (0, 0, 0);
        for text in &texts {
            let p = processed(text, Some("2024-03-09"));
            let sts = p.record["statements"].as_array().unwrap();
            statements += sts.len();
            times += sts.iter().filter(|s| s.get("time").is_some()).count();
            loaded += p.record["loaded"].as_array().unwrap().len();
            let rows = flatten(&p);
            let mut parts: Vec<Vec<Row>> = rows.tables[1..5].to_vec();
            for (t, rs) in TABLES[1..5].iter().zip(parts.iter_mut()) {
                rs.reverse(); // any order in, record order out
                sort_rows(t, rs);
            }
            let back = unflatten(&rows.tables[0][0], [&parts[0], &parts[1], &parts[2], &parts[3]]).unwrap();
            assert_eq!(back.record, p.record);
            assert_eq!(back.text, p.text);
            assert_eq!((back.date, back.outlet, back.source), (p.date, p.outlet, p.source));
        }
        assert!(
            statements > 20 && times > 20 && loaded > 0,
            "{statements} {times} {loaded}"
        );
    }

    #[test]
    fn rows_carry_keys_offsets_and_text_by_code_point() {
        let p = processed(TEXT, Some("2024-03-09"));
        let rows = flatten(&p);
        let chars: Vec<char> = TEXT.chars().collect();
        for (t, rs) in TABLES.iter().zip(&rows.tables) {
            for r in rs {
                // Every row has exactly its table's columns, and the required ones are set.
                let names: Vec<&str> = r.keys().map(String::as_str).collect();
                let mut want: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
                let mut got = names.clone();
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "{}", t.name);
                for c in t.columns {
                    assert!(!c.required || !r[c.name].is_null(), "{}.{}", t.name, c.name);
                }
                assert_eq!(r["article"], "t1");
                assert_eq!(r["date"], "2024-03-09");
            }
        }
        // Offsets are code points: the text column is the slice they name.
        for r in rows.tables[2].iter().chain(&rows.tables[3]) {
            if let (Some(a), Some(b)) = (r["start"].as_u64(), r["end"].as_u64()) {
                let s: String = chars[a as usize..b as usize].iter().collect();
                assert_eq!(r["text"], s);
            }
        }
        let quote = rows.tables[1]
            .iter()
            .find(|r| r["kind"] == "direct")
            .expect("the quote");
        assert_eq!(quote["content"], "We will not move");
        assert_eq!(quote["speaker"], "Marta Velkova");
        assert_eq!(quote["speaker_text"], "she");
    }
}
