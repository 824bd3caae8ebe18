//! He/she pronouns against coreference chains (GUM: `{"id","text",
//! "entities":[{"start","end","cluster"}]}`). There is no shared scorer
//! for this; it measures what a reader of dateline's entities sees: is
//! "she" linked to the right named person?
//!
//! A gold pronoun counts when an earlier mention of its chain exists. A
//! predicted link is right when the entity it joins has an earlier name or
//! description lying inside a mention of the pronoun's chain (GUM mentions
//! are whole noun phrases, "Brigadier General Esmail Qaani, who …", ours
//! are heads). Pronouns linked to a chain of pronouns alone would prove
//! nothing and are not credited.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{load, prf, round4, span_of, Docs, EvalError};

const PRONOUNS: &[&str] = &["he", "him", "his", "himself", "she", "her", "hers", "herself"];

pub fn score_docs(gold: &Docs, pred: &Docs) -> Value {
    let (mut with_antecedent, mut linked, mut right) = (0usize, 0usize, 0usize);
    for id in &gold.order {
        let g = &gold.by_id[id];
        let text: Vec<char> = g.get("text").and_then(Value::as_str).unwrap_or("").chars().collect();
        let surface = |(s, e): (i64, i64)| -> String {
            text.get(s.max(0) as usize..(e.max(0) as usize).min(text.len()))
                .map_or(String::new(), |c| c.iter().collect::<String>().to_lowercase())
        };
        let chains: Vec<((i64, i64), i64)> = super::gold_entities(g)
            .filter_map(|(span, e)| Some((span, e.get("cluster")?.as_i64()?)))
            .collect();
        let has_antecedent = |span: (i64, i64), c: i64| chains.iter().any(|&(s, k)| k == c && s.1 <= span.0);
        // Gold pronouns with an antecedent.
        let gold_pronouns: HashMap<(i64, i64), i64> = chains
            .iter()
            .filter(|(s, c)| PRONOUNS.contains(&surface(*s).as_str()) && has_antecedent(*s, *c))
            .copied()
            .collect();
        with_antecedent += gold_pronouns.len();
        let entities = pred
            .by_id
            .get(id)
            .and_then(|d| d.get("entities"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for e in entities {
            let mentions: Vec<((i64, i64), &str)> = e
                .get("mentions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| Some((span_of(m.get("span"))?, m.get("kind")?.as_str()?)))
                .collect();
            for &(span, kind) in &mentions {
                let Some(&c) = gold_pronouns.get(&span).filter(|_| kind == "pronoun") else {
                    continue;
                };
                linked += 1;
                let inside_chain = |m: (i64, i64)| chains.iter().any(|&(s, k)| k == c && s.0 <= m.0 && m.1 <= s.1);
                if mentions
                    .iter()
                    .any(|&(m, k)| k != "pronoun" && m.1 <= span.0 && inside_chain(m))
                {
                    right += 1;
                }
            }
        }
    }
    let (p, r, f) = prf(right, linked, with_antecedent);
    json!({
        "pronouns": with_antecedent, "linked": linked, "right": right,
        "precision": round4(p), "recall": round4(r), "f1": round4(f),
    })
}

pub fn score(gold: &str, pred: &str) -> Result<Value, EvalError> {
    Ok(score_docs(&load(gold)?, &load(pred)?))
}

pub fn report(r: &Value) -> String {
    let n = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    format!(
        "he/she pronouns with an antecedent in gold {}, linked to an entity {}, to the right named one {}\n\
         precision {:.3}  recall {:.3}  F1 {:.3}\n",
        n("pronouns"),
        n("linked"),
        n("right"),
        n("precision"),
        n("recall"),
        n("f1")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(v: Value) -> Docs {
        let id = v["id"].as_str().unwrap_or_default().to_string();
        Docs {
            order: vec![id.clone()],
            by_id: [(id, v)].into_iter().collect(),
        }
    }

    #[test]
    fn a_pronoun_is_right_only_through_a_named_mention_of_its_chain() {
        // "Ana Ruiz met Tom Bell. She left. He stayed."
        let gold = docs(json!({"id": "d", "text": "Ana Ruiz met Tom Bell. She left. He stayed.",
            "entities": [{"start": 0, "end": 8, "cluster": 1}, {"start": 13, "end": 21, "cluster": 2},
                         {"start": 23, "end": 26, "cluster": 1}, {"start": 33, "end": 35, "cluster": 2}]}));
        // "She" joins Ana Ruiz (right); "He" joins Ana Ruiz too (wrong).
        let pred = docs(json!({"id": "d", "entities": [
            {"mentions": [{"span": [0, 8], "kind": "name"}, {"span": [23, 26], "kind": "pronoun"},
                          {"span": [33, 35], "kind": "pronoun"}]},
            {"mentions": [{"span": [13, 21], "kind": "name"}]}]}));
        let r = score_docs(&gold, &pred);
        assert_eq!(
            (r["pronouns"].as_u64(), r["linked"].as_u64(), r["right"].as_u64()),
            (Some(2), Some(2), Some(1))
        );
    }
}
