//! Scorers that agree with the team's `shared/eval/score_*.py`, number for
//! number (a test runs both on the same files and compares).

pub mod entities;
pub mod loaded;
pub mod pronouns;
pub mod statements;
pub mod syntax;
pub mod timexes;

use std::collections::HashMap;

use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("{path}:{line}: invalid JSON: {msg}{hint}")]
    Json {
        path: String,
        line: usize,
        msg: String,
        /// Empty, or what to do about it (starting with a newline).
        hint: String,
    },
    #[error("{path}:{line}: {msg}")]
    Shape { path: String, line: usize, msg: String },
}

/// Documents of a JSONL file by id, in first-seen order (later duplicates
/// replace earlier ones, as a Python dict does).
#[derive(Default)]
pub struct Docs {
    pub order: Vec<String>,
    pub by_id: HashMap<String, Value>,
}

pub fn load(path: &str) -> Result<Docs, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|err| EvalError::Io {
        path: path.to_string(),
        err,
    })?;
    let mut order = Vec::new();
    let mut by_id = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| EvalError::Json {
            path: path.to_string(),
            line: i + 1,
            msg: e.to_string(),
            hint: whole_document_hint(&text, path),
        })?;
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => {
                return Err(EvalError::Shape {
                    path: path.to_string(),
                    line: i + 1,
                    msg: "no \"id\"".into(),
                })
            }
        };
        if !by_id.contains_key(&id) {
            order.push(id.clone());
        }
        by_id.insert(id, v);
    }
    Ok(Docs { order, by_id })
}

/// When a file that is not JSON Lines is one JSON document over several
/// lines (a pretty-printed gold file, say), say so and how to convert it.
fn whole_document_hint(text: &str, path: &str) -> String {
    if serde_json::from_str::<Value>(text).is_ok() {
        format!(
            "\n  this file is one JSON document over several lines; gold and prediction files are JSON Lines \
             (one document per line), as for the shared scorers: `jq -c . {path}` writes it as one line"
        )
    } else {
        String::new()
    }
}

/// Python's `round(x, 4)`.
pub fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

pub fn prf(tp: usize, n_pred: usize, n_gold: usize) -> (f64, f64, f64) {
    let p = if n_pred > 0 { tp as f64 / n_pred as f64 } else { 0.0 };
    let r = if n_gold > 0 { tp as f64 / n_gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

/// A gold document's `entities` (`{"start", "end", …}`, code points) with
/// their spans; entries without both offsets are skipped.
pub fn gold_entities(doc: &Value) -> impl Iterator<Item = ((i64, i64), &Value)> {
    doc.get("entities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| Some(((e.get("start")?.as_i64()?, e.get("end")?.as_i64()?), e)))
}

/// `[[s, e], ...]` or `[s, e]` → spans.
pub fn spans(v: Option<&Value>) -> Vec<(i64, i64)> {
    let Some(Value::Array(a)) = v else { return Vec::new() };
    if a.len() == 2 && a.iter().all(Value::is_i64) {
        return vec![(a[0].as_i64().unwrap_or(0), a[1].as_i64().unwrap_or(0))];
    }
    a.iter()
        .filter_map(|x| {
            let p = x.as_array()?;
            Some((p.first()?.as_i64()?, p.get(1)?.as_i64()?))
        })
        .collect()
}

pub fn span_of(v: Option<&Value>) -> Option<(i64, i64)> {
    let a = v?.as_array()?;
    Some((a.first()?.as_i64()?, a.get(1)?.as_i64()?))
}
