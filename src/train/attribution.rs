//! `dateline train attribution`: the learned attribution labeller from
//! PolNeAR train (`gold.train.jsonl`), reported on its dev split with the
//! statement scorer.

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use super::{predictions, read_gold, write, TrainError};
use crate::document::{Document, Span};
use crate::eval::{self, Docs};
use crate::statements::learned::{self, Attribution, Inputs};

/// Code-point spans `[[s, e], …]` as byte spans of the document.
fn byte_spans(doc: &Document, v: Option<&Value>) -> Vec<Span> {
    eval::spans(v)
        .into_iter()
        .filter(|&(s, e)| s >= 0 && e > s)
        .map(|(s, e)| {
            Span::new(
                doc.offsets.to_byte(&doc.text, s as usize),
                doc.offsets.to_byte(&doc.text, e as usize),
            )
        })
        .collect()
}

fn gold_of(doc: &Document, g: &Value) -> Vec<u8> {
    let quotes = g.get("quotes").and_then(Value::as_array).cloned().unwrap_or_default();
    let atts: Vec<[Vec<Span>; 3]> = quotes
        .iter()
        .map(|q| {
            [
                byte_spans(doc, q.get("speaker_spans")),
                byte_spans(doc, q.get("cue_spans")),
                byte_spans(doc, q.get("content_spans")),
            ]
        })
        .collect();
    learned::gold_labels(doc, &atts)
}

/// Score a model on documents read by `read_gold` with the statement scorer.
pub fn score(model: &Attribution, docs: &[Document], gold: &Docs) -> Value {
    let preds = predictions(docs, |d| crate::statements::extract_learned(d, model));
    eval::statements::score_docs(gold, &preds)
}

/// Train the labeller on `data_dir`'s train split, read through the
/// pipeline of `pipeline_lang` (German names trimmed as at run time), and
/// store it with its dev figures.
pub fn attribution(
    data_dir: &Path,
    out: &Path,
    iterations: usize,
    seed: u64,
    pipeline_lang: crate::pipeline::Lang,
    log: &mut dyn FnMut(String),
) -> Result<Attribution, TrainError> {
    let lang = pipeline_lang.code();
    let (train_docs, train_gold) = read_gold(&data_dir.join("gold.train.jsonl"), pipeline_lang)?;
    let (dev_docs, dev_gold) = read_gold(&data_dir.join("gold.dev.jsonl"), pipeline_lang)?;
    let train: Vec<(Inputs, Vec<u8>)> = train_docs
        .par_iter()
        .filter_map(|d| {
            train_gold
                .by_id
                .get(&d.id)
                .map(|g| (learned::inputs(d, lang), gold_of(d, g)))
        })
        .collect();
    let ntok: usize = train.iter().map(|d| d.0.len()).sum();
    let mut dist = [0usize; 7];
    for (_, g) in &train {
        for &l in g {
            dist[l as usize] += 1;
        }
    }
    log(format!("  gold label counts {dist:?}"));
    log(format!(
        "attribution: {} training documents ({ntok} tokens), {} dev documents",
        train.len(),
        dev_docs.len()
    ));
    let mut model = Attribution::train(&train, iterations, seed, Attribution::runs_for(lang), log);
    model.set_lang(lang);
    // Token-level confusion of roles on dev.
    let mut conf = [[0usize; 4]; 4];
    for d in &dev_docs {
        if let Some(g) = dev_gold.by_id.get(&d.id) {
            let gold = gold_of(d, g);
            let pred = model.label(&learned::inputs(d, lang));
            for (a, b) in gold.iter().zip(&pred) {
                conf[learned::role(*a) as usize][learned::role(*b) as usize] += 1;
            }
        }
    }
    log(format!(
        "  dev role confusion (gold rows O/SRC/CUE/CNT, predicted columns): {conf:?}"
    ));
    let r = score(&model, &dev_docs, &dev_gold);
    log(eval::statements::report(&r));
    let f = |k: &str| r.get(k).and_then(|m| m.get("f1")).cloned().unwrap_or(Value::Null);
    model.set_dev_figures(serde_json::json!({
        "overlap": f("overlap"), "exact": f("exact"), "overlap+speaker": f("overlap+speaker"),
        "cue": f("cue"), "iterations": iterations, "seed": seed,
    }));
    write(out, &model.to_bytes())?;
    Ok(model)
}

/// No training: the dev split's gold role labels, linked into statements
/// by the same code as the labeller's and scored — what linking and the
/// output conventions lose with a perfect labeller (`train attribution
/// --gold-labels`). Returns the scorer's report and the predictions, one
/// JSON document per line.
pub fn gold_label_ceiling(data_dir: &Path, lang: crate::pipeline::Lang) -> Result<(String, String), TrainError> {
    let (dev_docs, dev_gold) = read_gold(&data_dir.join("gold.dev.jsonl"), lang)?;
    let model = crate::backbone::models::attribution(lang)
        .map_err(|e| TrainError::Data(format!("built-in attribution model: {e}")))?;
    let preds = predictions(&dev_docs, |d| {
        let labels = dev_gold.by_id.get(&d.id).map(|g| gold_of(d, g)).unwrap_or_default();
        crate::statements::from_labels(d, labels, model)
    });
    let report = eval::statements::report(&eval::statements::score_docs(&dev_gold, &preds));
    let lines: Vec<String> = preds
        .order
        .iter()
        .filter_map(|id| preds.by_id.get(id))
        .map(Value::to_string)
        .collect();
    Ok((report, lines.join("\n") + "\n"))
}
