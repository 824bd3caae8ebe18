//! `dateline train loaded`: the loaded-language tagger from the
//! propaganda-techniques corpus (PTC, SemEval-2020 Task 11) train split,
//! reported on its dev split with the loaded-language scorer.
//!
//! PTC's articles come from propaganda-rich outlets, so on its own the
//! tagger learns that much ordinary news vocabulary is loaded ("disaster",
//! "boom", "gross"). The newswire of CoNLL-2003 train (Reuters, 1996; the
//! NER's training text, beside the PTC folder) joins the training set as
//! articles with no spans: wire copy states facts in neutral words. Over
//! training seeds 1, 6 and 11: PTC dev F1 0.331 → 0.340, and per 1,000
//! words 6.2–7.4 → 4.2–5.1 spans flagged on the first 300 BBC articles
//! (never trained on) against 9.0–10.0 → 8.5–9.5 on PTC dev. Half of the
//! newswire gave the same F1 (0.342) but no fewer BBC flags; adding GUM
//! train's news, academic, biography, textbook, travel and how-to documents
//! (90) gave 0.342 and 4.5–5.9 BBC flags — no clear gain for a second
//! source. (BBC text itself may not be trained on: its terms allow local
//! benchmarking only.)

use std::path::Path;

use serde_json::Value;

use super::{predictions, read_gold, write, TrainError};
use crate::document::{Document, LoadedLabel, Span};
use crate::eval::{self, Docs};
use crate::loaded::learned::{self, LoadedTagger};

/// Gold BIO labels of a training article; tokens that only spans of other
/// techniques cover are `learned::UNKNOWN`.
fn gold_of(doc: &Document, g: &Value) -> Vec<usize> {
    let spans: Vec<(Span, Option<LoadedLabel>)> = g
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let label = match s.get("technique")?.as_str()? {
                "Loaded_Language" => Some(LoadedLabel::LoadedLanguage),
                "Name_Calling,Labeling" => Some(LoadedLabel::NameCalling),
                _ => None,
            };
            let a = s.get("start")?.as_u64()? as usize;
            let b = s.get("end")?.as_u64()? as usize;
            Some((
                Span::new(doc.offsets.to_byte(&doc.text, a), doc.offsets.to_byte(&doc.text, b)),
                label,
            ))
        })
        .collect();
    let ours: Vec<(Span, LoadedLabel)> = spans.iter().filter_map(|&(s, l)| Some((s, l?))).collect();
    let mut gold = learned::gold_labels(doc, &ours);
    for (span, _) in spans.iter().filter(|(_, l)| l.is_none()) {
        for (slot, tok) in gold.iter_mut().zip(&doc.tokens) {
            if *slot == 0 && tok.span.start < span.end && span.start < tok.span.end {
                *slot = learned::UNKNOWN;
            }
        }
    }
    gold
}

/// Score a tagger on documents read by `read_gold`.
pub fn score(model: &LoadedTagger, docs: &[Document], gold: &Docs) -> Value {
    let preds = predictions(docs, |d| crate::loaded::extract_with(d, model));
    eval::loaded::score_docs(gold, &preds, &eval::loaded::DEFAULT_LABELS)
}

pub fn loaded(
    data_dir: &Path,
    out: &Path,
    iterations: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<LoadedTagger, TrainError> {
    let (train_docs, train_gold) = read_gold(&data_dir.join("train.jsonl"), crate::pipeline::Lang::En)?;
    let (dev_docs, dev_gold) = read_gold(&data_dir.join("dev.jsonl"), crate::pipeline::Lang::En)?;
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
    let wire = data_dir
        .parent()
        .unwrap_or(Path::new("."))
        .join("conll2003")
        .join("train.jsonl");
    let (wire_docs, _) = read_gold(&wire, crate::pipeline::Lang::En)?;
    log(format!(
        "  + {} newswire articles with no spans ({})",
        wire_docs.len(),
        wire.display()
    ));
    let train: Vec<(learned::Inputs, Vec<usize>)> = train
        .into_iter()
        .chain(
            wire_docs
                .iter()
                .map(|d| (learned::Inputs::new(d), vec![0; d.tokens.len()])),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens inside a span of another technique only are unknown, not
    /// `O`; the two techniques' own spans keep their labels.
    #[test]
    fn other_techniques_leave_their_tokens_unknown() {
        let text = "They call it a disgusting fraud, and nobody could possibly believe it.";
        let doc = crate::pipeline::process_text("t", text, None);
        let at = |w: &str| text.find(w).unwrap_or(0);
        let g = serde_json::json!({"spans": [
            {"technique": "Loaded_Language", "start": at("disgusting"), "end": at("disgusting") + 10},
            {"technique": "Doubt", "start": at("nobody"), "end": at(" it.")},
        ]});
        let gold = gold_of(&doc, &g);
        let label = |w: &str| {
            let k = (0..doc.tokens.len())
                .find(|&k| doc.token_text(k) == w)
                .unwrap_or(usize::MAX);
            gold.get(k).copied()
        };
        assert_eq!(label("disgusting"), Some(1));
        assert_eq!(label("possibly"), Some(learned::UNKNOWN));
        assert_eq!(label("fraud"), Some(0));
        assert_eq!(label("They"), Some(0));
    }
}
