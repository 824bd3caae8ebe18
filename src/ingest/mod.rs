//! Readers: plain text files, JSON Lines, directories (recursive) and stdin.
//!
//! Reading is streaming: one document at a time, so memory stays flat on
//! large JSONL files. A document that cannot be read becomes an
//! [`IngestError`] naming the file and line; the other documents go on.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

pub mod tables;
pub mod web;

/// One document as read, before any processing.
#[derive(Debug, Clone)]
pub struct Input {
    pub id: String,
    pub text: String,
    pub date: Option<NaiveDate>,
    /// Where it came from: `path` or `path:line`.
    pub source: String,
    /// The publishing outlet, when the input names it (JSONL `outlet`).
    pub outlet: Option<String>,
    /// Non-fatal problems (an unreadable `date`, say).
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{source_name}: cannot read: {err}")]
    Io { source_name: String, err: io::Error },
    #[error(
        "{source_name}: not valid UTF-8 (line {line}, byte {byte}); convert it to UTF-8, or name its encoding (--encoding windows-1252)"
    )]
    InvalidUtf8 {
        source_name: String,
        line: usize,
        byte: usize,
    },
    #[error("{source_name}: looks like a binary file (NUL bytes), not text")]
    Binary { source_name: String },
    #[error("{source_name}: not valid UTF-16 (a lone surrogate at byte {byte}, after its byte-order mark)")]
    InvalidUtf16 { source_name: String, byte: usize },
    #[error("{source_name}: not valid {encoding} (line {line})")]
    InvalidEncoding {
        source_name: String,
        encoding: &'static str,
        line: usize,
    },
    #[error("{source_name}: invalid JSON: {msg}")]
    Json { source_name: String, msg: String },
    #[error("{source_name}: missing \"text\" field")]
    MissingText { source_name: String },
    /// A blank line in JSON Lines: reported, so that output line N still
    /// answers input line N.
    #[error("{source_name}: blank line, no document")]
    Blank { source_name: String },
    #[error("{source_name}: document is {size} bytes, over the limit of {limit} (raise --max-doc-bytes)")]
    TooLarge {
        source_name: String,
        size: u64,
        limit: usize,
    },
}

impl IngestError {
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "io",
            IngestError::InvalidUtf8 { .. } => "invalid_utf8",
            IngestError::Binary { .. } => "binary",
            IngestError::InvalidUtf16 { .. } => "invalid_utf16",
            IngestError::InvalidEncoding { .. } => "invalid_encoding",
            IngestError::Json { .. } => "invalid_json",
            IngestError::MissingText { .. } => "missing_text",
            IngestError::Blank { .. } => "blank_line",
            IngestError::TooLarge { .. } => "too_large",
        }
    }
    pub fn source_name(&self) -> &str {
        match self {
            IngestError::Io { source_name, .. }
            | IngestError::InvalidUtf8 { source_name, .. }
            | IngestError::Binary { source_name }
            | IngestError::InvalidUtf16 { source_name, .. }
            | IngestError::InvalidEncoding { source_name, .. }
            | IngestError::Json { source_name, .. }
            | IngestError::MissingText { source_name }
            | IngestError::Blank { source_name }
            | IngestError::TooLarge { source_name, .. } => source_name,
        }
    }
}

pub type Item = Result<Input, IngestError>;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Largest document accepted, in bytes.
    pub max_doc_bytes: usize,
    /// The encoding of plain-text and JSON Lines input when it is not
    /// UTF-8 (`--encoding windows-1252`); `None`: UTF-8. HTML, feeds and
    /// WARC records name their own.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Options {
    /// The encoding for `--encoding LABEL` (WHATWG labels: "latin1",
    /// "windows-1252", "iso-8859-2", "shift_jis", …). Only encodings that
    /// keep ASCII as ASCII: lines are split on the newline byte, and UTF-16
    /// files are recognised by their byte-order mark without it.
    pub fn encoding_for(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
        match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(e) if e.is_ascii_compatible() => Ok(e),
            Some(e) => Err(format!(
                "{} input is not supported this way; a UTF-16 text file with a byte-order mark is read as it is",
                e.name()
            )),
            None => Err(format!(
                "unknown encoding {label:?} (try utf-8, windows-1252, iso-8859-15, iso-8859-2, shift_jis, gbk)"
            )),
        }
    }

    /// Largest file of many articles (a feed, a JSON array) read whole:
    /// sixteen documents' worth.
    pub fn max_many_bytes(self) -> usize {
        self.max_doc_bytes.saturating_mul(16)
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_doc_bytes: 10 * 1024 * 1024,
            encoding: None,
        }
    }
}

#[derive(Deserialize)]
struct JsonDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    date: Option<String>,
    dct: Option<String>,
    outlet: Option<String>,
    meta: Option<JsonMeta>,
}

#[derive(Deserialize)]
struct JsonMeta {
    publication_date: Option<String>,
}

/// Parse a date given as `YYYY-MM-DD` or an ISO timestamp starting so.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// A source still to be read.
enum Source {
    Path(PathBuf),
    Stdin,
}

/// The streaming reader over all inputs.
pub struct Reader {
    pending: std::vec::IntoIter<Source>,
    current: Option<JsonLines>,
    opts: Options,
    /// Errors found while listing directories, reported in order.
    queued: std::collections::VecDeque<Item>,
    /// Directories given that hold no (visible) file.
    empty_dirs: Vec<PathBuf>,
}

struct JsonLines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

impl Reader {
    /// Inputs: files, directories (every file below, sorted) or `-` for stdin.
    /// No paths at all means stdin.
    pub fn new(paths: &[PathBuf], opts: Options) -> Reader {
        let mut sources = Vec::new();
        let mut queued = std::collections::VecDeque::new();
        let mut empty_dirs = Vec::new();
        if paths.is_empty() {
            sources.push(Source::Stdin);
        }
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push(Source::Stdin);
            } else if p.is_dir() {
                let mut files: Vec<PathBuf> = Vec::new();
                for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            let hidden = e.file_name().to_string_lossy().starts_with('.');
                            if !hidden {
                                files.push(e.into_path());
                            }
                        }
                        Ok(_) => {}
                        Err(err) => queued.push_back(Err(IngestError::Io {
                            source_name: p.display().to_string(),
                            err: io::Error::other(err.to_string()),
                        })),
                    }
                }
                if files.is_empty() {
                    empty_dirs.push(p.clone());
                }
                sources.extend(files.into_iter().map(Source::Path));
            } else {
                sources.push(Source::Path(p.clone()));
            }
        }
        Reader {
            pending: sources.into_iter(),
            current: None,
            opts,
            queued,
            empty_dirs,
        }
    }

    /// The directories given that hold no file to read (hidden files
    /// aside): nothing comes of them, which the caller may want to say.
    pub fn empty_dirs(&self) -> &[PathBuf] {
        &self.empty_dirs
    }

    fn open(&mut self, src: Source) -> Option<Item> {
        match src {
            Source::Stdin => {
                let mut r: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, io::stdin()));
                let first = match r.fill_buf() {
                    // Nothing at all: no document (a streaming runner's
                    // empty partition gives no output line).
                    Ok([]) => return None,
                    Ok(b) => b.iter().find(|c| !c.is_ascii_whitespace()).copied(),
                    Err(err) => {
                        return Some(Err(IngestError::Io {
                            source_name: "stdin".into(),
                            err,
                        }))
                    }
                };
                if first == Some(b'{') {
                    self.current = Some(JsonLines {
                        name: "stdin".into(),
                        reader: r,
                        line: 0,
                    });
                    None
                } else if r.fill_buf().is_ok_and(starts_json_array) {
                    let items = read_json_array(&mut r, "stdin", self.opts).unwrap_or_else(|e| vec![Err(e)]);
                    self.first_then_queue(items)
                } else {
                    Some(read_text(&mut r, "stdin", "stdin", self.opts))
                }
            }
            Source::Path(p) => {
                let name = p.display().to_string();
                if let Some(kind) = web::kind_of(&p) {
                    let items = self.open_web(&p, kind);
                    return self.first_then_queue(items);
                }
                let mut file = match File::open(&p) {
                    Ok(f) => f,
                    Err(err) => return Some(Err(IngestError::Io { source_name: name, err })),
                };
                // A .json file may be one document pretty-printed over
                // several lines, or an array of them, as well as lines.
                if p.extension().is_some_and(|e| e == "json") {
                    match whole_json(&mut file, &name, self.opts) {
                        Ok(Some(items)) => return self.first_then_queue(items),
                        Ok(None) => {}
                        Err(e) => return Some(Err(e)),
                    }
                    if let Err(err) = file.rewind() {
                        return Some(Err(IngestError::Io { source_name: name, err }));
                    }
                }
                if is_jsonl(&p) {
                    self.current = Some(JsonLines {
                        name,
                        reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                        line: 0,
                    });
                    None
                } else {
                    if let Ok(meta) = file.metadata() {
                        if meta.len() > self.opts.max_doc_bytes as u64 {
                            return Some(Err(IngestError::TooLarge {
                                source_name: name,
                                size: meta.len(),
                                limit: self.opts.max_doc_bytes,
                            }));
                        }
                    }
                    let mut r = BufReader::new(file);
                    // A text file's id is its name without extension ("seed-000").
                    let id = p.file_stem().map_or(name.clone(), |s| s.to_string_lossy().into_owned());
                    Some(read_text(&mut r, &name, &id, self.opts))
                }
            }
        }
    }
}

impl Reader {
    /// The first of a file's documents now, the rest queued behind it.
    fn first_then_queue(&mut self, items: Vec<Item>) -> Option<Item> {
        let mut items = items.into_iter();
        let first = items.next();
        self.queued.extend(items);
        first
    }

    /// HTML pages, feeds and WARC archives: all their articles at once.
    fn open_web(&self, p: &Path, kind: web::Kind) -> Vec<Item> {
        let name = p.display().to_string();
        let read = |limit: usize| -> Result<Vec<u8>, IngestError> {
            let mut f = File::open(p).map_err(|err| IngestError::Io {
                source_name: name.clone(),
                err,
            })?;
            web::read_all(&mut f, &name, limit)
        };
        match kind {
            web::Kind::Html => {
                let id = p.file_stem().map_or(name.clone(), |s| s.to_string_lossy().into_owned());
                vec![read(self.opts.max_doc_bytes).and_then(|b| web::html_input(&b, &name, &id, self.opts))]
            }
            web::Kind::Feed => match read(self.opts.max_many_bytes()) {
                Ok(b) => web::feed_inputs(&b, &name),
                Err(e) => vec![Err(e)],
            },
            web::Kind::Warc => web::warc_inputs(p, false, self.opts),
            web::Kind::WarcGz => web::warc_inputs(p, true, self.opts),
        }
    }
}

fn is_jsonl(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "json")
    )
}

fn read_text(r: &mut dyn Read, name: &str, id: &str, opts: Options) -> Item {
    let mut buf = Vec::new();
    let n = r
        .take(opts.max_doc_bytes as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|err| IngestError::Io {
            source_name: name.to_string(),
            err,
        })?;
    if n > opts.max_doc_bytes {
        return Err(IngestError::TooLarge {
            source_name: name.to_string(),
            size: n as u64,
            limit: opts.max_doc_bytes,
        });
    }
    let text = match utf16_with_bom(&buf) {
        Some(r) => r.map_err(|byte| IngestError::InvalidUtf16 {
            source_name: name.to_string(),
            byte,
        })?,
        None => decode(buf, name, 1, opts)?,
    };
    Ok(Input {
        id: id.to_string(),
        text,
        date: None,
        source: name.to_string(),
        outlet: None,
        warnings: Vec::new(),
    })
}

/// A whole file that opens with a UTF-16 byte-order mark (what Windows
/// tools write as "Unicode" text), decoded without the mark; `None` when
/// there is no such mark. The error is the byte offset of a lone surrogate.
/// (Only whole files: a JSON Lines reader splits UTF-8 lines on bytes.)
fn utf16_with_bom(buf: &[u8]) -> Option<Result<String, usize>> {
    let little = match buf {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = buf.get(2..).unwrap_or_default().chunks(2).map(|c| match (c, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        // An odd last byte cannot be a code unit: a lone high surrogate
        // makes the decoder report it.
        _ => 0xd800,
    });
    let mut text = String::with_capacity(buf.len() / 2);
    let mut at = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Some(Err(at)),
        }
    }
    Some(Ok(text))
}

/// Bytes → String, with a precise error for binary data or bad UTF-8 (or
/// bad text in the encoding `opts` names).
fn decode(buf: Vec<u8>, name: &str, first_line: usize, opts: Options) -> Result<String, IngestError> {
    if buf.iter().take(8192).any(|&b| b == 0) {
        return Err(IngestError::Binary {
            source_name: name.to_string(),
        });
    }
    if let Some(enc) = opts.encoding.filter(|&e| e != encoding_rs::UTF_8) {
        let (text, _, malformed) = enc.decode(&buf);
        if malformed {
            // Where: the first line that does not decode cleanly.
            let line = buf
                .split(|&b| b == b'\n')
                .position(|l| enc.decode_without_bom_handling_and_without_replacement(l).is_none())
                .unwrap_or(0);
            return Err(IngestError::InvalidEncoding {
                source_name: name.to_string(),
                encoding: enc.name(),
                line: first_line + line,
            });
        }
        return Ok(text.into_owned());
    }
    match String::from_utf8(buf) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = first_line + bytes.iter().take(at).filter(|&&b| b == b'\n').count();
            Err(IngestError::InvalidUtf8 {
                source_name: name.to_string(),
                line,
                byte: at,
            })
        }
    }
}

impl JsonLines {
    /// Next line as a document; `None` at end of input.
    fn next_doc(&mut self, opts: Options) -> Option<Item> {
        self.line += 1;
        let src = format!("{}:{}", self.name, self.line);
        let mut buf = Vec::new();
        let limit = opts.max_doc_bytes as u64 + 1;
        let n = match (&mut self.reader).take(limit).read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(err) => return Some(Err(IngestError::Io { source_name: src, err })),
        };
        if n == 0 {
            return None;
        }
        if buf.len() as u64 >= limit && !buf.ends_with(b"\n") {
            // Skip the rest of the oversized line without holding it.
            let mut size = buf.len() as u64;
            drop(buf);
            loop {
                let chunk = match self.reader.fill_buf() {
                    Ok(c) => c,
                    Err(err) => return Some(Err(IngestError::Io { source_name: src, err })),
                };
                if chunk.is_empty() {
                    break;
                }
                if let Some(p) = chunk.iter().position(|&b| b == b'\n') {
                    size += p as u64;
                    self.reader.consume(p + 1);
                    break;
                }
                let l = chunk.len();
                size += l as u64;
                self.reader.consume(l);
            }
            return Some(Err(IngestError::TooLarge {
                source_name: src,
                size,
                limit: opts.max_doc_bytes,
            }));
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            return Some(Err(IngestError::Blank { source_name: src }));
        }
        let line = match decode(buf, &self.name, self.line, opts) {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        };
        Some(parse_json_doc(&line, &src))
    }
}

/// A `.json` file that is one JSON value over several lines: its document
/// (an object) or documents (an array of objects, named `FILE[i]`).
/// `None` when its first line is a document of its own and not an array:
/// JSON Lines, read as such (the caller rewinds the file).
fn whole_json(file: &mut File, name: &str, opts: Options) -> Result<Option<Vec<Item>>, IngestError> {
    let limit = opts.max_many_bytes();
    let io_err = |err| IngestError::Io {
        source_name: name.to_string(),
        err,
    };
    let mut r = BufReader::new(Read::by_ref(file).take(limit as u64 + 1));
    let mut buf = Vec::new();
    r.read_until(b'\n', &mut buf).map_err(io_err)?;
    // A first line that is a document of its own, or looks like one (a
    // broken line of JSON Lines must not hide the good ones after it), or
    // is blank or the only line: JSON Lines, read on as that. An array is
    // read whole, even on one line (`[{"text": …}, …]`).
    let first_alone =
        serde_json::from_slice::<serde::de::IgnoredAny>(&buf).is_ok() || buf.trim_ascii_end().ends_with(b"}");
    let array = buf.trim_ascii_start().starts_with(b"[");
    if !array && (first_alone || buf.iter().all(u8::is_ascii_whitespace) || !buf.ends_with(b"\n")) {
        return Ok(None);
    }
    r.read_to_end(&mut buf).map_err(io_err)?;
    json_documents(&buf, name, limit).map(Some)
}

/// Does stdin's text open a JSON array of documents (`[` then `{` or `]`)?
/// An article may begin with a bracket ("[Updated] The council …"), so a
/// bracket alone does not make JSON.
fn starts_json_array(buf: &[u8]) -> bool {
    let mut rest = buf.iter().filter(|c| !c.is_ascii_whitespace());
    rest.next() == Some(&b'[') && matches!(rest.next(), Some(b'{' | b']'))
}

/// A JSON array of documents read whole from a stream (stdin).
fn read_json_array(r: &mut dyn BufRead, name: &str, opts: Options) -> Result<Vec<Item>, IngestError> {
    let buf = web::read_all(r, name, opts.max_many_bytes())?;
    json_documents(&buf, name, opts.max_many_bytes())
}

/// The documents of one JSON value: an object, or an array of objects
/// (named `NAME[i]`).
fn json_documents(buf: &[u8], name: &str, limit: usize) -> Result<Vec<Item>, IngestError> {
    if buf.len() > limit {
        return Err(IngestError::TooLarge {
            source_name: name.to_string(),
            size: buf.len() as u64,
            limit,
        });
    }
    let value = serde_json::from_slice::<serde_json::Value>(buf).map_err(|e| IngestError::Json {
        source_name: name.to_string(),
        msg: format!(
            "{e} (read as one JSON value, a document or an array of them; JSON Lines hold one document per line)"
        ),
    })?;
    Ok(match value {
        serde_json::Value::Array(docs) => docs
            .into_iter()
            .enumerate()
            .map(|(i, v)| json_doc(serde_json::from_value(v), &format!("{name}[{i}]")))
            .collect(),
        v @ serde_json::Value::Object(_) => vec![json_doc(serde_json::from_value(v), name)],
        _ => vec![Err(IngestError::Json {
            source_name: name.to_string(),
            msg: "expected a JSON object (one document) or an array of them".into(),
        })],
    })
}

fn parse_json_doc(line: &str, src: &str) -> Item {
    // serde would read an array as a struct's fields in order, and say
    // so in its own terms; say what the line should be instead.
    if line.trim_start().starts_with('[') {
        return Err(IngestError::Json {
            source_name: src.to_string(),
            msg: "expected one JSON object per line (a document with a \"text\" field), found an array; \
                  a .json file may hold an array of documents"
                .into(),
        });
    }
    json_doc(serde_json::from_str(line), src)
}

fn json_doc(parsed: Result<JsonDoc, serde_json::Error>, src: &str) -> Item {
    let d = parsed.map_err(|e| IngestError::Json {
        source_name: src.to_string(),
        msg: e.to_string(),
    })?;
    let text = d.text.ok_or_else(|| IngestError::MissingText {
        source_name: src.to_string(),
    })?;
    let id = match d.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => src.to_string(),
        Some(v) => v.to_string(),
    };
    let mut warnings = Vec::new();
    let raw_date = d.date.or(d.dct).or(d.meta.and_then(|m| m.publication_date));
    let date = raw_date.as_deref().and_then(|s| {
        let p = parse_date(s);
        if p.is_none() && !s.trim().is_empty() {
            warnings.push(format!("{src}: ignoring unreadable date {s:?} (expected YYYY-MM-DD)"));
        }
        p
    });
    Ok(Input {
        id,
        text,
        date,
        source: src.to_string(),
        outlet: d.outlet.filter(|o| !o.trim().is_empty()),
        warnings,
    })
}

impl Iterator for Reader {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(q) = self.queued.pop_front() {
                return Some(q);
            }
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next_doc(self.opts) {
                    return Some(item);
                }
                self.current = None;
            }
            let src = self.pending.next()?;
            if let Some(item) = self.open(src) {
                return Some(item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(paths: &[PathBuf]) -> Vec<Item> {
        Reader::new(
            paths,
            Options {
                max_doc_bytes: 1000,
                encoding: None,
            },
        )
        .collect()
    }

    #[test]
    fn jsonl_errors_name_the_line_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.jsonl");
        let mut f = File::create(&p).unwrap();
        writeln!(f, r#"{{"id":"a","text":"One.","date":"2023-05-13"}}"#).unwrap();
        writeln!(f, "not json").unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"id":"b"}}"#).unwrap();
        f.write_all(b"{\"id\":\"c\",\"text\":\"bad \xff\"}\n").unwrap();
        writeln!(f, r#"{{"id":"d","text":"{}"}}"#, "x".repeat(5000)).unwrap();
        writeln!(f, r#"{{"id":7,"text":"Last."}}"#).unwrap();
        drop(f);
        let items = read_all(&[p]);
        // One item per line, the blank one included.
        assert_eq!(items.len(), 7);
        assert_eq!(items[0].as_ref().unwrap().date.unwrap().to_string(), "2023-05-13");
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.kind(), "invalid_json");
        assert!(e.source_name().ends_with("in.jsonl:2"), "{}", e.source_name());
        assert_eq!(items[2].as_ref().unwrap_err().kind(), "blank_line");
        assert!(items[2].as_ref().unwrap_err().source_name().ends_with(":3"));
        assert_eq!(items[3].as_ref().unwrap_err().kind(), "missing_text");
        assert!(items[3].as_ref().unwrap_err().source_name().ends_with(":4"));
        assert_eq!(items[4].as_ref().unwrap_err().kind(), "invalid_utf8");
        assert_eq!(items[5].as_ref().unwrap_err().kind(), "too_large");
        assert_eq!(items[6].as_ref().unwrap().id, "7");
    }

    #[test]
    fn text_files_binary_empty_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "Hello world.").unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), b"\x00\x01\x02binary").unwrap();
        std::fs::write(dir.path().join("sub/c.txt"), "").unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let items = read_all(&[dir.path().to_path_buf()]);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().text, "Hello world.");
        assert_eq!(items[1].as_ref().unwrap_err().kind(), "binary");
        assert_eq!(items[2].as_ref().unwrap().text, "");
        let missing = read_all(&[dir.path().join("nope.txt")]);
        assert_eq!(missing[0].as_ref().unwrap_err().kind(), "io");
    }

    #[test]
    fn utf16_text_files_with_a_byte_order_mark_are_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{201c}Nous gagnerons,\u{201d} a dit Ren\u{e9}e \u{1f600}.";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        // "ab", then a high surrogate with no low one after it.
        let lone = [0xff, 0xfe, b'a', 0, b'b', 0, 0x3d, 0xd8, b'c', 0];
        let odd = [0xff, 0xfe, b'a', 0, b'b'];
        for (name, bytes) in [("a.txt", &le[..]), ("b.txt", &be), ("c.txt", &lone), ("d.txt", &odd)] {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let items = read_all(&[dir.path().to_path_buf()]);
        assert_eq!(items[0].as_ref().unwrap().text, text);
        assert_eq!(items[1].as_ref().unwrap().text, text);
        let err = items[2].as_ref().unwrap_err();
        assert_eq!(err.kind(), "invalid_utf16");
        assert!(err.to_string().contains("byte 6"), "{err}");
        assert_eq!(items[3].as_ref().unwrap_err().kind(), "invalid_utf16");
    }

    #[test]
    fn a_named_encoding_decodes_text_and_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        // "René Müller" in windows-1252, with its curly apostrophe (0x92).
        std::fs::write(dir.path().join("a.txt"), b"Ren\xe9 M\xfcller\x92s port.").unwrap();
        std::fs::write(
            dir.path().join("b.jsonl"),
            b"{\"id\": \"x\", \"text\": \"K\xf6ln\"}\n{\"id\": \"y\", \"text\": \"plain\"}\n",
        )
        .unwrap();
        let latin = Options {
            encoding: Some(Options::encoding_for("windows-1252").unwrap()),
            ..Options::default()
        };
        let items: Vec<Item> = Reader::new(&[dir.path().to_path_buf()], latin).collect();
        assert_eq!(items[0].as_ref().unwrap().text, "Ren\u{e9} M\u{fc}ller\u{2019}s port.");
        assert_eq!(items[1].as_ref().unwrap().text, "K\u{f6}ln");
        assert_eq!(items[2].as_ref().unwrap().text, "plain");
        // Without it, the same file is an error that names the way out.
        let items = read_all(&[dir.path().join("a.txt")]);
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.kind(), "invalid_utf8");
        assert!(err.to_string().contains("--encoding"), "{err}");
        // Bytes that are no text in the named encoding: an error with its line.
        std::fs::write(dir.path().join("c.txt"), b"fine\n\x82\xa0\xff\n").unwrap();
        let sjis = Options {
            encoding: Some(Options::encoding_for("shift_jis").unwrap()),
            ..Options::default()
        };
        let items: Vec<Item> = Reader::new(&[dir.path().join("c.txt")], sjis).collect();
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.kind(), "invalid_encoding");
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(Options::encoding_for("utf-16le").is_err());
        assert!(Options::encoding_for("klingon").is_err());
    }
}
