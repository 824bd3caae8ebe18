//! `score_statements.py`.

use serde_json::{json, Value};

use super::{load, prf, round4, spans, Docs, EvalError};

const TRIM: &str = " \t\n\r.,;:!?\"'“”‘’«»—–-()";

struct St {
    content: Vec<(i64, i64)>,
    speaker_spans: Vec<(i64, i64)>,
    name: Option<String>,
    cue: Vec<(i64, i64)>,
}

/// Sorted, merged intervals of a span list (the set of covered chars).
fn merged(sp: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = sp.iter().copied().filter(|(s, e)| e > s).collect();
    v.sort();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn size(m: &[(i64, i64)]) -> i64 {
    m.iter().map(|(s, e)| e - s).sum()
}

fn inter(a: &[(i64, i64)], b: &[(i64, i64)]) -> i64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let lo = a[i].0.max(b[j].0);
        let hi = a[i].1.min(b[j].1);
        if lo < hi {
            n += hi - lo;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

fn overlaps(a: &[(i64, i64)], b: &[(i64, i64)]) -> bool {
    a.iter().any(|&(s1, e1)| b.iter().any(|&(s2, e2)| s1 < e2 && s2 < e1))
}

fn trimmed(text: &[char], sp: &[(i64, i64)]) -> (i64, i64) {
    if sp.is_empty() {
        return (0, 0);
    }
    let mut s = sp.iter().map(|x| x.0).min().unwrap_or(0);
    let mut e = sp.iter().map(|x| x.1).max().unwrap_or(0);
    let at = |k: i64| -> Option<char> {
        if k < 0 {
            text.get((text.len() as i64 + k) as usize).copied()
        } else {
            text.get(k as usize).copied()
        }
    };
    while s < e && at(s).is_some_and(|c| TRIM.contains(c)) {
        s += 1;
    }
    while e > s && at(e - 1).is_some_and(|c| TRIM.contains(c)) {
        e -= 1;
    }
    (s, e)
}

pub fn name_match(gold: Option<&str>, pred: Option<&str>) -> bool {
    let (Some(g), Some(p)) = (gold, pred) else { return false };
    if g.is_empty() || p.is_empty() {
        return false;
    }
    let g: Vec<String> = g.to_lowercase().split_whitespace().map(String::from).collect();
    let p: Vec<String> = p.to_lowercase().split_whitespace().map(String::from).collect();
    g == p || (!g.is_empty() && !p.is_empty() && g.last() == p.last())
}

fn pred_statements(doc: Option<&Value>) -> Vec<St> {
    let Some(list) = doc.and_then(|d| d.get("statements")).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|st| {
            let sp = st.get("speaker").filter(|v| !v.is_null());
            St {
                content: spans(st.get("content")),
                speaker_spans: sp.and_then(|s| super::span_of(s.get("span"))).into_iter().collect(),
                name: sp.and_then(|s| s.get("name")).and_then(Value::as_str).map(String::from),
                cue: super::span_of(st.get("cue")).into_iter().collect(),
            }
        })
        .collect()
}

fn gold_statements(doc: &Value) -> Vec<St> {
    let Some(list) = doc.get("quotes").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|q| {
            let mut content = spans(q.get("content_spans"));
            if content.is_empty() {
                if let (Some(s), Some(e)) = (
                    q.get("content_start").and_then(Value::as_i64),
                    q.get("content_end").and_then(Value::as_i64),
                ) {
                    content = vec![(s, e)];
                }
            }
            St {
                content,
                speaker_spans: spans(q.get("speaker_spans")),
                name: q.get("speaker_canonical").and_then(Value::as_str).map(String::from),
                cue: spans(q.get("cue_spans")),
            }
        })
        .collect()
}

pub const KEYS: [&str; 6] = [
    "overlap",
    "exact",
    "overlap+speaker",
    "exact+speaker",
    "overlap+canonical",
    "cue",
];

pub fn score_docs(golds: &Docs, preds: &Docs) -> Value {
    let (mut n_gold, mut n_pred, mut missing) = (0usize, 0usize, 0usize);
    let mut tp = [0usize; 6];
    for id in &golds.order {
        let g = &golds.by_id[id];
        let text: Vec<char> = g.get("text").and_then(Value::as_str).unwrap_or("").chars().collect();
        let gs = gold_statements(g);
        if !preds.by_id.contains_key(id) {
            missing += 1;
        }
        let ps = pred_statements(preds.by_id.get(id));
        n_gold += gs.len();
        n_pred += ps.len();
        let gm: Vec<Vec<(i64, i64)>> = gs.iter().map(|x| merged(&x.content)).collect();
        let pm: Vec<Vec<(i64, i64)>> = ps.iter().map(|x| merged(&x.content)).collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, gc) in gm.iter().enumerate() {
            for (j, pc) in pm.iter().enumerate() {
                let n = inter(gc, pc);
                let longer = size(gc).max(size(pc));
                if n > 0 && n * 2 >= longer {
                    pairs.push((n as f64 / longer as f64, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
        let mut used_g = vec![false; gs.len()];
        let mut used_p = vec![false; ps.len()];
        for (_, i, j) in pairs {
            if used_g[i] || used_p[j] {
                continue;
            }
            used_g[i] = true;
            used_p[j] = true;
            let (g, p) = (&gs[i], &ps[j]);
            let exact = trimmed(&text, &g.content) == trimmed(&text, &p.content);
            let mut spk =
                overlaps(&g.speaker_spans, &p.speaker_spans) || name_match(g.name.as_deref(), p.name.as_deref());
            if g.speaker_spans.is_empty() && g.name.as_deref().is_none_or(str::is_empty) {
                spk = p.speaker_spans.is_empty();
            }
            let canon = if g.name.as_deref().is_some_and(|n| !n.is_empty()) {
                name_match(g.name.as_deref(), p.name.as_deref())
            } else {
                spk
            };
            tp[0] += 1;
            tp[1] += exact as usize;
            tp[2] += spk as usize;
            tp[3] += (exact && spk) as usize;
            tp[4] += canon as usize;
            tp[5] += overlaps(&g.cue, &p.cue) as usize;
        }
    }
    let mut res = serde_json::Map::new();
    for (k, v) in KEYS.iter().zip(tp) {
        let (p, r, f) = prf(v, n_pred, n_gold);
        res.insert(k.to_string(), json!({"p": round4(p), "r": round4(r), "f1": round4(f)}));
    }
    res.insert(
        "counts".into(),
        json!({"gold": n_gold, "pred": n_pred, "docs": golds.order.len(), "docs_missing_in_pred": missing}),
    );
    Value::Object(res)
}

pub fn score(gold: &str, pred: &str) -> Result<Value, EvalError> {
    Ok(score_docs(&load(gold)?, &load(pred)?))
}

pub fn report(res: &Value) -> String {
    let c = &res["counts"];
    let mut out = format!(
        "docs {} (missing in predictions: {}), gold statements {}, predicted {}\n",
        c["docs"], c["docs_missing_in_pred"], c["gold"], c["pred"]
    );
    for k in KEYS {
        let m = &res[k];
        out += &format!(
            "{:16} P {:.3}  R {:.3}  F1 {:.3}\n",
            k,
            m["p"].as_f64().unwrap_or(0.0),
            m["r"].as_f64().unwrap_or(0.0),
            m["f1"].as_f64().unwrap_or(0.0)
        );
    }
    out
}
