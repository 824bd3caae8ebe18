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

type Getter = fn(&(Hit, serde_json::Value)) -> Option<String>;

/// Write the rows (search hits with their statement records) to `out`.
pub fn write<W: Write + Send>(rows: &[(Hit, serde_json::Value)], out: W) -> Result<(), ParquetError> {
    let schema = Arc::new(parse_message_type(SCHEMA)?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    let getters: [(Getter, bool); 9] = [
        (|r| Some(r.0.article.clone()), true),
        (|r| r.0.outlet.clone(), false),
        (|r| r.0.date.clone(), false),
        (|r| r.0.speaker.clone(), false),
        (|r| Some(r.0.kind.clone()), true),
        (|r| r.0.cue.clone(), false),
        (|r| Some(r.0.content.clone()), true),
        (|r| r.0.place.clone(), false),
        (|r| Some(r.1["content"].to_string()), true),
    ];
    let mut group = writer.next_row_group()?;
    for (get, required) in getters {
        let mut col = group
            .next_column()?
            .ok_or_else(|| ParquetError::General("schema has fewer columns than the writer".into()))?;
        let cells: Vec<Option<String>> = rows.iter().map(get).collect();
        let values: Vec<ByteArray> = cells.iter().flatten().map(|s| ByteArray::from(s.as_str())).collect();
        if required {
            col.typed::<ByteArrayType>().write_batch(&values, None, None)?;
        } else {
            let defs: Vec<i16> = cells.iter().map(|c| i16::from(c.is_some())).collect();
            col.typed::<ByteArrayType>().write_batch(&values, Some(&defs), None)?;
        }
        col.close()?;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}
