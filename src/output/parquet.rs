//! Tables as Parquet files (Snappy compressed), written a row group at a
//! time so that memory stays flat however many articles pass through.
//! Strings are `BYTE_ARRAY (UTF8)`, integers `INT64`: what Spark writes for
//! `StringType` and `LongType`, so a cluster run and a local one give files
//! of the same schema. For the same reason every column is `OPTIONAL` in
//! the file (Spark writes no other): a required column is checked here,
//! and documented by `dateline schema`, rather than marked in the file.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde_json::Value;

use super::tables::{ColType, Row, Rows, Table, TABLES};

/// Rows buffered before a row group is written.
const GROUP_ROWS: usize = 8192;

/// The Parquet message type of a table.
pub fn schema(table: &Table) -> String {
    let mut s = format!("message {} {{\n", table.name);
    for c in table.columns {
        let ty = match c.ty {
            ColType::String => "BYTE_ARRAY",
            ColType::Long => "INT64",
        };
        let ann = if c.ty == ColType::String { " (UTF8)" } else { "" };
        s.push_str(&format!("  OPTIONAL {ty} {}{ann};\n", c.name));
    }
    s.push('}');
    s
}

/// One table being written.
pub struct TableWriter<W: Write + Send> {
    table: &'static Table,
    writer: SerializedFileWriter<W>,
    buf: Vec<Row>,
    rows: usize,
}

impl<W: Write + Send> TableWriter<W> {
    pub fn new(table: &'static Table, out: W) -> Result<Self, ParquetError> {
        let schema = Arc::new(parse_message_type(&schema(table))?);
        let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
        Ok(TableWriter {
            table,
            writer: SerializedFileWriter::new(out, schema, props)?,
            buf: Vec::new(),
            rows: 0,
        })
    }

    pub fn push(&mut self, rows: impl IntoIterator<Item = Row>) -> Result<(), ParquetError> {
        self.buf.extend(rows);
        if self.buf.len() >= GROUP_ROWS {
            self.write_group()?;
        }
        Ok(())
    }

    fn write_group(&mut self) -> Result<(), ParquetError> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        for c in self.table.columns {
            let mut col = group
                .next_column()?
                .ok_or_else(|| ParquetError::General(format!("{}: fewer columns than the schema", self.table.name)))?;
            let cells: Vec<&Value> = self.buf.iter().map(|r| r.get(c.name).unwrap_or(&Value::Null)).collect();
            if c.required {
                if let Some(at) = cells.iter().position(|v| v.is_null()) {
                    return Err(ParquetError::General(format!(
                        "{}.{} is required but row {} has none",
                        self.table.name,
                        c.name,
                        self.rows + at
                    )));
                }
            }
            let defs: Vec<i16> = cells.iter().map(|v| i16::from(!v.is_null())).collect();
            let defs = Some(defs.as_slice());
            match c.ty {
                ColType::String => {
                    let values: Vec<ByteArray> = cells
                        .iter()
                        .filter(|v| !v.is_null())
                        .map(|v| match v {
                            Value::String(s) => ByteArray::from(s.as_str()),
                            other => ByteArray::from(other.to_string().as_str()),
                        })
                        .collect();
                    col.typed::<ByteArrayType>().write_batch(&values, defs, None)?;
                }
                ColType::Long => {
                    let values: Vec<i64> = cells.iter().filter_map(|v| v.as_i64()).collect();
                    if values.len() != cells.iter().filter(|v| !v.is_null()).count() {
                        return Err(ParquetError::General(format!(
                            "{}.{} holds a value that is not an integer",
                            self.table.name, c.name
                        )));
                    }
                    col.typed::<Int64Type>().write_batch(&values, defs, None)?;
                }
            }
            col.close()?;
        }
        group.close()?;
        self.rows += self.buf.len();
        self.buf.clear();
        Ok(())
    }

    /// Writes what is buffered and the footer; returns the row count.
    pub fn finish(mut self) -> Result<usize, ParquetError> {
        self.write_group()?;
        self.writer.close()?;
        Ok(self.rows)
    }
}

/// Every table, one `NAME.parquet` file each, in one directory.
pub struct TableSet {
    dir: PathBuf,
    writers: Vec<TableWriter<File>>,
}

impl TableSet {
    /// Creates `dir` (and its parents) and one file per table in it,
    /// replacing files of the same names.
    pub fn create(dir: &Path) -> Result<TableSet, ParquetError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ParquetError::General(format!("cannot create {}: {e}", dir.display())))?;
        let writers = TABLES
            .iter()
            .map(|t| {
                let p = dir.join(format!("{}.parquet", t.name));
                let f = File::create(&p)
                    .map_err(|e| ParquetError::General(format!("cannot create {}: {e}", p.display())))?;
                TableWriter::new(t, f)
            })
            .collect::<Result<_, _>>()?;
        Ok(TableSet {
            dir: dir.to_path_buf(),
            writers,
        })
    }

    pub fn push(&mut self, rows: Rows) -> Result<(), ParquetError> {
        for (w, rs) in self.writers.iter_mut().zip(rows.tables) {
            w.push(rs)?;
        }
        Ok(())
    }

    /// Closes every file; returns `(table, rows)` per table.
    pub fn finish(self) -> Result<Vec<(&'static str, usize)>, ParquetError> {
        self.writers
            .into_iter()
            .map(|w| {
                let name = w.table.name;
                w.finish().map(|n| (name, n))
            })
            .collect()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
