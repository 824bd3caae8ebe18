//! `dateline train loaded`: the loaded-language tagger from the
//! propaganda-techniques corpus (PTC, SemEval-2020 Task 11) train split,
//! reported on its dev split with the loaded-language scorer.

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use super::{write, TrainError};
use crate::document::{Document, LoadedLabel, Span};
use crate::eval::{self, Docs};
use crate::ingest::{self, Reader};
use crate::loaded::learned::{self, LoadedTagger};
use crate::pipeline;

/// The pipeline up to the backbone and entities, as the tagger sees text.
fn prepared(input: ingest::Input) -> Document {
    pipeline::process_with(
        input,
        pipeline::Options {
            backbone: true,
            parse: false,
            learned: false,
            lang: pipeline::Lang::En,
        },
    )
}

fn read(path: &Path) -> Result<(Vec<Document>, Docs), TrainError> {
    let p = path.display().to_string();
    let gold = eval::load(&p).map_err(|e| TrainError::Data(e.to_string()))?;
    let inputs: Vec<ingest::Input> = Reader::new(&[path.to_path_buf()], ingest::Options::default())
        .collect::<Result<_, _>>()
        .map_err(|e| TrainError::Data(format!("{p}: {e}")))?;
    Ok((inputs.into_par_iter().map(prepared).collect(), gold))
}

fn gold_of(doc: &Document, g: &Value) -> Vec<usize> {
    let spans: Vec<(Span, LoadedLabel)> = g
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let label = match s.get("technique")?.as_str()? {
                "Loaded_Language" => LoadedLabel::LoadedLanguage,
                "Name_Calling,Labeling" => LoadedLabel::NameCalling,
                _ => return None,
            };
            let a = s.get("start")?.as_u64()? as usize;
            let b = s.get("end")?.as_u64()? as usize;
            Some((
                Span::new(doc.offsets.to_byte(&doc.text, a), doc.offsets.to_byte(&doc.text, b)),
                label,
            ))
        })
        .collect();
    learned::gold_labels(doc, &spans)
}

/// Score a tagger on prepared documents.
pub fn score(model: &LoadedTagger, docs: &[Document], gold: &Docs) -> Value {
    let mut preds = Docs {
        order: Vec::new(),
        by_id: Default::default(),
    };
    for d in docs {
        let mut d = d.clone();
        crate::loaded::extract_with(&mut d, model);
        let mut b = Vec::new();
        let _ = crate::output::to_json(&d, false, &mut b);
        if let Ok(v) = serde_json::from_slice::<Value>(&b) {
            preds.order.push(d.id.clone());
            preds.by_id.insert(d.id.clone(), v);
        }
    }
    eval::loaded::score_docs(gold, &preds, &eval::loaded::DEFAULT_LABELS)
}

pub fn loaded(
    data_dir: &Path,
    out: &Path,
    iterations: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<LoadedTagger, TrainError> {
    let (train_docs, train_gold) = read(&data_dir.join("train.jsonl"))?;
    let (dev_docs, dev_gold) = read(&data_dir.join("dev.jsonl"))?;
    log(format!(
        "loaded: {} training articles, {} dev articles",
        train_docs.len(),
        dev_docs.len()
    ));
    let train: Vec<(learned::Inputs, Vec<usize>)> = train_docs
        .iter()
        .filter_map(|d| {
            train_gold
                .by_id
                .get(&d.id)
                .map(|g| (learned::Inputs::new(d), gold_of(d, g)))
        })
        .collect();
    let mut model = LoadedTagger::train(&train, iterations, seed, &mut *log);
    // Tune the O bias on dev (the only value tuned there).
    let mut best = (f64::NEG_INFINITY, 0.0f32);
    for step in 0..=40 {
        model.bias = step as f32 * 1.0;
        let f = score(&model, &dev_docs, &dev_gold)["f1"].as_f64().unwrap_or(0.0);
        log(format!("  O bias {:.2}: dev F1 {f:.4}", model.bias));
        if f > best.0 {
            best = (f, model.bias);
        }
    }
    model.bias = best.1;
    let r = score(&model, &dev_docs, &dev_gold);
    log(format!(
        "PTC dev (Loaded_Language + Name_Calling,Labeling):\n{}",
        eval::loaded::report(&r)
    ));
    model.set_dev_figures(serde_json::json!({
        "p": r["p"], "r": r["r"], "f1": r["f1"], "bias": model.bias, "iterations": iterations, "seed": seed,
    }));
    write(out, &model.to_bytes())?;
    Ok(model)
}
