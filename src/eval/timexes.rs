//! `score_timexes.py` (TempEval-3 style).

use serde_json::{json, Value};

use super::{load, Docs, EvalError};

fn span(x: &Value) -> (i64, i64) {
    for k in ["core_span", "span"] {
        if let Some(s) = super::span_of(x.get(k)) {
            return s;
        }
    }
    (
        x.get("start").and_then(Value::as_i64).unwrap_or(0),
        x.get("end").and_then(Value::as_i64).unwrap_or(0),
    )
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Python's `str()` of a JSON value, for comparing values.
fn py_str(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub fn score_docs(gold: &Docs, pred: &Docs) -> Value {
    let (mut n_gold, mut n_pred, mut relaxed, mut strict, mut value_ok, mut type_ok) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let empty = Vec::new();
    for id in &gold.order {
        let g = gold.by_id[id]
            .get("timexes")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let p = pred
            .by_id
            .get(id)
            .and_then(|d| d.get("timexes"))
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        n_gold += g.len();
        n_pred += p.len();
        let mut pairs = Vec::new();
        for (i, gt) in g.iter().enumerate() {
            let (gs, ge) = span(gt);
            for (j, pt) in p.iter().enumerate() {
                let (ps, pe) = span(pt);
                let inter = ge.min(pe) - gs.max(ps);
                if inter > 0 {
                    pairs.push((inter, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.cmp(a));
        let mut ug = vec![false; g.len()];
        let mut up = vec![false; p.len()];
        for (_, i, j) in pairs {
            if ug[i] || up[j] {
                continue;
            }
            ug[i] = true;
            up[j] = true;
            relaxed += 1;
            strict += (span(&g[i]) == span(&p[j])) as usize;
            value_ok += (py_str(g[i].get("value")) == py_str(p[j].get("value"))) as usize;
            type_ok += (g[i].get("type") == p[j].get("type")) as usize;
        }
    }
    let div = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let (rp, rr) = (div(relaxed, n_pred), div(relaxed, n_gold));
    let (sp, sr) = (div(strict, n_pred), div(strict, n_gold));
    let rf = f1(rp, rr);
    let vacc = div(value_ok, relaxed);
    let tacc = div(type_ok, relaxed);
    json!({
        "relaxed": {"p": rp, "r": rr, "f1": rf},
        "strict": {"p": sp, "r": sr, "f1": f1(sp, sr)},
        "value_accuracy": vacc, "value_f1": rf * vacc, "type_f1": rf * tacc,
        "counts": {"gold": n_gold, "pred": n_pred, "docs": gold.order.len()}
    })
}

pub fn score(gold: &str, pred: &str) -> Result<Value, EvalError> {
    Ok(score_docs(&load(gold)?, &load(pred)?))
}

pub fn report(res: &Value) -> String {
    let g = |v: &Value| v.as_f64().unwrap_or(0.0);
    let mut out = format!("gold {}, predicted {}\n", res["counts"]["gold"], res["counts"]["pred"]);
    for k in ["relaxed", "strict"] {
        out += &format!(
            "{:8} P {:.3}  R {:.3}  F1 {:.3}\n",
            k,
            g(&res[k]["p"]),
            g(&res[k]["r"]),
            g(&res[k]["f1"])
        );
    }
    out += &format!(
        "value    accuracy {:.3}  F1 {:.3}\n",
        g(&res["value_accuracy"]),
        g(&res["value_f1"])
    );
    out += &format!("type     F1 {:.3}\n", g(&res["type_f1"]));
    out
}
