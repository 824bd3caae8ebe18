//! The engine issue's figures, measured with our scorer (which the
//! scorer-agreement tests tie to the team's Python scorers).

mod common;

use common::{bin, json_lines, run, shared};

fn eval_statements(gold: &str) -> serde_json::Value {
    let out = run(bin()
        .args(["eval", "statements", "--gold"])
        .arg(shared(gold))
        .arg("--json"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The attribution issue's target: overlap+canonical F1 ≥ 0.95 (0.966 on
/// 2026-12-07: 14 of 15 gold statements, the split `“…,” he said. “…”`
/// quote the one missed, and no false statement).
#[test]
fn seed_article_statements_with_canonical_speakers() {
    let r = eval_statements("examples/seed-000.gold.quotes.jsonl");
    let f1 = r["overlap+canonical"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.95, "overlap+canonical F1 {f1} < 0.95: {r}");
}

#[test]
fn seed_article_dateline_and_times() {
    let out = run(bin().arg("extract").arg(shared("examples/seed-000.txt")));
    let doc = &json_lines(&out.stdout)[0];
    assert_eq!(doc["dateline"]["date"], "2023-05-13");
    assert_eq!(doc["dateline"]["place"], "Tehran");
    let text = std::fs::read_to_string(shared("examples/seed-000.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let value = |surface: &str| -> Option<String> {
        doc["timexes"].as_array().unwrap().iter().find_map(|t| {
            let (s, e) = (t["span"][0].as_u64()? as usize, t["span"][1].as_u64()? as usize);
            let got: String = chars.get(s..e)?.iter().collect();
            (got == surface).then(|| t["value"].as_str().unwrap().to_string())
        })
    };
    assert_eq!(value("Saturday").as_deref(), Some("2023-05-13"));
    assert_eq!(value("Last month").as_deref(), Some("2023-04"));
    assert_eq!(value("April").as_deref(), Some("2023-04"));
    // Every gold time expression is found (overlapping span) with its value.
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(shared("examples/seed-000.gold.json")).unwrap()).unwrap();
    for g in gold["timexes"].as_array().unwrap() {
        let (gs, ge) = (g["span"][0].as_u64().unwrap(), g["span"][1].as_u64().unwrap());
        let found = doc["timexes"].as_array().unwrap().iter().find(|t| {
            let (s, e) = (t["span"][0].as_u64().unwrap(), t["span"][1].as_u64().unwrap());
            s < ge && gs < e
        });
        assert_eq!(found.map(|t| &t["value"]), Some(&g["value"]), "gold timex {g}");
    }
}

/// Each statement's when and where (issue: time and place of statements):
/// Qaani's on the Saturday of the ceremony in Mashhad, read from the
/// sentence about his speech; Khamenei's and the Hezbollah official's in
/// April, from their own sentences or their speaker's.
#[test]
fn seed_statements_carry_time_and_place() {
    let out = run(bin().arg("extract").arg(shared("examples/seed-000.txt")));
    let doc = &json_lines(&out.stdout)[0];
    let text: Vec<char> = std::fs::read_to_string(shared("examples/seed-000.txt"))
        .unwrap()
        .chars()
        .collect();
    let content = |s: &serde_json::Value| -> String {
        s["content"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let (a, b) = (c[0].as_u64().unwrap() as usize, c[1].as_u64().unwrap() as usize);
                text[a..b].iter().collect::<String>()
            })
            .collect()
    };
    let statements = doc["statements"].as_array().unwrap();
    let by = |name: &str| -> Vec<&serde_json::Value> {
        statements.iter().filter(|s| s["speaker"]["name"] == name).collect()
    };
    let qaani = by("Esmail Qaani");
    assert!(qaani.len() >= 5, "{statements:?}");
    for s in &qaani {
        assert_eq!(s["time"]["value"], "2023-05-13", "{s}");
        assert_eq!(s["place"]["name"], "Mashhad", "{s}");
    }
    let khamenei = by("Ali Khamenei");
    assert!(!khamenei.is_empty());
    for s in &khamenei {
        assert_eq!(s["time"]["value"], "2023-04", "{s}");
    }
    let hezbollah = statements
        .iter()
        .find(|s| content(s).contains("always been at the forefront"))
        .expect("the Hezbollah official's statement");
    assert_eq!(hezbollah["time"]["value"], "2023-04");
    assert_eq!(hezbollah["time"]["source"], "sentence");
}

/// The learned attribution model (default) on PolNeAR dev: measured 0.705
/// overlap / 0.607 overlap+speaker / 0.618 cue on 2026-11-25; the rules
/// alone (`--fast`) reach 0.605 / 0.548 / 0.560.
#[test]
fn polnear_dev_overlap_and_speaker() {
    let r = eval_statements("data/polnear/gold.dev.jsonl");
    let overlap = r["overlap"]["f1"].as_f64().unwrap();
    let speaker = r["overlap+speaker"]["f1"].as_f64().unwrap();
    let cue = r["cue"]["f1"].as_f64().unwrap();
    assert!(overlap >= 0.69, "PolNeAR dev overlap F1 {overlap} < 0.69");
    assert!(speaker >= 0.59, "PolNeAR dev overlap+speaker F1 {speaker} < 0.59");
    assert!(cue >= 0.61, "PolNeAR dev cue F1 {cue} < 0.61");
}

/// `train attribution --gold-labels` links PolNeAR dev's gold roles with
/// our linking code and scores them, training nothing: 0.954 overlap and
/// 0.924 overlap+speaker on 2026-12-05. A linking change that loses
/// statements or speakers shows here apart from the labeller's noise.
#[test]
fn linking_gold_labels_keeps_almost_every_attribution() {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("linked.jsonl");
    let out = run(bin()
        .args(["train", "attribution", "--gold-labels", "--data"])
        .arg(shared("data/polnear"))
        .arg("-o")
        .arg(&pred));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("overlap+speaker"), "{report}");
    let r = run(bin()
        .args(["eval", "statements", "--json", "--gold"])
        .arg(shared("data/polnear/gold.dev.jsonl"))
        .arg(&pred));
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let overlap = r["overlap"]["f1"].as_f64().unwrap();
    let speaker = r["overlap+speaker"]["f1"].as_f64().unwrap();
    assert!(overlap >= 0.93, "gold labels, overlap F1 {overlap} < 0.93");
    assert!(speaker >= 0.90, "gold labels, overlap+speaker F1 {speaker} < 0.90");
    // Nothing was trained: no model file appears beside the predictions.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // Training settings mean nothing here: refused, not silently ignored.
    let out = run(bin().args(["train", "attribution", "--gold-labels", "--seed", "3"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed"));
}

/// `--lang de` switches to the model trained on German Wikinews: measured
/// overlap F1 0.512 on its dev split on 2026-11-25 (the English model on the
/// same texts: 0.105).
#[test]
fn german_dev_with_the_german_model() {
    let score = |lang: &str| {
        let out = run(bin()
            .args(["eval", "statements", "--lang", lang, "--json", "--gold"])
            .arg(shared("data/german_wikinews_quotes/gold.dev.jsonl")));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            r["overlap"]["f1"].as_f64().unwrap(),
            r["overlap+speaker"]["f1"].as_f64().unwrap(),
        )
    };
    let ((de, de_speaker), (en, _)) = (score("de"), score("en"));
    assert!(de >= 0.48, "German dev overlap F1 {de} < 0.48");
    // 0.453 before reported sentences took their own subject as speaker
    // (2026-12-05), 0.478 after it and the pronoun fallback.
    assert!(de_speaker >= 0.47, "German dev overlap+speaker F1 {de_speaker} < 0.47");
    assert!(
        de > en + 0.2,
        "German model {de} not clearly above the English one {en}"
    );
}

/// Our own example article: the source "the head of the Portmere
/// Dockworkers Union (PDU)" is a description of Marta Velkova, bracket
/// included, so the statement is hers, not the union's.
#[test]
fn bundled_example_speakers_resolve_to_people() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/harbor-strike.txt");
    let out = run(bin().arg("extract").arg(&path));
    let doc = &json_lines(&out.stdout)[0];
    let text: Vec<char> = std::fs::read_to_string(&path).unwrap().chars().collect();
    let cue_of = |s: &serde_json::Value| -> String {
        let (a, b) = (
            s["cue"][0].as_u64().unwrap() as usize,
            s["cue"][1].as_u64().unwrap() as usize,
        );
        text[a..b].iter().collect()
    };
    let statements = doc["statements"].as_array().unwrap();
    let first = statements
        .iter()
        .find(|s| s["cue"].is_array() && cue_of(s) == "According to")
        .expect("the opening 'According to' statement");
    assert_eq!(first["speaker"]["name"], "Marta Velkova", "{first}");
    let names: Vec<&str> = statements
        .iter()
        .filter_map(|s| s["speaker"]["name"].as_str())
        .collect();
    for who in ["Marta Velkova", "Oskar Lindqvist", "Helena Brandt"] {
        assert!(names.contains(&who), "no statement by {who}: {names:?}");
    }
}

#[test]
fn every_span_slices_its_text_on_the_bundled_examples() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let out = run(bin().arg("extract").arg(&dir));
    assert!(out.status.success());
    for doc in json_lines(&out.stdout) {
        let id = doc["id"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(format!("{id}.txt"))).unwrap();
        let n = text.chars().count() as u64;
        let mut spans = Vec::new();
        for st in doc["statements"].as_array().unwrap() {
            spans.extend(st["content"].as_array().unwrap().iter().cloned());
            spans.extend(st["cue"].as_array().map(|c| serde_json::Value::Array(c.clone())));
        }
        for e in doc["entities"].as_array().unwrap() {
            spans.extend(e["mentions"].as_array().unwrap().iter().map(|m| m["span"].clone()));
        }
        assert!(!spans.is_empty(), "{id} yields records");
        for s in spans {
            let (a, b) = (s[0].as_u64().unwrap(), s[1].as_u64().unwrap());
            assert!(a < b && b <= n, "{id}: bad span {s}");
        }
    }
}

/// The loaded-language model on PTC dev (Loaded_Language +
/// Name_Calling,Labeling, partial-credit span F1): measured 0.318 on
/// 2026-11-25 (a word list mined from train: 0.17 per the issue).
#[test]
fn ptc_dev_loaded_language() {
    let out = run(bin()
        .args(["eval", "loaded", "--gold"])
        .arg(shared("data/ptc_semeval2020/dev.jsonl"))
        .arg("--json"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f1 = r["f1"].as_f64().unwrap();
    assert!(f1 >= 0.28, "PTC dev loaded-language F1 {f1} < 0.28: {r}");
}

/// No loaded span inside the dateline or inside a proper name, on every
/// bundled article and the seed; statement-level lists hold only spans
/// inside the statement's content.
#[test]
fn loaded_spans_avoid_datelines_and_names() {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.push(shared("examples/seed-000.txt"));
    let mut flagged = 0;
    for p in paths {
        let out = run(bin().arg("extract").arg(&p));
        let doc = &json_lines(&out.stdout)[0];
        let pair = |v: &serde_json::Value| (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
        let dateline = doc["dateline"]["span"]
            .as_array()
            .map(|_| pair(&doc["dateline"]["span"]));
        let names: Vec<(u64, u64)> = doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["mentions"].as_array().unwrap().iter())
            .filter(|m| m["kind"] == "name")
            .map(|m| pair(&m["span"]))
            .collect();
        for l in doc["loaded"].as_array().unwrap() {
            flagged += 1;
            let (s, e) = pair(&l["span"]);
            assert!(s < e);
            if let Some((ds, de)) = dateline {
                assert!(e <= ds || s >= de, "{p:?}: {l} in the dateline");
            }
            assert!(
                !names.iter().any(|&(a, b)| a <= s && e <= b),
                "{p:?}: {l} inside a name"
            );
        }
        for st in doc["statements"].as_array().unwrap() {
            for l in st["loaded"].as_array().into_iter().flatten() {
                let (s, e) = pair(&l["span"]);
                let inside = st["content"].as_array().unwrap().iter().any(|c| {
                    let (a, b) = pair(c);
                    a <= s && e <= b
                });
                assert!(inside, "{p:?}: statement-level {l} outside its content");
            }
        }
    }
    assert!(flagged > 0, "nothing flagged in any example");
}

/// `dateline report`: rows per outlet (from the input's `outlet`) with
/// counts that add up; by speaker, canonical names.
#[test]
fn report_by_outlet_and_speaker() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let seed = std::fs::read_to_string(shared("examples/seed-000.txt")).unwrap();
    let ex = std::fs::read_to_string("examples/harbor-strike.txt").unwrap();
    let lines = [
        serde_json::json!({"id": "a", "text": seed, "outlet": "Outlet A"}),
        serde_json::json!({"id": "b", "text": ex, "outlet": "Outlet B"}),
        serde_json::json!({"id": "c", "text": ex, "outlet": "Outlet B"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, body).unwrap();
    let out = run(bin().args(["report", "--by", "outlet", "--json"]).arg(&input));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let b = rows.iter().find(|r| r["key"] == "Outlet B").unwrap();
    assert_eq!(b["items"], 2);
    for r in rows {
        let (n, w) = (r["loaded"].as_f64().unwrap(), r["words"].as_f64().unwrap());
        assert!(w > 100.0);
        assert!((r["per_1000_words"].as_f64().unwrap() - n * 1000.0 / w).abs() < 1e-9);
    }
    let out = run(bin().args(["report", "--by", "speaker"]).arg(&input));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("speaker"), "{table}");
    assert!(
        table.contains("Esmail Qaani") && table.contains("Marta Velkova"),
        "{table}"
    );
}

/// `dateline report --db`: a store's report is the report of the files it
/// was made from, by outlet and by speaker (spans read back from the
/// stored records' code-point offsets, in texts with non-ASCII letters).
#[test]
fn report_over_a_store_is_the_report_over_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let seed = std::fs::read_to_string(shared("examples/seed-000.txt")).unwrap();
    assert!(!seed.is_ascii());
    let lines = [
        serde_json::json!({"id": "a", "text": seed, "outlet": "Outlet A"}),
        serde_json::json!({"id": "b", "text": std::fs::read_to_string("examples/harbor-strike.txt").unwrap(), "outlet": "Outlet B"}),
        serde_json::json!({"id": "c", "text": std::fs::read_to_string("examples/kestrel-bridge.txt").unwrap()}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, body).unwrap();
    let db = dir.path().join("r.db");
    let out = run(bin().args(["ingest", "-q"]).arg(&input).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for by in ["outlet", "speaker"] {
        let files = run(bin().args(["report", "--json", "--by", by]).arg(&input));
        let store = run(bin().args(["report", "--json", "--by", by, "--db"]).arg(&db));
        assert!(store.status.success(), "{}", String::from_utf8_lossy(&store.stderr));
        let (f, s): (serde_json::Value, serde_json::Value) = (
            serde_json::from_slice(&files.stdout).unwrap(),
            serde_json::from_slice(&store.stdout).unwrap(),
        );
        assert!(f.as_array().is_some_and(|r| r.len() >= 2), "{f}");
        assert!(
            f.as_array().unwrap().iter().any(|r| r["loaded"].as_u64() > Some(0)),
            "{f}"
        );
        assert_eq!(f, s, "by {by}");
    }
}
