//! Reads the tables of `dateline extract --format parquet` or of the Spark
//! job (`scale/spark_extract.py`) back into processed articles, so that
//! results computed elsewhere can be stored and browsed without running
//! the extraction again.
//!
//! Two layouts: `DIR/NAME.parquet` (the binary's), or `DIR/NAME/` holding
//! Parquet files below Hive-style partition folders (`date=2024-03-09/`,
//! `__HIVE_DEFAULT_PARTITION__` for none: Spark's). The partition value
//! comes back as its column.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;

use crate::output::tables::{self, Row, TableError, ARTICLES, ERRORS, LOADED, STATEMENTS, TIMEXES};
use crate::output::Processed;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: not a readable Parquet file: {1}")]
    Parquet(String, parquet::errors::ParquetError),
    #[error("{dir}: no {table} table ({table}.parquet or {table}/): is this the output of `dateline extract --format parquet` or scale/spark_extract.py?")]
    MissingTable { dir: String, table: &'static str },
    #[error(transparent)]
    Table(#[from] TableError),
}

/// Whether `dir` holds the tables (it has an articles table).
pub fn is_table_dir(dir: &Path) -> bool {
    dir.join("articles.parquet").is_file() || dir.join("articles").is_dir()
}

/// The articles of a table directory, rebuilt one part at a time: the
/// whole directory for the binary's layout, one date partition at a time
/// for Spark's (an article's rows all lie under its own date), so memory
/// is bounded by the largest partition, not the archive.
pub struct TableArticles {
    dir: PathBuf,
    parts: std::vec::IntoIter<Part>,
    ready: std::vec::IntoIter<Processed>,
    /// Rows of the errors table: documents the run could not process.
    pub errors: Vec<Row>,
}

/// Which files of each table one part reads.
#[derive(Debug, Clone)]
enum Part {
    /// `NAME.parquet`.
    File,
    /// The files directly in `NAME/` (an empty table's file, say).
    Root,
    /// Everything below `NAME/date=…/`.
    Partition(String),
}

/// Opens a table directory: checks that every table is there and reads
/// the errors table; the articles come as the iterator is advanced.
pub fn articles(dir: &Path) -> Result<TableArticles, ReadError> {
    for t in tables::TABLES {
        if !dir.join(format!("{}.parquet", t.name)).is_file() && !dir.join(t.name).is_dir() {
            return Err(ReadError::MissingTable {
                dir: dir.display().to_string(),
                table: t.name,
            });
        }
    }
    let parts = if dir.join("articles.parquet").is_file() {
        vec![Part::File]
    } else {
        let names = partition_folders(&dir.join(ARTICLES.name))?;
        std::iter::once(Part::Root)
            .chain(names.into_iter().map(Part::Partition))
            .collect()
    };
    let errors = if dir.join("errors.parquet").is_file() {
        read_table(dir, ERRORS.name, &Part::File)?
    } else {
        let mut rows = read_table(dir, ERRORS.name, &Part::Root)?;
        for p in partition_folders(&dir.join(ERRORS.name))? {
            rows.extend(read_table(dir, ERRORS.name, &Part::Partition(p))?);
        }
        rows
    };
    Ok(TableArticles {
        dir: dir.to_path_buf(),
        parts: parts.into_iter(),
        ready: Vec::new().into_iter(),
        errors,
    })
}

fn partition_folders(folder: &Path) -> Result<Vec<String>, ReadError> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map_err(|e| ReadError::Io(folder.display().to_string(), e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.contains('=') && !n.starts_with(['.', '_']))
        .collect();
    names.sort();
    Ok(names)
}

impl Iterator for TableArticles {
    type Item = Result<Processed, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(p) = self.ready.next() {
                return Some(Ok(p));
            }
            let part = self.parts.next()?;
            match read_part(&self.dir, &part) {
                Ok(v) => self.ready = v.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The articles of one part, rebuilt from the rows of every table.
fn read_part(dir: &Path, part: &Part) -> Result<Vec<Processed>, ReadError> {
    let articles = read_table(dir, ARTICLES.name, part)?;
    let mut by_article: Vec<HashMap<String, Vec<Row>>> = Vec::new();
    for t in [&STATEMENTS, &tables::ENTITIES, &TIMEXES, &LOADED] {
        let mut grouped: HashMap<String, Vec<Row>> = HashMap::new();
        for r in read_table(dir, t.name, part)? {
            let id = r.get("article").and_then(Value::as_str).unwrap_or_default().to_string();
            grouped.entry(id).or_default().push(r);
        }
        for rows in grouped.values_mut() {
            tables::sort_rows(t, rows);
        }
        by_article.push(grouped);
    }
    let none: Vec<Row> = Vec::new();
    let mut out = Vec::with_capacity(articles.len());
    for a in &articles {
        let id = a.get("article").and_then(Value::as_str).unwrap_or_default();
        let part = |k: usize| by_article.get(k).and_then(|g| g.get(id)).unwrap_or(&none).as_slice();
        out.push(tables::unflatten(a, [part(0), part(1), part(2), part(3)])?);
    }
    Ok(out)
}

/// The rows of one table in one part.
fn read_table(dir: &Path, name: &'static str, part: &Part) -> Result<Vec<Row>, ReadError> {
    let mut files: Vec<(PathBuf, Vec<(String, Value)>)> = Vec::new();
    let folder = dir.join(name);
    match part {
        Part::File => files.push((dir.join(format!("{name}.parquet")), Vec::new())),
        Part::Root => {
            if folder.is_dir() {
                let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
                    .map_err(|e| ReadError::Io(folder.display().to_string(), e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && is_data_file(p))
                    .collect();
                found.sort();
                files.extend(found.into_iter().map(|p| (p, Vec::new())));
            }
        }
        Part::Partition(key) => {
            let sub = folder.join(key);
            if sub.is_dir() {
                let mut partition = Vec::new();
                if let Some((k, v)) = key.split_once('=') {
                    partition.push((k.to_string(), partition_value(v)));
                }
                collect(&sub, &mut partition, &mut files)?;
            }
        }
    }
    let mut rows = Vec::new();
    for (path, partition) in files {
        let shown = || path.display().to_string();
        let f = File::open(&path).map_err(|e| ReadError::Io(shown(), e))?;
        let reader = SerializedFileReader::new(f).map_err(|e| ReadError::Parquet(shown(), e))?;
        let iter = reader.get_row_iter(None).map_err(|e| ReadError::Parquet(shown(), e))?;
        for r in iter {
            let r = r.map_err(|e| ReadError::Parquet(shown(), e))?;
            let mut row: Row = r.get_column_iter().map(|(k, v)| (k.clone(), field_value(v))).collect();
            for (k, v) in &partition {
                row.entry(k.clone()).or_insert_with(|| v.clone());
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

fn is_data_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    name.ends_with(".parquet") && !name.starts_with(['.', '_'])
}

fn partition_value(v: &str) -> Value {
    if v == "__HIVE_DEFAULT_PARTITION__" {
        Value::Null
    } else {
        Value::String(unescape(v))
    }
}

/// Parquet files below `dir` (sorted; names starting with `.` or `_`, like
/// Spark's `_SUCCESS` and checksum files, skipped), each with the
/// partition columns of the folders above it.
fn collect(
    dir: &Path,
    partition: &mut Vec<(String, Value)>,
    out: &mut Vec<(PathBuf, Vec<(String, Value)>)>,
) -> Result<(), ReadError> {
    let shown = || dir.display().to_string();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ReadError::Io(shown(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if name.starts_with(['.', '_']) {
            continue;
        }
        if p.is_dir() {
            let Some((k, v)) = name.split_once('=') else {
                continue;
            };
            partition.push((k.to_string(), partition_value(v)));
            collect(&p, partition, out)?;
            partition.pop();
        } else if is_data_file(&p) {
            out.push((p, partition.clone()));
        }
    }
    Ok(())
}

/// Hive's `%XX` escapes in partition folder names.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (c, hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn field_value(f: &Field) -> Value {
    match f {
        Field::Null => Value::Null,
        Field::Str(s) => Value::String(s.clone()),
        Field::Long(v) => Value::from(*v),
        Field::Int(v) => Value::from(*v),
        Field::Short(v) => Value::from(*v),
        Field::Byte(v) => Value::from(*v),
        Field::ULong(v) => Value::from(*v),
        Field::UInt(v) => Value::from(*v),
        Field::Bool(v) => Value::from(*v),
        other => Value::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn hive_escapes() {
        assert_eq!(unescape("2024-03-09"), "2024-03-09");
        assert_eq!(unescape("a%3Ab%2Fc"), "a:b/c");
        assert_eq!(unescape("100%"), "100%");
    }
}
