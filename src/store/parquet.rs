//! Statements as a Parquet table (one row per statement, Snappy
//! compressed), for pandas / pyarrow / Spark / DuckDB users. All columns
//! are UTF-8 strings; `content_spans` holds the JSON list of code-point
//! spans into the article text.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::Hit;

const SCHEMA: &str = "
message statement {
  REQUIRED BYTE_ARRAY article (UTF8);
  OPTIONAL BYTE_ARRAY outlet (UTF8);
  OPTIONAL BYTE_ARRAY date (UTF8);
  OPTIONAL BYTE_ARRAY speaker (UTF8);
  REQUIRED BYTE_ARRAY kind (UTF8);
  OPTIONAL BYTE_ARRAY cue (UTF8);
  REQUIRED BYTE_ARRAY content (UTF8);
  OPTIONAL BYTE_ARRAY place (UTF8);
  REQUIRED BYTE_ARRAY content_spans (UTF8);
}
";

/// The column names, in schema order (for docs and tests).
pub const COLUMNS: [&str; 9] = [
    "article",
    "outlet",
    "date",
    "speaker",
    "kind",
    "cue",
    "content",
    "place",
    "content_spans",
];

/// Which columns are REQUIRED in [`SCHEMA`], in [`COLUMNS`] order.
const REQUIRED: [bool; 9] = [true, false, false, false, true, false, true, false, true];

/// One row's cells, in [`COLUMNS`] order (the CSV export writes the same).
pub fn cells((hit, rec): &(Hit, serde_json::Value)) -> [Option<String>; 9] {
    [
        Some(hit.article.clone()),
        hit.outlet.clone(),
        hit.date.clone(),
        hit.speaker.clone(),
        Some(hit.kind.clone()),
        hit.cue.clone(),
        Some(hit.content.clone()),
        hit.place.clone(),
        Some(rec["content"].to_string()),
    ]
}

/// Write the rows (search hits with their statement records) to `out`.
pub fn write<W: Write + Send>(rows: &[(Hit, serde_json::Value)], out: W) -> Result<(), ParquetError> {
    let schema = Arc::new(parse_message_type(SCHEMA)?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    let table: Vec<[Option<String>; 9]> = rows.iter().map(cells).collect();
    let mut group = writer.next_row_group()?;
    for (i, required) in REQUIRED.into_iter().enumerate() {
        let mut col = group
            .next_column()?
            .ok_or_else(|| ParquetError::General("schema has fewer columns than the writer".into()))?;
        let column = table.iter().map(|row| row.get(i).and_then(Option::as_deref));
        let values: Vec<ByteArray> = column.clone().flatten().map(ByteArray::from).collect();
        if required {
            col.typed::<ByteArrayType>().write_batch(&values, None, None)?;
        } else {
            let defs: Vec<i16> = column.map(|c| i16::from(c.is_some())).collect();
            col.typed::<ByteArrayType>().write_batch(&values, Some(&defs), None)?;
        }
        col.close()?;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}
