//! Training drivers behind `dateline train …`: data loading, the passes,
//! dev figures, and the model file written under `models/`.

use std::path::{Path, PathBuf};

use crate::backbone::conllu::{self, ConlluError, Sentence};
use crate::backbone::tagger::Tagger;
use crate::eval::syntax;

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
    let mut tagger = Tagger::train(&train, iterations, seed, |it, acc| {
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
