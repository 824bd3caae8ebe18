//! Statements as one table (one row per statement, Snappy-compressed
//! Parquet or CSV), for pandas / pyarrow / Spark / DuckDB users. All
//! columns are UTF-8 strings; `content_spans` holds the JSON list of
//! code-point spans into the article text.

use std::io::Write;

use parquet::errors::ParquetError;
use serde_json::{json, Value};

use super::Hit;
use crate::output::parquet::TableWriter;
use crate::output::tables::{Column, Row, Table};

/// The export's columns.
pub const EXPORT: Table = Table {
    name: "statement",
    columns: &[
        Column::text("article"),
        Column::text("outlet").nullable(),
        Column::text("date").nullable(),
        Column::text("speaker").nullable(),
        Column::text("kind"),
        Column::text("cue").nullable(),
        Column::text("content"),
        Column::text("place").nullable(),
        Column::text("content_spans"),
    ],
};

/// One statement as a row of [`EXPORT`].
pub fn row((hit, rec): &(Hit, Value)) -> Row {
    let cells = [
        json!(hit.article),
        json!(hit.outlet),
        json!(hit.date),
        json!(hit.speaker),
        json!(hit.kind),
        json!(hit.cue),
        json!(hit.content),
        json!(hit.place),
        json!(rec["content"].to_string()),
    ];
    EXPORT.columns.iter().map(|c| c.name.to_string()).zip(cells).collect()
}

/// Write the rows (search hits with their statement records) to `out`.
pub fn write<W: Write + Send>(rows: &[(Hit, Value)], out: W) -> Result<(), ParquetError> {
    let mut w = TableWriter::new(&EXPORT, out)?;
    w.push(rows.iter().map(row))?;
    w.finish().map(|_| ())
}
