//! The backbone models: behaviour on our own sentences, figures of the
//! committed models on the shared dev sets, deterministic training.

mod common;

use common::{bin, run, shared};
use dateline::backbone::{models, ner, tagger::Tag};

#[test]
fn tagger_tags_and_lemmatises_a_plain_sentence() {
    let t = models::tagger().expect("built-in tagger");
    let words = [
        "The", "harbour", "master", "said", "the", "ships", "were", "waiting", ".",
    ];
    let tags: Vec<Tag> = t.tag(&words);
    let upos: Vec<&str> = tags.iter().map(|&x| t.upos(x)).collect();
    assert_eq!(
        upos,
        vec!["DET", "NOUN", "NOUN", "VERB", "DET", "NOUN", "AUX", "VERB", "PUNCT"]
    );
    assert_eq!(t.lemma("ships", tags[5]), "ship");
    assert_eq!(t.lemma("were", tags[6]), "be");
    assert_eq!(t.lemma("said", tags[3]), "say");
}

#[test]
fn ner_finds_people_organisations_and_places() {
    let doc = dateline::pipeline::process_text(
        "t",
        "Marta Velkova met officials of the Portmere Dockworkers Union in Oslo on Tuesday. Velkova said the talks failed.",
        None,
    );
    let names: Vec<(String, &str)> = doc
        .entities
        .iter()
        .map(|e| (e.name.clone(), e.etype.as_str()))
        .collect();
    assert!(names.contains(&("Marta Velkova".into(), "PERSON")), "{names:?}");
    assert!(names.contains(&("Oslo".into(), "PLACE")), "{names:?}");
    assert!(
        names
            .iter()
            .any(|(n, t)| n.contains("Dockworkers Union") && *t == "ORG"),
        "{names:?}"
    );
    // The surname later in the article is the same person.
    let person = doc.entities.iter().find(|e| e.name == "Marta Velkova").unwrap();
    assert!(person.mentions.len() >= 2);
}

#[test]
fn bilou_decoding_never_runs_past_the_name() {
    let m = models::ner().expect("built-in NER");
    let words = ["Brigadier", "General", "Qaani", "described", "the", "plan", "."];
    let pos = ["NNP", "NNP", "NNP", "VBD", "DT", "NN", "."];
    let labels = m.label_document(&[ner::Input {
        words: &words,
        pos: &pos,
    }]);
    for (a, b, _) in ner::spans(&labels[0]) {
        assert!(b <= 3, "entity runs into the verb: {:?}", &words[a..b]);
    }
}

#[test]
fn committed_tagger_on_gum_dev() {
    let out = run(bin()
        .args(["eval", "pos", "--gold"])
        .arg(shared("data/gum/conllu"))
        .args(["--split", "dev", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let upos = v["upos"].as_f64().unwrap();
    let xpos = v["xpos"].as_f64().unwrap();
    assert!(upos >= 0.955 && xpos >= 0.955, "GUM dev UPOS {upos} XPOS {xpos}");
}

#[test]
fn committed_ner_on_conll_dev_through_the_pipeline() {
    let out = run(bin()
        .args(["eval", "entities", "--gold"])
        .arg(shared("data/conll2003/dev.jsonl"))
        .arg("--json"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f1 = v["all"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.90, "CoNLL dev F1 {f1} < 0.90");
}

/// A GUM-style folder with the `train` documents given and GUM_bio_galois
/// as its dev split: small enough to train on in a test.
fn gum_subset(train: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = shared("data/gum/conllu");
    for doc in train.iter().chain(&["GUM_bio_galois"]) {
        let f = format!("{doc}.conllu");
        std::fs::copy(src.join(&f), dir.path().join(&f)).unwrap();
    }
    std::fs::write(dir.path().join("splits.md"), "## dev\n\n  * GUM_bio_galois\n").unwrap();
    dir
}

/// `eval pos --save-pred` writes the tags it scored: CoNLL-U whose UPOS
/// agree with the gold as often as the printed accuracy says, and no tree.
#[test]
fn eval_pos_saves_the_tags_it_scored() {
    let dir = gum_subset(&[]);
    let pred = dir.path().join("tags.conllu");
    let out = run(bin()
        .args(["eval", "pos", "--json", "--gold"])
        .arg(dir.path())
        .arg("--save-pred")
        .arg(&pred));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(&pred).expect("the predictions were written");
    let gold = dateline::backbone::conllu::read(&dir.path().join("GUM_bio_galois.conllu")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let gold_tokens: Vec<_> = gold.iter().flat_map(|s| &s.tokens).collect();
    assert_eq!(rows.len(), gold_tokens.len());
    let right = rows.iter().zip(&gold_tokens).filter(|(r, g)| r[3] == g.upos).count();
    let upos = right as f64 / rows.len() as f64;
    assert!((upos - v["upos"].as_f64().unwrap()).abs() < 1e-9, "{upos} against {v}");
    assert!(upos > 0.9, "{upos}");
    assert!(rows.iter().all(|r| r[6] == "_" && r[7] == "_"), "a tagging has no tree");
}

#[test]
fn tagger_training_is_deterministic() {
    // A small training set cut from GUM train: two documents.
    let dir = gum_subset(&["GUM_academic_art"]);
    let train = |out: &str| {
        let o = run(bin()
            .args(["train", "tagger", "--iterations", "3", "--seed", "7", "--data"])
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join(out)));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(dir.path().join(out)).unwrap()
    };
    let a = train("a.bin");
    let b = train("b.bin");
    assert!(!a.is_empty());
    assert_eq!(a, b, "same data and seed must give the same model");
}

#[test]
fn parser_trains_and_produces_well_formed_trees() {
    parser_trains_with_beam(1, false);
}

#[test]
fn beam_parser_trains_and_produces_well_formed_trees() {
    parser_trains_with_beam(4, false);
}

/// By default the parser's file carries a cluster tagger of its own, and
/// what `eval deps` parses is tagged by it.
#[test]
fn parser_with_its_own_tagger_stores_and_uses_it() {
    parser_trains_with_beam(1, true);
}

/// `dateline train parser ARGS` on the GUM subset in `dir`, written to
/// `dir/name`; the model's path.
fn train_parser(dir: &tempfile::TempDir, name: &str, args: &[&str]) -> std::path::PathBuf {
    let model = dir.path().join(name);
    let o = run(bin()
        .args(["train", "parser"])
        .args(args)
        .arg("--data")
        .arg(dir.path())
        .arg("-o")
        .arg(&model));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    model
}

/// `--runs N` averages N training runs into one model: deterministic, and
/// not the first run alone.
#[test]
fn parser_runs_are_averaged_into_one_model() {
    let dir = gum_subset(&["GUM_academic_art"]);
    let train = |name: &str, runs: &str| {
        let model = train_parser(&dir, name, &["--built-in-tagger", "--iterations", "2", "--runs", runs]);
        std::fs::read(&model).unwrap()
    };
    let (a, b, one) = (train("a.bin", "2"), train("b.bin", "2"), train("one.bin", "1"));
    assert_eq!(a, b, "same data and seeds must give the same model");
    assert_ne!(a, one, "the mean of two runs is not the first run");
    let parser = dateline::backbone::parser::Parser::from_bytes(&a).unwrap();
    assert_eq!(parser.dev_figures()["runs"], 2);
    let words = ["The", "port", "reopened", "in", "May", "."];
    let tags = ["DT", "NN", "VBD", "IN", "NNP", "."];
    let upos = ["DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"];
    let arcs = parser.parse(&words, &tags, &upos);
    assert_eq!(arcs.iter().filter(|x| x.head == 0).count(), 1, "{arcs:?}");
    // Options that belong to the parser are refused elsewhere.
    let o = run(bin().args(["train", "tagger", "--runs", "2", "--data"]).arg(dir.path()));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("apply to `train parser` only"));
}

fn parser_trains_with_beam(beam: usize, own_tagger: bool) {
    let dir = gum_subset(&["GUM_academic_art", "GUM_news_iodine"]);
    let beam_arg = beam.to_string();
    let mut args = vec!["--iterations", "3", "--beam", beam_arg.as_str()];
    if !own_tagger {
        args.push("--built-in-tagger");
    }
    let train = |name: &str| train_parser(&dir, name, &args);
    let model = train("parser.bin");
    assert_eq!(
        std::fs::read(&model).unwrap(),
        std::fs::read(train("again.bin")).unwrap(),
        "same data and seed must give the same model"
    );
    let parser = dateline::backbone::parser::Parser::from_bytes(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(parser.beam(), beam, "the model parses with the beam it was trained for");
    assert_eq!(parser.tagger().is_some(), own_tagger);
    let words = [
        "The", "minister", "said", "that", "the", "harbour", "would", "reopen", "in", "May", ".",
    ];
    let tags = ["DT", "NN", "VBD", "IN", "DT", "NN", "MD", "VB", "IN", "NNP", "."];
    let upos = [
        "DET", "NOUN", "VERB", "SCONJ", "DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT",
    ];
    let arcs = parser.parse(&words, &tags, &upos);
    assert_eq!(arcs.len(), words.len());
    assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1, "one root: {arcs:?}");
    // Every word reaches the root without a cycle.
    for start in 1..=words.len() {
        let (mut k, mut steps) = (start, 0);
        while k != 0 {
            k = arcs[k - 1].head;
            steps += 1;
            assert!(steps <= words.len(), "cycle through word {start}: {arcs:?}");
        }
    }
    let pred = dir.path().join("pred.conllu");
    let out = run(bin()
        .args(["eval", "deps", "--json", "--gold"])
        .arg(dir.path())
        .arg("--model")
        .arg(&model)
        .arg("--save-pred")
        .arg(&pred));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["uas"].as_f64().unwrap() > 0.3, "{v}");
    assert_eq!(v["beam"], beam);
    assert_eq!(v["own_tagger"], own_tagger);
    // The saved trees are the ones scored, with the tags the parser saw.
    let saved = dateline::backbone::conllu::read(&pred).unwrap();
    let gold = dateline::backbone::conllu::read(&dir.path().join("GUM_bio_galois.conllu")).unwrap();
    assert_eq!(saved.len(), gold.len());
    let (mut n, mut right) = (0, 0);
    for (p, g) in saved.iter().zip(&gold) {
        let words: Vec<&str> = g.tokens.iter().map(|t| t.form.as_str()).collect();
        let tagger = parser.tagger().unwrap_or_else(|| models::tagger().unwrap());
        let tags: Vec<&str> = tagger.tag(&words).into_iter().map(|t| tagger.xpos(t)).collect();
        assert_eq!(p.tokens.iter().map(|t| t.xpos.as_str()).collect::<Vec<_>>(), tags);
        for (a, b) in p.tokens.iter().zip(&g.tokens) {
            n += 1;
            right += usize::from(a.head == b.head);
        }
    }
    let uas = right as f64 / n as f64;
    assert!((uas - v["uas"].as_f64().unwrap()).abs() < 1e-9, "{uas} against {v}");
    // `bench --parse` says which parser it timed.
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let out = run(bin()
        .args(["bench", "--backbone", "--parse", "--json", examples])
        .env("DATELINE_PARSER", &model));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["parser"]["beam"], beam, "{r}");
    assert_eq!(r["parser"]["own_tagger"], own_tagger, "{r}");
    assert_eq!(r["parser"]["file"], model.display().to_string(), "{r}");
}

/// `bench --backbone` times the backbone alone (the backbone issue's speed
/// targets are set on it) and says what it counted; `--parse` without a
/// parser model is an error that says how to get one, not a run without it.
#[test]
fn bench_measures_the_backbone_alone_and_needs_a_parser_for_parse() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let out = run(bin().args(["bench", "--backbone", "--json", examples]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(r["words"].as_u64().unwrap_or(0) > 1000, "{r}");
    assert!(r["entity_spans"].as_u64().unwrap_or(0) > 20, "{r}");
    assert!(r.get("statements").is_none(), "the backbone finds no statements: {r}");
    let out = run(bin()
        .args(["bench", "--parse", examples])
        .env("DATELINE_PARSER", "/no/such/parser.bin"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/no/such/parser.bin") && err.contains("dateline train parser"),
        "{err}"
    );
}

/// `bench` says where the time went, stage by stage, for the stages that
/// ran, and the stages add up to the run.
#[test]
fn bench_times_each_stage_that_ran() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let out = run(bin().args(["bench", "--json", examples]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let stages = r["stages"].as_array().expect("stages");
    let names: Vec<&str> = stages.iter().filter_map(|s| s["stage"].as_str()).collect();
    for want in [
        "tagger",
        "entities (NER, coreference)",
        "statements (learned)",
        "loaded language",
        "JSON output",
    ] {
        assert!(names.contains(&want), "{want} missing: {names:?}");
    }
    assert!(!names.contains(&"parser"), "the parser did not run: {names:?}");
    let sum: f64 = stages.iter().filter_map(|s| s["seconds"].as_f64()).sum();
    let total = r["seconds"].as_f64().unwrap_or(0.0);
    assert!(
        sum > 0.0 && sum <= total * 1.001,
        "stages {sum} s against the run's {total} s"
    );
    // Without the models (--fast) their stages do not run.
    let out = run(bin().args(["bench", "--fast", "--json", examples]));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> = r["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["stage"].as_str())
        .collect();
    assert!(
        !names.contains(&"tagger") && names.contains(&"statements (rules)"),
        "{names:?}"
    );
}
