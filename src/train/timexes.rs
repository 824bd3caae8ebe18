//! `dateline train timexes`: the time-expression recogniser, trained on
//! the TempEval-3 silver data (automatic annotation: used for recognition
//! only, values always come from the grammar) and the hand-annotated
//! TimeBank and AQUAINT, reported with the timex scorer.
//!
//! The committed model learns from all three; its figures come from two
//! runs that each hold one hand-annotated set out (see [`timexes`]).

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use super::{predictions, read_gold, write, TrainError};
use crate::document::{Document, Span, TimexType};
use crate::eval::{self, Docs};
use crate::time::learned::{self, TimexTagger};

/// Hand-annotated documents count this many times per pass (silver once).
const GOLD_WEIGHT: usize = 3;

fn ttype(s: &str) -> Option<TimexType> {
    match s {
        "DATE" => Some(TimexType::Date),
        "TIME" => Some(TimexType::Time),
        "DURATION" => Some(TimexType::Duration),
        "SET" => Some(TimexType::Set),
        _ => None,
    }
}

/// Gold BIO labels of a document from its `timexes` (code-point offsets).
fn gold_of(doc: &Document, g: &Value) -> Vec<usize> {
    let spans: Vec<(Span, TimexType)> = g
        .get("timexes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let s = t.get("start")?.as_u64()? as usize;
            let e = t.get("end")?.as_u64()? as usize;
            let ty = ttype(t.get("type")?.as_str()?)?;
            let span = Span::new(doc.offsets.to_byte(&doc.text, s), doc.offsets.to_byte(&doc.text, e));
            Some((span, ty))
        })
        .collect();
    learned::gold_labels(doc, &spans)
}

/// A document set ready for training: the prepared documents, their gold
/// and the grammar's matches.
struct Set {
    docs: Vec<Document>,
    gold: Docs,
    matches: Vec<Vec<(usize, usize, TimexType)>>,
    /// Automatic annotation: where it marks nothing over a grammar match,
    /// the tokens are left unlabelled rather than taught as "no timex".
    /// The silver annotator skips whole classes the hand annotators mark
    /// ("two-year" in 6 of 510 cases, against 31 of 33 in TimeBank and
    /// AQUAINT; "recently", "currently"), and learning its silence taught
    /// the model to pass them over.
    silver: bool,
}

fn load_set(path: &Path, silver: bool) -> Result<Set, TrainError> {
    let (docs, gold) = read_gold(path, crate::pipeline::Lang::En)?;
    // The grammar's matches are features: compute them once per document.
    let matches = docs.par_iter().map(crate::time::grammar_runs).collect();
    Ok(Set {
        docs,
        gold,
        matches,
        silver,
    })
}

/// Train on the given sets, each document repeated `weight` times a pass.
fn train_on(sets: &[(&Set, usize)], iterations: usize, seed: u64, log: &mut dyn FnMut(String)) -> TimexTagger {
    let mut inputs = Vec::new();
    let mut labels = Vec::new();
    for (set, w) in sets {
        for (d, m) in set.docs.iter().zip(&set.matches) {
            if let Some(g) = set.gold.by_id.get(&d.id) {
                inputs.push((learned::Inputs::new(d, m), *w));
                let mut gold = gold_of(d, g);
                if set.silver {
                    for &(a, e, _) in m {
                        if let Some(ls) = gold.get_mut(a..e).filter(|ls| ls.iter().all(|&l| l == 0)) {
                            ls.fill(learned::UNLABELLED);
                        }
                    }
                }
                labels.push(gold);
            }
        }
    }
    let train: Vec<(&learned::Inputs, Vec<usize>, usize)> =
        inputs.iter().zip(labels).map(|((inp, w), l)| (inp, l, *w)).collect();
    TimexTagger::train(&train, iterations, seed, log)
}

fn figures(r: &Value) -> Value {
    let f = |k: &str| r.get(k).and_then(|m| m.get("f1")).cloned().unwrap_or(Value::Null);
    serde_json::json!({
        "relaxed": f("relaxed"), "strict": f("strict"),
        "value_f1": r.get("value_f1").cloned().unwrap_or(Value::Null),
    })
}

/// Train on `silver.jsonl` and both hand-annotated sets (TimeBank,
/// AQUAINT) and write the model. The figures come from two held-out runs
/// first: silver + AQUAINT scored on TimeBank, silver + TimeBank scored
/// on AQUAINT, so every figure is measured on text its model never saw.
pub fn timexes(
    data_dir: &Path,
    out: &Path,
    iterations: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<TimexTagger, TrainError> {
    let silver = load_set(&data_dir.join("silver.jsonl"), true)?;
    let timebank = load_set(&data_dir.join("timebank.jsonl"), false)?;
    let aquaint = load_set(&data_dir.join("aquaint.jsonl"), false)?;
    log(format!(
        "timexes: {} silver, {} TimeBank, {} AQUAINT documents (hand-annotated ones x{GOLD_WEIGHT} a pass)",
        silver.docs.len(),
        timebank.docs.len(),
        aquaint.docs.len()
    ));
    let mut held_out = Docs::default();
    let mut both_gold = Docs::default();
    let mut dev = serde_json::Map::new();
    for (name, test, train) in [("timebank", &timebank, &aquaint), ("aquaint", &aquaint, &timebank)] {
        log(format!("held-out run: {name}"));
        let model = train_on(&[(&silver, 1), (train, GOLD_WEIGHT)], iterations, seed, &mut *log);
        let mut preds = predictions(&test.docs, |d| crate::time::extract_with(d, Some(&model)));
        let r = eval::timexes::score_docs(&test.gold, &preds);
        log(format!("{name} (held out):\n{}", eval::timexes::report(&r)));
        dev.insert(name.into(), figures(&r));
        for id in &test.gold.order {
            both_gold.order.push(id.clone());
            both_gold.by_id.insert(id.clone(), test.gold.by_id[id].clone());
            if let Some(p) = preds.by_id.remove(id) {
                held_out.order.push(id.clone());
                held_out.by_id.insert(id.clone(), p);
            }
        }
    }
    let r = eval::timexes::score_docs(&both_gold, &held_out);
    log(format!(
        "TimeBank + AQUAINT (each held out):\n{}",
        eval::timexes::report(&r)
    ));
    dev.insert("timebank+aquaint".into(), figures(&r));
    log("final model: silver + TimeBank + AQUAINT".into());
    let mut model = train_on(
        &[(&silver, 1), (&timebank, GOLD_WEIGHT), (&aquaint, GOLD_WEIGHT)],
        iterations,
        seed,
        &mut *log,
    );
    dev.insert("iterations".into(), iterations.into());
    dev.insert("seed".into(), seed.into());
    model.set_dev_figures(Value::Object(dev));
    write(out, &model.to_bytes())?;
    Ok(model)
}
