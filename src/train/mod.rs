//! Training drivers behind `dateline train …`: data loading, the passes,
//! dev figures, and the model file written under `models/`.

mod attribution;
mod clusters;
mod loaded;
mod names;
mod nouns;
mod timexes;

use std::path::{Path, PathBuf};

pub use attribution::{attribution, gold_label_ceiling, score as score_attribution};
pub use clusters::{clusters, COARSE, FINE};
pub use loaded::loaded;
pub use names::names;
pub use nouns::nouns_de;
pub use timexes::timexes;

use crate::backbone::conllu::{self, ConlluError, Sentence};
use crate::backbone::ner::{self, Ner};
use crate::backbone::parser::Parser;
use crate::backbone::tagger::Tagger;
use crate::document::Document;
use crate::eval::syntax;
use crate::eval::Docs;

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Conllu(#[from] ConlluError),
    #[error("{path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("{0}")]
    Data(String),
}

/// Document ids of one split in a GUM `splits.md` ("## dev" then "  * GUM_x").
pub fn gum_split_ids(dir: &Path, split: &str) -> Result<Vec<String>, TrainError> {
    let p = dir.join("splits.md");
    let text = std::fs::read_to_string(&p).map_err(|err| TrainError::Io {
        path: p.display().to_string(),
        err,
    })?;
    let mut ids = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.trim() == split;
            continue;
        }
        if inside {
            if let Some(id) = line.trim().strip_prefix("* ") {
                ids.push(id.trim().to_string());
            }
        }
    }
    if ids.is_empty() {
        return Err(TrainError::Data(format!(
            "{}: no documents listed under \"## {split}\"",
            p.display()
        )));
    }
    Ok(ids)
}

/// Sentences of a CoNLL-U file, or of one split of a GUM-style folder
/// (`split` = train: every document not in dev or test).
pub fn load_conllu(path: &Path, split: &str) -> Result<Vec<Sentence>, TrainError> {
    if !path.is_dir() {
        return Ok(conllu::read(path)?);
    }
    let dev = gum_split_ids(path, "dev")?;
    let test = gum_split_ids(path, "test").unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|err| TrainError::Io {
            path: path.display().to_string(),
            err,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let id = f
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let keep = match split {
            "dev" => dev.contains(&id),
            "train" => !dev.contains(&id) && !test.contains(&id),
            _ => true,
        };
        if keep {
            out.extend(conllu::read(&f)?);
        }
    }
    if out.is_empty() {
        return Err(TrainError::Data(format!(
            "{}: no sentences in split {split}",
            path.display()
        )));
    }
    Ok(out)
}

/// A gold JSONL file: its gold records, and its texts run through the
/// pipeline up to the rule stages (backbone on, learned stages off) — what
/// each learned stage (attribution, timexes, loaded language) reads, in
/// `lang` (German names are trimmed before statements see them).
fn read_gold(path: &Path, lang: crate::pipeline::Lang) -> Result<(Vec<Document>, Docs), TrainError> {
    use rayon::prelude::*;
    let p = path.display().to_string();
    let gold = crate::eval::load(&p).map_err(|e| TrainError::Data(e.to_string()))?;
    let inputs: Vec<crate::ingest::Input> =
        crate::ingest::Reader::new(&[path.to_path_buf()], crate::ingest::Options::default())
            .collect::<Result<_, _>>()
            .map_err(|e| TrainError::Data(format!("{p}: {e}")))?;
    let opts = crate::pipeline::Options {
        backbone: true,
        parse: false,
        learned: false,
        lang,
    };
    let docs = inputs
        .into_par_iter()
        .map(|i| crate::pipeline::process_with(i, opts))
        .collect();
    Ok((docs, gold))
}

/// The output records of `stage` run on a copy of each document, keyed as
/// the scorers read them.
fn predictions<'a>(docs: impl IntoIterator<Item = &'a Document>, stage: impl Fn(&mut Document)) -> Docs {
    let mut preds = Docs::default();
    for d in docs {
        let mut d = d.clone();
        stage(&mut d);
        let mut b = Vec::new();
        let _ = crate::output::to_json(&d, false, &mut b);
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&b) {
            preds.order.push(d.id.clone());
            preds.by_id.insert(d.id.clone(), v);
        }
    }
    preds
}

/// The `(id, text)` of each document of a JSON Lines file, each id once
/// (PolNeAR repeats an article once per annotator); lines with no text
/// are skipped.
fn unlabelled_texts(path: &Path) -> Result<Vec<(String, String)>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|err| TrainError::Io {
        path: path.display().to_string(),
        err,
    })?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| TrainError::Data(format!("{}:{}: {e}", path.display(), n + 1)))?;
        let id = v.get("id").and_then(|x| x.as_str()).unwrap_or_default().to_string();
        if !id.is_empty() && !seen.insert(id.clone()) {
            continue;
        }
        if let Some(body) = v.get("text").and_then(|x| x.as_str()) {
            out.push((id, body.to_string()));
        }
    }
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), TrainError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|err| TrainError::Io {
            path: dir.display().to_string(),
            err,
        })?;
    }
    std::fs::write(path, bytes).map_err(|err| TrainError::Io {
        path: path.display().to_string(),
        err,
    })
}

/// Train the tagger on GUM train, report GUM dev, write the model.
pub fn tagger(
    data: &Path,
    out: &Path,
    iterations: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<Tagger, TrainError> {
    let train = load_conllu(data, "train")?;
    let dev = load_conllu(data, "dev")?;
    let ntok: usize = train.iter().map(|s| s.tokens.len()).sum();
    log(format!(
        "tagger: {} training sentences, {ntok} tokens; {} dev sentences",
        train.len(),
        dev.len()
    ));
    let mut tagger = Tagger::train(&train, iterations, seed, false, |it, acc| {
        log(format!("  pass {}: training accuracy {:.4}", it + 1, acc))
    });
    let r = syntax::score_pos(&tagger, &dev);
    log(format!(
        "  dev: UPOS {:.2}  XPOS {:.2}  lemma {:.2}",
        r.upos * 100.0,
        r.xpos * 100.0,
        r.lemma * 100.0
    ));
    tagger.set_dev_figures(
        serde_json::json!({"upos": r.upos, "xpos": r.xpos, "lemma": r.lemma, "iterations": iterations, "seed": seed}),
    );
    write(out, &tagger.to_bytes())?;
    Ok(tagger)
}

/// CoNLL-style JSONL documents as sentences of tokens (split on single
/// spaces) with our tagger's XPOS and the gold BILOU labels.
pub fn load_ner_docs(path: &Path, tagger: &Tagger) -> Result<Vec<Vec<ner::TrainSentence>>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|err| TrainError::Io {
        path: path.display().to_string(),
        err,
    })?;
    let mut docs = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| TrainError::Data(format!("{}:{}: {e}", path.display(), ln + 1)))?;
        let doc_text: Vec<char> = v["text"].as_str().unwrap_or("").chars().collect();
        let ents: Vec<(usize, usize, usize)> = v["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let t = ner::TYPES.iter().position(|x| Some(*x) == e["label"].as_str())?;
                Some((e["start"].as_u64()? as usize, e["end"].as_u64()? as usize, t))
            })
            .collect();
        let mut sents = Vec::new();
        for s in v["sentences"].as_array().into_iter().flatten() {
            let (Some(a), Some(b)) = (s[0].as_u64(), s[1].as_u64()) else {
                continue;
            };
            let (a, b) = (a as usize, b as usize);
            // Tokens with their char offsets.
            let mut toks: Vec<(usize, usize)> = Vec::new();
            let mut start = None;
            for k in a..=b {
                let c = doc_text.get(k).copied().unwrap_or(' ');
                if k == b || c == ' ' {
                    if let Some(st) = start.take() {
                        toks.push((st, k));
                    }
                } else if start.is_none() {
                    start = Some(k);
                }
            }
            if toks.is_empty() {
                continue;
            }
            let words: Vec<String> = toks.iter().map(|&(s, e)| doc_text[s..e].iter().collect()).collect();
            let tok_ents: Vec<(usize, usize, usize)> = ents
                .iter()
                .filter(|e| e.0 >= a && e.1 <= b)
                .filter_map(|&(s, e, t)| {
                    let ts = toks.iter().position(|x| x.0 == s)?;
                    let te = toks.iter().position(|x| x.1 == e)?;
                    Some((ts, te + 1, t))
                })
                .collect();
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let pos: Vec<String> = tagger
                .tag(&refs)
                .into_iter()
                .map(|t| tagger.xpos(t).to_string())
                .collect();
            let labels = ner::encode(words.len(), &tok_ents);
            sents.push(ner::TrainSentence { words, pos, labels });
        }
        docs.push(sents);
    }
    Ok(docs)
}

/// Exact-span precision, recall, F1 of the NER model on labelled documents.
pub fn ner_scores(model: &Ner, docs: &[Vec<ner::TrainSentence>]) -> (f64, f64, f64) {
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    for d in docs {
        let words: Vec<Vec<&str>> = d.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
        let pos: Vec<Vec<&str>> = d.iter().map(|s| s.pos.iter().map(String::as_str).collect()).collect();
        let inputs = ner::inputs(&words, &pos);
        let labels = model.label_document(&inputs);
        for (s, l) in d.iter().zip(labels) {
            let pred = ner::spans(&l);
            let gold = ner::spans(&s.labels);
            tp += pred.iter().filter(|p| gold.contains(p)).count();
            if std::env::var_os("DATELINE_NER_ERRORS").is_some() {
                for g in gold.iter().filter(|g| !pred.contains(g)) {
                    let p = pred.iter().find(|p| p.0 < g.1 && g.0 < p.1);
                    eprintln!(
                        "MISS {} {:?} pred {:?}",
                        ner::TYPES[g.2],
                        s.words[g.0..g.1].join(" "),
                        p.map(|p| (ner::TYPES[p.2], s.words[p.0..p.1].join(" ")))
                    );
                }
                for p in pred.iter().filter(|p| !gold.iter().any(|g| g.0 < p.1 && p.0 < g.1)) {
                    eprintln!(
                        "SPURIOUS {} {:?} | {}",
                        ner::TYPES[p.2],
                        s.words[p.0..p.1].join(" "),
                        s.words.join(" ")
                    );
                }
            }
            np += pred.len();
            ng += gold.len();
        }
    }
    let p = tp as f64 / np.max(1) as f64;
    let r = tp as f64 / ng.max(1) as f64;
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// Train the NER model on CoNLL-2003 train, report dev, write the model.
pub fn ner(
    data_dir: &Path,
    out: &Path,
    iterations: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<Ner, TrainError> {
    let tagger = crate::backbone::models::tagger().map_err(|e| TrainError::Data(format!("built-in tagger: {e}")))?;
    let train = load_ner_docs(&data_dir.join("train.jsonl"), tagger)?;
    let dev = load_ner_docs(&data_dir.join("dev.jsonl"), tagger)?;
    log(format!(
        "ner: {} training documents, {} dev documents",
        train.len(),
        dev.len()
    ));
    let mut model = Ner::train(&train, iterations, seed, &mut *log);
    let (p, r, f) = ner_scores(&model, &dev);
    log(format!("  dev (gold tokens): P {p:.4} R {r:.4} F1 {f:.4}"));
    model.set_dev_figures(serde_json::json!({"p": p, "r": r, "f1": f, "iterations": iterations, "seed": seed}));
    write(out, &model.to_bytes())?;
    Ok(model)
}

/// How to train the parser (see `dateline train --help`).
#[derive(Debug, Clone, Copy)]
pub struct ParserOptions {
    pub iterations: usize,
    pub seed: u64,
    /// 1: greedy; more: beam search of that width.
    pub beam: usize,
    /// Train a tagger of its own with word-cluster features (else the
    /// built-in tagger's tags).
    pub own_tagger: bool,
    /// Training runs (seeds `seed`, `seed + 100`, …) whose weights are
    /// averaged into the model.
    pub runs: usize,
}

/// Train the parser on GUM train, report GUM dev, write the model. With
/// `own_tagger` its tags come from a tagger with word-cluster features
/// trained alongside and stored in its file (the built-in tagger has none:
/// its tags feed the NER and attribution models, which lost more with
/// cluster tags than they gained); else from the built-in tagger.
pub fn parser(data: &Path, out: &Path, opts: ParserOptions, log: &mut dyn FnMut(String)) -> Result<Parser, TrainError> {
    let ParserOptions {
        iterations,
        seed,
        beam,
        own_tagger,
        runs,
    } = opts;
    let tagger = crate::backbone::models::tagger().map_err(|e| TrainError::Data(format!("built-in tagger: {e}")))?;
    let train = load_conllu(data, "train")?;
    let dev = load_conllu(data, "dev")?;
    // Tags as the parser will meet them: each fifth of the training set is
    // tagged by a tagger of the same kind trained on the other four
    // (jackknifing), so the parser learns from realistic tagging errors.
    // (Ten folds instead of five, beam 8: 85.60 / 82.41 against 85.85 /
    // 82.65, no gain.)
    const FOLDS: usize = 5;
    let mut tags: Vec<Vec<String>> = vec![Vec::new(); train.len()];
    let mut upos: Vec<Vec<String>> = vec![Vec::new(); train.len()];
    for k in 0..FOLDS {
        let rest = crate::backbone::features::all_but_fold(&train, k, FOLDS);
        let fold_tagger = Tagger::train(&rest, 10, seed + k as u64, own_tagger, |_, _| {});
        for (i, s) in train.iter().enumerate().filter(|(i, _)| i % FOLDS == k) {
            let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            let t = fold_tagger.tag(&words);
            tags[i] = t.iter().map(|&t| fold_tagger.xpos(t).to_string()).collect();
            upos[i] = t.iter().map(|&t| fold_tagger.upos(t).to_string()).collect();
        }
        log(format!("  jackknife tagging: fold {} of {FOLDS}", k + 1));
    }
    let own = own_tagger.then(|| {
        log("  the parser's own tagger (word clusters), on all of GUM train".into());
        Tagger::train(&train, 10, seed, true, |_, _| {})
    });
    let tagged: Vec<(Sentence, Vec<String>, Vec<String>)> = train
        .into_iter()
        .zip(tags)
        .zip(upos)
        .map(|((s, t), u)| (s, t, u))
        .collect();
    log(format!(
        "parser: {} training sentences, {} dev sentences",
        tagged.len(),
        dev.len()
    ));
    let mut parser = if runs <= 1 {
        Parser::train(&tagged, iterations, seed, beam, &mut *log)
    } else {
        // Independent runs, two at a time on two cores; their mean is an
        // ensemble at the cost of one model (beam 8, three runs: 86.07 /
        // 82.86 on GUM dev against 85.35–85.85 / 82.10–82.65 for one).
        use rayon::prelude::*;
        log(format!("  {runs} runs in parallel (seeds {seed}, {}, …)", seed + 100));
        let all: Vec<Parser> = (0..runs as u64)
            .into_par_iter()
            .map(|r| Parser::train(&tagged, iterations, seed + 100 * r, beam, |_| {}))
            .collect();
        Parser::mean_of(all).ok_or_else(|| TrainError::Data("no training runs".into()))?
    };
    if let Some(t) = own {
        parser.set_tagger(t);
    }
    let r = syntax::score_deps(&parser, tagger, &dev);
    log(format!("  dev: UAS {:.2}  LAS {:.2}", r.uas * 100.0, r.las * 100.0));
    let mut dev_figures =
        serde_json::json!({"uas": r.uas, "las": r.las, "iterations": iterations, "seed": seed, "beam": beam});
    if runs > 1 {
        dev_figures["runs"] = runs.into();
    }
    parser.set_dev_figures(dev_figures);
    write(out, &parser.to_bytes())?;
    Ok(parser)
}
