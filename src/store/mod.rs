//! The embedded store: articles, their statements and entities in one
//! SQLite file (WAL mode), with full-text search (FTS5) over statement
//! content and article text.
//!
//! Why SQLite + FTS5 rather than a separate search index: one file, one
//! transaction for an article and everything extracted from it, so an
//! interrupted ingest never leaves a statement without its article or an
//! index entry without its row; FTS5 ranks with BM25 and answers in
//! milliseconds at the sizes one desk handles.
//!
//! Idempotence: an article is keyed by a hash of its text; ingesting it
//! again is a no-op.

pub mod parquet;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use serde::Serialize;

use crate::output::{tables, Processed};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {err}")]
    Open { path: String, err: rusqlite::Error },
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("invalid search: {0}")]
    Query(String),
}

/// The columns `article_of` reads, in its order.
const ARTICLE_COLUMNS: &str = "doc_id, outlet, date, text, record";

/// An article from a row of `ARTICLE_COLUMNS`. A stored record that is not
/// JSON (a damaged store) is an error, not an empty record.
fn article_of(r: &rusqlite::Row) -> rusqlite::Result<Article> {
    let rec: String = r.get(4)?;
    Ok(Article {
        doc_id: r.get(0)?,
        outlet: r.get(1)?,
        date: r.get(2)?,
        text: r.get(3)?,
        record: serde_json::from_str(&rec)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e)))?,
    })
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
    id        INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL UNIQUE,
    doc_id    TEXT NOT NULL,
    source    TEXT NOT NULL,
    outlet    TEXT,
    date      TEXT,
    place     TEXT,
    text      TEXT NOT NULL,
    record    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS statements (
    id         INTEGER PRIMARY KEY,
    article    INTEGER NOT NULL REFERENCES articles(id),
    kind       TEXT NOT NULL,
    speaker    TEXT,
    cue        TEXT,
    content    TEXT NOT NULL,
    date       TEXT,
    place      TEXT,
    record     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS statements_date ON statements(date);
CREATE TABLE IF NOT EXISTS entities (
    article INTEGER NOT NULL REFERENCES articles(id),
    eid     TEXT NOT NULL,
    type    TEXT NOT NULL,
    name    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name COLLATE NOCASE);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(content, speaker, content='statements', content_rowid='id');
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(text, content='articles', content_rowid='id');
"#;

pub struct Store {
    conn: Connection,
}

/// A stable 64-bit FNV-1a hash of the text, with its length: the
/// article's identity for idempotent ingest.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h = (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}-{:x}", text.len())
}

/// One statement found by a search.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub statement: i64,
    pub article: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub kind: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub content: String,
    pub place: Option<String>,
}

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub doc_id: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: String,
    pub statements: i64,
}

/// An article with its text and extraction record (the output contract).
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub doc_id: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub text: String,
    pub record: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    pub name: String,
    #[serde(rename = "type")]
    pub etype: String,
    pub articles: i64,
    pub statements: i64,
}

/// Search filters (all optional).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Words to find in the statement content (all of them; plain words,
    /// not FTS syntax).
    pub query: Option<String>,
    pub speaker: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub kind: Option<String>,
    pub limit: usize,
    /// Oldest first (a timeline) instead of best match / newest first.
    pub chronological: bool,
}

/// Plain words → an FTS5 query that matches all of them, each as a quoted
/// term, so that user input can never be FTS syntax ("NOT", "*", quotes,
/// column filters).
pub fn fts_terms(q: &str) -> Option<String> {
    let terms: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|err| StoreError::Open {
            path: path.display().to_string(),
            err,
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store { conn })
    }

    /// Is an article with this text stored already?
    pub fn has(&self, hash: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn count(&self, table: &str) -> Result<i64, StoreError> {
        let sql = match table {
            "articles" => "SELECT count(*) FROM articles",
            "statements" => "SELECT count(*) FROM statements",
            _ => "SELECT count(*) FROM entities",
        };
        Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
    }

    /// Store processed articles in one transaction (all or none of them).
    /// Returns how many were new.
    pub fn add(&mut self, docs: &[Processed]) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut added = 0;
        for p in docs {
            let hash = content_hash(&p.text);
            let rec = &p.record;
            let place = rec["dateline"]["place"].as_str();
            let n = tx.execute(
                "INSERT OR IGNORE INTO articles (hash, doc_id, source, outlet, date, place, text, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![hash, p.id, p.source, p.outlet, p.date, place, p.text, rec.to_string()],
            )?;
            if n == 0 {
                continue;
            }
            added += 1;
            let article = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO articles_fts (rowid, text) VALUES (?1, ?2)",
                params![article, p.text],
            )?;
            for e in rec["entities"].as_array().into_iter().flatten() {
                tx.execute(
                    "INSERT INTO entities (article, eid, type, name) VALUES (?1, ?2, ?3, ?4)",
                    params![
                        article,
                        e["id"].as_str().unwrap_or(""),
                        e["type"].as_str().unwrap_or(""),
                        e["name"].as_str().unwrap_or("")
                    ],
                )?;
            }
            // The statement rows of the tables: speaker, cue and content text.
            let rows = tables::flatten(p);
            let statements = rows.tables.get(1).map(Vec::as_slice).unwrap_or_default();
            for (r, srec) in statements
                .iter()
                .zip(rec["statements"].as_array().into_iter().flatten())
            {
                let text = |k: &str| r.get(k).and_then(|v| v.as_str());
                let speaker = text("speaker").or(text("speaker_text"));
                // A statement's own date when it is one, else the article's.
                let when = text("time_value")
                    .filter(|v| v.len() >= 4 && v.bytes().take(4).all(|b| b.is_ascii_digit()))
                    .or(p.date.as_deref());
                tx.execute(
                    "INSERT INTO statements (article, kind, speaker, cue, content, date, place, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![article, text("kind"), speaker, text("cue"), text("content"), when, text("place"), srec.to_string()],
                )?;
                let sid = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO statements_fts (rowid, content, speaker) VALUES (?1, ?2, ?3)",
                    params![sid, text("content"), speaker],
                )?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Statements matching the filter, best FTS match first (newest first
    /// without a query).
    pub fn search(&self, f: &Filter) -> Result<Vec<Hit>, StoreError> {
        let mut sql = String::from(
            "SELECT s.id, a.doc_id, a.outlet, s.date, s.kind, s.speaker, s.cue, s.content, s.place FROM statements s JOIN articles a ON a.id = s.article",
        );
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(q) = &f.query {
            let terms = fts_terms(q).ok_or_else(|| StoreError::Query(format!("no words to search for in {q:?}")))?;
            sql += " JOIN statements_fts ON statements_fts.rowid = s.id";
            args.push(terms);
            conds.push(format!("statements_fts MATCH ?{}", args.len()));
        }
        // Each filter is a condition with one parameter, written `?` here.
        for (template, value) in [
            // The canonical name, or a surname-only canonical name from an
            // article that never gave the full one ("Hallam" for "Pieter
            // Hallam"), so that a speaker has one timeline.
            (
                "(s.speaker = ? COLLATE NOCASE OR (instr(s.speaker, ' ') = 0 AND lower(?) LIKE '% ' || lower(s.speaker)))",
                &f.speaker,
            ),
            ("s.date >= ?", &f.from),
            // "--to 2023-05" includes all of May: compare on the prefix.
            ("substr(s.date, 1, length(?)) <= ?", &f.to),
            ("s.kind = ?", &f.kind),
            ("a.outlet = ? COLLATE NOCASE", &f.outlet),
        ] {
            if let Some(v) = value {
                args.push(v.clone());
                conds.push(template.replace('?', &format!("?{}", args.len())));
            }
        }
        if !conds.is_empty() {
            sql += " WHERE ";
            sql += &conds.join(" AND ");
        }
        sql += if f.chronological {
            " ORDER BY s.date IS NULL, s.date, s.id"
        } else if f.query.is_some() {
            " ORDER BY bm25(statements_fts), s.id"
        } else {
            " ORDER BY s.date DESC, s.id"
        };
        sql += &format!(" LIMIT {}", f.limit.max(1));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok(Hit {
                statement: r.get(0)?,
                article: r.get(1)?,
                outlet: r.get(2)?,
                date: r.get(3)?,
                kind: r.get(4)?,
                speaker: r.get(5)?,
                cue: r.get(6)?,
                content: r.get(7)?,
                place: r.get(8)?,
            })
        })?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r?);
        }
        Ok(out)
    }

    /// Articles, newest first: (row id, document id, outlet, date, first
    /// line of the text, statements).
    pub fn articles(&self, limit: usize, offset: usize) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.doc_id, a.outlet, a.date, substr(a.text, 1, 200), (SELECT count(*) FROM statements s WHERE s.article = a.id) FROM articles a ORDER BY a.date DESC, a.id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |r| {
            let head: String = r.get(4)?;
            Ok(ArticleSummary {
                id: r.get(0)?,
                doc_id: r.get(1)?,
                outlet: r.get(2)?,
                date: r.get(3)?,
                title: head.trim().lines().next().unwrap_or("").trim().to_string(),
                statements: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One article: its text and full extraction record, by document id.
    pub fn article(&self, doc_id: &str) -> Result<Option<Article>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE doc_id = ?1 ORDER BY id LIMIT 1"),
                [doc_id],
                article_of,
            )
            .optional()?)
    }

    /// Every stored article in the order stored, one at a time (memory
    /// stays flat over a large store); returns how many there were.
    pub fn each_article(&self, mut f: impl FnMut(Article)) -> Result<usize, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            f(article_of(r)?);
            n += 1;
        }
        Ok(n)
    }

    /// Entities by name (case-insensitive substring), with how many
    /// articles mention them and how many statements they made.
    pub fn entities(&self, name: Option<&str>, limit: usize) -> Result<Vec<EntitySummary>, StoreError> {
        let pattern = format!("%{}%", name.unwrap_or("").replace(['%', '_'], ""));
        let mut stmt = self.conn.prepare(
            "SELECT e.name, e.type, count(DISTINCT e.article), (SELECT count(*) FROM statements s WHERE s.speaker = e.name COLLATE NOCASE) AS n FROM entities e WHERE e.name LIKE ?1 GROUP BY e.name COLLATE NOCASE, e.type ORDER BY n DESC, count(DISTINCT e.article) DESC, e.name LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![pattern, limit as i64], |r| {
            Ok(EntitySummary {
                name: r.get(0)?,
                etype: r.get(1)?,
                articles: r.get(2)?,
                statements: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stored JSON record of every statement matching the filter, with
    /// its article's id, outlet and date (for export).
    pub fn statement_records(&self, f: &Filter) -> Result<Vec<(Hit, serde_json::Value)>, StoreError> {
        let hits = self.search(f)?;
        let mut out = Vec::with_capacity(hits.len());
        let mut stmt = self.conn.prepare("SELECT record FROM statements WHERE id = ?1")?;
        for h in hits {
            let rec: String = stmt.query_row([h.statement], |r| r.get(0))?;
            out.push((h, serde_json::from_str(&rec).unwrap_or_default()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_terms_neutralise_syntax() {
        assert_eq!(
            fts_terms("Mashhad ceremony").as_deref(),
            Some("\"Mashhad\" \"ceremony\"")
        );
        assert_eq!(
            fts_terms("NOT \"x* OR y:").as_deref(),
            Some("\"NOT\" \"x\" \"OR\" \"y\"")
        );
        assert_eq!(fts_terms("*** ::"), None);
    }
}
