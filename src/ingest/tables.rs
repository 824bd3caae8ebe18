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

/// What a table directory holds.
pub struct TableDir {
    /// Every article, rebuilt, in file order.
    pub articles: Vec<Processed>,
    /// Rows of the errors table: documents the run could not process.
    pub errors: Vec<Row>,
}

/// Reads every table in `dir` and rebuilds its articles.
pub fn read(dir: &Path) -> Result<TableDir, ReadError> {
    let articles = read_table(dir, ARTICLES.name)?;
    let mut by_article: Vec<HashMap<String, Vec<Row>>> = Vec::new();
    for t in [&STATEMENTS, &tables::ENTITIES, &TIMEXES, &LOADED] {
        let mut grouped: HashMap<String, Vec<Row>> = HashMap::new();
        for r in read_table(dir, t.name)? {
            let id = r.get("article").and_then(Value::as_str).unwrap_or_default().to_string();
            grouped.entry(id).or_default().push(r);
        }
        for rows in grouped.values_mut() {
            tables::sort_rows(t, rows);
        }
        by_article.push(grouped);
    }
    let errors = read_table(dir, ERRORS.name)?;
    let none: Vec<Row> = Vec::new();
    let mut out = Vec::with_capacity(articles.len());
    for a in &articles {
        let id = a.get("article").and_then(Value::as_str).unwrap_or_default();
        let part = |k: usize| by_article.get(k).and_then(|g| g.get(id)).unwrap_or(&none).as_slice();
        out.push(tables::unflatten(a, [part(0), part(1), part(2), part(3)])?);
    }
    Ok(TableDir { articles: out, errors })
}

/// All rows of one table, either layout.
fn read_table(dir: &Path, name: &'static str) -> Result<Vec<Row>, ReadError> {
    let file = dir.join(format!("{name}.parquet"));
    let folder = dir.join(name);
    let mut files: Vec<(PathBuf, Vec<(String, Value)>)> = Vec::new();
    if file.is_file() {
        files.push((file, Vec::new()));
    } else if folder.is_dir() {
        collect(&folder, &mut Vec::new(), &mut files)?;
    } else {
        return Err(ReadError::MissingTable {
            dir: dir.display().to_string(),
            table: name,
        });
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
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if p.is_dir() {
            let Some((k, v)) = name.split_once('=') else {
                continue;
            };
            let v = if v == "__HIVE_DEFAULT_PARTITION__" {
                Value::Null
            } else {
                Value::String(unescape(v))
            };
            partition.push((k.to_string(), v));
            collect(&p, partition, out)?;
            partition.pop();
        } else if name.ends_with(".parquet") {
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
