//! Readers for the web's formats: HTML pages (main content, not menus and
//! footers), RSS / Atom feeds (one article per item) and WARC archives
//! (response records carrying HTML). Each turns into the same `Input`
//! documents as text and JSONL.
//!
//! Main-content extraction and page metadata (title, publication date,
//! site name from meta tags and JSON-LD) come from `rs-trafilatura`, feeds
//! from `feed-rs`, WARC records from `warc`: well-kept crates for jobs with
//! many corner cases.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::{IngestError, Input, Item, Options};

/// Which web format a path holds, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Feed,
    Warc,
    WarcGz,
}

pub fn kind_of(p: &Path) -> Option<Kind> {
    let name = p.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".warc.gz") {
        return Some(Kind::WarcGz);
    }
    match p.extension()?.to_string_lossy().to_lowercase().as_str() {
        "html" | "htm" | "xhtml" => Some(Kind::Html),
        "rss" | "atom" | "xml" => Some(Kind::Feed),
        "warc" => Some(Kind::Warc),
        _ => None,
    }
}

fn parse_error(name: &str, what: &str, msg: impl std::fmt::Display) -> IngestError {
    IngestError::Io {
        source_name: name.to_string(),
        err: std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not a readable {what}: {msg}")),
    }
}

/// The article in an HTML page: title, then the main text.
pub fn html_input(html: &[u8], name: &str, id: &str, opts: Options) -> Item {
    if html.len() > opts.max_doc_bytes {
        return Err(IngestError::TooLarge {
            source_name: name.to_string(),
            size: html.len() as u64,
            limit: opts.max_doc_bytes,
        });
    }
    // Binary data is not a page (trafilatura would decode anything).
    if html.iter().take(4096).any(|&b| b == 0) {
        return Err(IngestError::Binary {
            source_name: name.to_string(),
        });
    }
    let page = rs_trafilatura::extract_bytes(html).map_err(|e| parse_error(name, "HTML page", e))?;
    let body = page.content_text.trim();
    if body.is_empty() {
        return Err(parse_error(name, "HTML page", "no main text found"));
    }
    let title = page.metadata.title.as_deref().map(str::trim).unwrap_or("");
    let text = if title.is_empty() || body.starts_with(title) {
        body.to_string()
    } else {
        format!("{title}\n\n{body}")
    };
    Ok(Input {
        id: id.to_string(),
        text,
        date: page.metadata.date.map(|d| d.date_naive()),
        source: name.to_string(),
        outlet: page.metadata.sitename.clone().or(page.metadata.hostname.clone()),
        warnings: Vec::new(),
    })
}

/// Text of a feed item's HTML (or plain) content.
fn item_text(s: &str) -> String {
    if s.contains('<') {
        if let Ok(r) = rs_trafilatura::extract(&format!("<html><body><article>{s}</article></body></html>")) {
            if !r.content_text.trim().is_empty() {
                return r.content_text.trim().to_string();
            }
        }
    }
    s.trim().to_string()
}

/// One article per feed item: title, then the full content when the feed
/// carries it, else the summary.
pub fn feed_inputs(bytes: &[u8], name: &str) -> Vec<Item> {
    // feed-rs gives an item with no guid and no link a random UUID, so the
    // same feed read twice would store its articles twice. Such an item is
    // named by its place in the feed instead ("feed.rss#3"), as a JSON
    // Lines document with no id is by its line.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(parse_error(name, "RSS or Atom feed", e))],
    };
    let outlet = feed.title.as_ref().map(|t| item_text(&t.content));
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(k, e)| {
            let source = format!("{name}#{}", k + 1);
            let body = e
                .content
                .as_ref()
                .and_then(|c| c.body.as_deref())
                .or(e.summary.as_ref().map(|s| s.content.as_str()))
                .map(item_text)
                .unwrap_or_default();
            let title = e.title.as_ref().map(|t| item_text(&t.content)).unwrap_or_default();
            if body.is_empty() && title.is_empty() {
                return Err(IngestError::MissingText { source_name: source });
            }
            let text = match (title.is_empty(), body.is_empty()) {
                (false, false) => format!("{title}\n\n{body}"),
                (true, _) => body,
                (_, true) => title,
            };
            let id = e
                .links
                .first()
                .map(|l| l.href.clone())
                .filter(|h| !h.is_empty())
                .or(Some(e.id).filter(|i| !i.is_empty()))
                .unwrap_or_else(|| source.clone());
            Ok(Input {
                id,
                text,
                date: e.published.or(e.updated).map(|d| d.date_naive()),
                source,
                outlet: outlet.clone(),
                warnings: Vec::new(),
            })
        })
        .collect()
}

/// The HTML pages of a WARC file's response records, one article each
/// (other records — requests, metadata, images — are skipped).
pub fn warc_inputs(path: &Path, gz: bool, opts: Options) -> Vec<Item> {
    let name = path.display().to_string();
    // Opened read-only here: warc's own `from_path` asks for write access.
    let file = match std::fs::File::open(path) {
        Ok(f) => std::io::BufReader::with_capacity(1 << 20, f),
        Err(err) => return vec![Err(IngestError::Io { source_name: name, err })],
    };
    let mut stream: Box<dyn std::io::BufRead> = if gz {
        match libflate::gzip::MultiDecoder::new(file) {
            Ok(d) => Box::new(std::io::BufReader::new(d)),
            Err(err) => return vec![Err(IngestError::Io { source_name: name, err })],
        }
    } else {
        Box::new(file)
    };
    // Anything else (a misnamed file, garbage) is an error, not an empty archive.
    match stream.fill_buf() {
        Ok(head) if head.starts_with(b"WARC/") => {}
        Ok(_) => {
            return vec![Err(parse_error(
                &name,
                "WARC file",
                "it does not start with a WARC/ header",
            ))]
        }
        Err(err) => return vec![Err(IngestError::Io { source_name: name, err })],
    }
    let records = warc::WarcReader::new(stream).iter_records();
    let mut out = Vec::new();
    for (k, rec) in records.enumerate() {
        let source = format!("{name}#{}", k + 1);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(parse_error(&source, "WARC record", e)));
                // A broken record leaves the stream out of step: stop here.
                break;
            }
        };
        if *rec.warc_type() != warc::RecordType::Response {
            continue;
        }
        let uri = rec
            .header(warc::WarcHeader::TargetURI)
            .map(|u| u.to_string())
            .unwrap_or_else(|| source.clone());
        let body = rec.body();
        // An HTTP response: headers, a blank line, the payload.
        let (head, payload) = match find(body, b"\r\n\r\n") {
            Some(i) => (&body[..i], &body[i + 4..]),
            None => (&body[..0], body),
        };
        let head = String::from_utf8_lossy(head).to_lowercase();
        let is_html = head.contains("content-type: text/html") || head.contains("content-type: application/xhtml");
        if !is_html {
            continue;
        }
        let warc_date: NaiveDate = rec.date().date_naive();
        out.push(html_input(payload, &source, &uri, opts).map(|mut i| {
            i.date = i.date.or(Some(warc_date));
            i
        }));
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Read a whole file (with the size limit) for the HTML and feed readers.
pub fn read_all(r: &mut dyn Read, name: &str, limit: usize) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    r.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|err| IngestError::Io {
            source_name: name.to_string(),
            err,
        })?;
    if buf.len() > limit {
        return Err(IngestError::TooLarge {
            source_name: name.to_string(),
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item's id: its link, else its guid, else its place in the feed —
    /// never a random one, so reading a feed twice names its articles alike.
    #[test]
    fn feed_items_without_guid_or_link_get_stable_ids() {
        let rss = br#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk</title><link>https://desk.example/</link><description>d</description>
<item><title>Fares</title><description>Ana Ruiz said fares would rise.</description></item>
<item><title>Count</title><guid isPermaLink="false">count-7</guid><description>The count went on.</description></item>
<item><title>Port</title><link>https://desk.example/port</link><description>The port closed.</description></item>
</channel></rss>"#;
        let ids =
            |items: Vec<Item>| -> Vec<String> { items.into_iter().filter_map(|i| i.ok()).map(|i| i.id).collect() };
        let first = ids(feed_inputs(rss, "desk.rss"));
        assert_eq!(first, ["desk.rss#1", "count-7", "https://desk.example/port"]);
        assert_eq!(ids(feed_inputs(rss, "desk.rss")), first);
    }
}
