//! `score_entities.py`.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::{load, prf, round4, Docs, EvalError};

const LABELS: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

fn label(t: &str) -> String {
    match t {
        "PERSON" | "PER" => "PER".into(),
        "PLACE" | "LOC" => "LOC".into(),
        other => other.into(),
    }
}

fn predicted(doc: Option<&Value>) -> HashSet<(i64, i64, String)> {
    let mut out = HashSet::new();
    let Some(ents) = doc.and_then(|d| d.get("entities")).and_then(Value::as_array) else {
        return out;
    };
    for e in ents {
        let lab = label(e.get("type").and_then(Value::as_str).unwrap_or(""));
        for m in e.get("mentions").and_then(Value::as_array).into_iter().flatten() {
            if m.is_object() {
                if m.get("kind").and_then(Value::as_str).unwrap_or("name") != "name" {
                    continue;
                }
                if let Some((s, t)) = super::span_of(m.get("span")) {
                    out.insert((s, t, lab.clone()));
                }
            } else if let Some((s, t)) = super::span_of(Some(m)) {
                out.insert((s, t, lab.clone()));
            }
        }
    }
    out
}

pub fn score_docs(gold: &Docs, pred: &Docs) -> Value {
    let (mut tp, mut n_pred, mut n_gold) = (0, 0, 0);
    let mut per = [[0usize; 3]; 4];
    for id in &gold.order {
        let g = &gold.by_id[id];
        let gs: HashSet<(i64, i64, String)> = super::gold_entities(g)
            .filter_map(|((s, t), e)| Some((s, t, e.get("label")?.as_str()?.to_string())))
            .collect();
        let ps = predicted(pred.by_id.get(id));
        let both: HashSet<_> = gs.intersection(&ps).cloned().collect();
        tp += both.len();
        n_pred += ps.len();
        n_gold += gs.len();
        for (k, lab) in LABELS.iter().enumerate() {
            per[k][0] += both.iter().filter(|x| x.2 == *lab).count();
            per[k][1] += ps.iter().filter(|x| x.2 == *lab).count();
            per[k][2] += gs.iter().filter(|x| x.2 == *lab).count();
        }
    }
    let cell = |tp, np, ng| {
        let (p, r, f) = prf(tp, np, ng);
        json!({"p": round4(p), "r": round4(r), "f1": round4(f)})
    };
    let mut res = serde_json::Map::new();
    res.insert("all".into(), cell(tp, n_pred, n_gold));
    if !gold.order.is_empty() {
        for (k, lab) in LABELS.iter().enumerate() {
            res.insert(lab.to_string(), cell(per[k][0], per[k][1], per[k][2]));
        }
    }
    res.insert(
        "counts".into(),
        json!({"gold": n_gold, "pred": n_pred, "docs": gold.order.len()}),
    );
    Value::Object(res)
}

pub fn score(gold: &str, pred: &str) -> Result<Value, EvalError> {
    Ok(score_docs(&load(gold)?, &load(pred)?))
}

pub fn report(res: &Value) -> String {
    let mut out = String::new();
    for k in ["PER", "ORG", "LOC", "MISC", "all"] {
        let m = &res[k];
        out += &format!(
            "{:5} P {:.3}  R {:.3}  F1 {:.3}\n",
            k,
            m["p"].as_f64().unwrap_or(0.0),
            m["r"].as_f64().unwrap_or(0.0),
            m["f1"].as_f64().unwrap_or(0.0)
        );
    }
    out
}
