//! `score_loaded.py` (SemEval-2020 Task 11 span identification, partial
//! credit): precision sums, over predicted spans, the share of each covered
//! by gold spans; recall the share of each gold span covered by
//! predictions. Label-blind; only the gold techniques in `labels` count.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::{load, span_of, Docs, EvalError};

/// The techniques scored by default.
pub const DEFAULT_LABELS: [&str; 2] = ["Loaded_Language", "Name_Calling,Labeling"];

fn covered(span: (i64, i64), others: &[(i64, i64)]) -> f64 {
    let (s, e) = span;
    if e <= s {
        return 0.0;
    }
    let mut chars = HashSet::new();
    for &(a, b) in others {
        for c in a.max(s)..b.min(e) {
            chars.insert(c);
        }
    }
    chars.len() as f64 / (e - s) as f64
}

pub fn score_docs(gold: &Docs, pred: &Docs, labels: &[&str]) -> Value {
    let (mut p_sum, mut r_sum) = (0.0f64, 0.0f64);
    let (mut n_pred, mut n_gold) = (0usize, 0usize);
    let empty = Vec::new();
    for id in &gold.order {
        let g: Vec<(i64, i64)> = gold.by_id[id]
            .get("spans")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
            .iter()
            .filter(|s| {
                s.get("technique")
                    .and_then(Value::as_str)
                    .is_some_and(|t| labels.contains(&t))
            })
            .filter_map(|s| Some((s.get("start")?.as_i64()?, s.get("end")?.as_i64()?)))
            .collect();
        let p: Vec<(i64, i64)> = pred
            .by_id
            .get(id)
            .and_then(|d| d.get("loaded"))
            .and_then(Value::as_array)
            .unwrap_or(&empty)
            .iter()
            .filter_map(|x| span_of(x.get("span")))
            .collect();
        n_gold += g.len();
        n_pred += p.len();
        p_sum += p.iter().map(|&x| covered(x, &g)).sum::<f64>();
        r_sum += g.iter().map(|&x| covered(x, &p)).sum::<f64>();
    }
    let p = if n_pred > 0 { p_sum / n_pred as f64 } else { 0.0 };
    let r = if n_gold > 0 { r_sum / n_gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    json!({"p": p, "r": r, "f1": f, "counts": {"gold": n_gold, "pred": n_pred, "docs": gold.order.len()}})
}

pub fn score(gold: &str, pred: &str) -> Result<Value, EvalError> {
    Ok(score_docs(&load(gold)?, &load(pred)?, &DEFAULT_LABELS))
}

pub fn report(res: &Value) -> String {
    let g = |v: &Value| v.as_f64().unwrap_or(0.0);
    format!(
        "gold spans {}, predicted {}\nspan     P {:.3}  R {:.3}  F1 {:.3}\n",
        res["counts"]["gold"],
        res["counts"]["pred"],
        g(&res["p"]),
        g(&res["r"]),
        g(&res["f1"])
    )
}
