//! `dateline eval` must give exactly the numbers of shared/eval/score_*.py.

mod common;

use std::process::Command;

use common::{bin, run, shared};

fn python_scores(script: &str, gold: &str, pred: &str) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(shared(&format!("eval/{script}")))
        .args([gold, pred, "--json"])
        .output()
        .expect("python3 is needed for this test");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ours(task: &str, gold: &str, pred: &str) -> serde_json::Value {
    let out = run(bin().args(["eval", task, "--gold", gold, pred, "--json"]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Equal numbers everywhere (floats to 1e-12).
fn assert_same(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: keys {x:?} vs {y:?}");
            for (k, v) in x {
                assert_same(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() < 1e-12, "{path}: {x} vs {y}");
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

fn check(task: &str, script: &str, gold: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.jsonl");
    let gold = shared(gold).display().to_string();
    let out = run(bin().args(["extract", "--quiet", "-o"]).arg(&pred).arg(&gold));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pred = pred.display().to_string();
    assert_same(&ours(task, &gold, &pred), &python_scores(script, &gold, &pred), task);
}

#[test]
fn statements_on_the_seed_article() {
    check(
        "statements",
        "score_statements.py",
        "examples/seed-000.gold.quotes.jsonl",
    );
}

#[test]
fn statements_on_polnear_dev() {
    check("statements", "score_statements.py", "data/polnear/gold.dev.jsonl");
}

#[test]
fn statements_on_german_wikinews_dev() {
    check(
        "statements",
        "score_statements.py",
        "data/german_wikinews_quotes/gold.dev.jsonl",
    );
}

#[test]
fn entities_on_conll_dev() {
    check("entities", "score_entities.py", "data/conll2003/dev.jsonl");
}

#[test]
fn timexes_on_timebank() {
    check("timexes", "score_timexes.py", "data/tempeval3/timebank.jsonl");
}

#[test]
fn loaded_language_on_ptc_dev() {
    check("loaded", "score_loaded.py", "data/ptc_semeval2020/dev.jsonl");
}
