//! Bad input never panics: each bad document gives a clear error record (or
//! an empty result), the others are processed, and the exit code says so.

mod common;

use std::io::Write;

use common::{bin, json_lines, run, run_with_stdin, write_file};

#[test]
fn corpus_of_malformed_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a_binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 255]).unwrap();
    std::fs::write(
        d.join("b_invalid_utf8.txt"),
        b"Line one.\nThe minister said \xff\xfe it was fine.\n",
    )
    .unwrap();
    std::fs::write(d.join("c_empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("d_unbalanced.txt"),
        "He said \u{201c}this never ends.\n\n\u{201d}Nor \u{201c}this\u{201d}\u{201d} one \u{ab}either.",
    )
    .unwrap();
    std::fs::write(
        d.join("e_punctuation.txt"),
        ".,;:!?\u{2014}\u{201c}\u{201d}()[]'''\"\"\"...---",
    )
    .unwrap();
    let nested = "\u{201c}".repeat(10_000) + "The chief said it." + &"\u{201d}".repeat(10_000);
    std::fs::write(d.join("f_nested.txt"), nested).unwrap();
    // One 50 MB line in a JSON Lines file between two good documents.
    let mut f = std::fs::File::create(d.join("g_big.jsonl")).unwrap();
    writeln!(
        f,
        r#"{{"id":"before","text":"Mayor Tilde Aas said the pier would reopen."}}"#
    )
    .unwrap();
    write!(f, r#"{{"id":"huge","text":""#).unwrap();
    let chunk = "word ".repeat(1 << 16);
    for _ in 0..(50 * 1024 * 1024 / chunk.len() + 1) {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(f, r#""}}"#).unwrap();
    writeln!(f, r#"{{"id":"after","text":"Officials said the harbour was calm."}}"#).unwrap();
    writeln!(f, r#"{{"id":"broken", "text": "#).unwrap();
    drop(f);

    let out = run(bin().args(["extract", "--quiet"]).arg(d));
    assert_eq!(out.status.code(), Some(1), "some documents failed, so exit code 1");
    let lines = json_lines(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kinds: Vec<String> = lines
        .iter()
        .map(|l| {
            l.get("error")
                .map_or("ok".to_string(), |e| e["kind"].as_str().unwrap_or("?").to_string())
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "binary",
            "invalid_utf8",
            "ok",
            "ok",
            "ok",
            "ok",
            "ok",
            "too_large",
            "ok",
            "invalid_json"
        ],
        "{lines:?}"
    );
    // Errors name the file and the line.
    assert!(
        stderr.contains("b_invalid_utf8.txt") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("g_big.jsonl:2"), "{stderr}");
    assert!(stderr.contains("g_big.jsonl:4"), "{stderr}");
    // The good documents around the bad ones were processed.
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert!(ids.contains(&"before") && ids.contains(&"after"), "{ids:?}");
    let before = lines.iter().find(|l| l["id"] == "before").unwrap();
    assert_eq!(before["statements"].as_array().unwrap().len(), 1);
    // The empty file is an empty result.
    let empty = lines.iter().find(|l| l["id"] == "c_empty").unwrap();
    assert!(empty["statements"].as_array().unwrap().is_empty());
    // Every span of every record is inside its text.
    for l in &lines {
        if let Some(sts) = l["statements"].as_array() {
            for st in sts {
                for c in st["content"].as_array().unwrap() {
                    assert!(c[0].as_u64().unwrap() <= c[1].as_u64().unwrap());
                }
            }
        }
    }
}

#[test]
fn stdin_jsonl_streams_one_line_per_input_line_in_order() {
    let mut input = Vec::new();
    for i in 0..150 {
        if i == 70 {
            writeln!(input, "{{not json").unwrap();
        } else {
            writeln!(
                input,
                r#"{{"id":"d{i}","text":"Ines Baro said the count was {i}.","date":"2024-01-02"}}"#
            )
            .unwrap();
        }
    }
    let out = run_with_stdin(bin().args(["extract", "-", "--threads", "2"]), input);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 150);
    for (i, l) in lines.iter().enumerate() {
        if i == 70 {
            assert_eq!(l["error"]["kind"], "invalid_json");
            assert_eq!(l["error"]["source"], "stdin:71");
        } else {
            assert_eq!(l["id"], format!("d{i}"));
        }
    }
}

#[test]
fn plain_text_on_stdin_and_pretty_output() {
    let out = run_with_stdin(
        bin().args(["extract", "--pretty"]),
        b"LONDON, May 3 (Reuters) - Britain said it would act.".to_vec(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "stdin");
    assert_eq!(v["dateline"]["place"], "London");
    assert!(
        String::from_utf8_lossy(&out.stdout).lines().count() > 5,
        "pretty output spans lines"
    );
}

#[test]
fn a_windows_1252_article_is_read_with_encoding_and_utf16_by_its_mark() {
    let dir = tempfile::tempdir().unwrap();
    let latin = dir.path().join("old.txt");
    std::fs::write(&latin, b"\x93We will reopen the pier,\x94 said Ren\xe9 Aas.").unwrap();
    let out = run(bin().args(["extract", "--encoding", "windows-1252"]).arg(&latin));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let st = &v["statements"][0];
    assert_eq!(st["speaker"]["name"], "Ren\u{e9} Aas");
    // Offsets are code points of the decoded text: the content starts
    // after the opening quotation mark.
    assert_eq!(st["content"][0][0], 1);
    let unicode = dir.path().join("unicode.txt");
    let text = "\u{201c}We will reopen the pier,\u{201d} said Ren\u{e9} Aas.";
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&unicode, bytes).unwrap();
    let out16 = run(bin().arg("extract").arg(&unicode));
    assert!(out16.status.success(), "{}", String::from_utf8_lossy(&out16.stderr));
    let w: serde_json::Value = serde_json::from_slice(&out16.stdout).unwrap();
    assert_eq!(w["statements"], v["statements"]);
    let bad = run(bin().args(["extract", "--encoding", "klingon"]).arg(&latin));
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown encoding"));
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let out = run(bin().args(["extract", "/no/such/file.txt"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
}

#[test]
fn an_empty_directory_is_named_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("inbox");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join(".hidden"), b"x").unwrap();
    let out = run(bin().arg("extract").arg(&empty));
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inbox: no files"), "{err}");
}

/// `dateline eval statements --gold GOLD [PRED]`: exit code and stderr.
fn eval_statements(gold: &std::path::Path, pred: Option<&std::path::Path>) -> (Option<i32>, String) {
    let mut cmd = bin();
    cmd.args(["eval", "statements", "--gold"]).arg(gold);
    if let Some(p) = pred {
        cmd.arg(p);
    }
    let out = run(&mut cmd);
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A gold file pretty-printed over several lines (not JSON Lines) is an
/// error that says what the file is and how to convert it; a file that is
/// simply broken gets no such advice.
#[test]
fn pretty_printed_gold_file_is_an_error_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let pretty = write_file(
        dir.path(),
        "gold.json",
        "{\n \"id\": \"a1\",\n \"text\": \"She said it rained.\",\n \"quotes\": []\n}\n",
    );
    let (code, err) = eval_statements(&pretty, Some(&pretty));
    assert_eq!(code, Some(2));
    assert!(err.contains("gold.json:1: invalid JSON"), "{err}");
    assert!(
        err.contains("one JSON document over several lines") && err.contains("jq -c"),
        "{err}"
    );

    let broken = write_file(dir.path(), "broken.jsonl", "{\"id\": \"a1\", \"text\": \n");
    let (code, err) = eval_statements(&broken, Some(&broken));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("broken.jsonl:1: invalid JSON") && !err.contains("jq"),
        "{err}"
    );
}

/// Warnings reach stderr in input order, whatever the threads, and a
/// flood of them is cut short with a count; every document is processed.
#[test]
fn warnings_come_in_input_order_and_a_flood_is_counted() {
    let body: String = (0..60)
        .map(|i| format!("{{\"id\": \"d{i}\", \"date\": \"someday\", \"text\": \"Rain fell on day {i}.\"}}\n"))
        .collect();
    let out = run_with_stdin(bin().args(["extract", "-q", "--threads", "2"]), body.into());
    assert!(out.status.success());
    assert_eq!(json_lines(&out.stdout).len(), 60);
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<usize> = err
        .lines()
        .filter(|l| l.contains("unreadable date"))
        .filter_map(|l| l.split("stdin:").nth(1)?.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(lines, (1..=20).collect::<Vec<usize>>(), "{err}");
    assert!(err.contains("40 more warnings not shown (60 in all)"), "{err}");
}

/// An article file given as gold scores zeros, and says why.
#[test]
fn a_gold_file_with_nothing_to_score_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let articles = write_file(
        dir.path(),
        "articles.jsonl",
        "{\"id\": \"a1\", \"text\": \"She said it rained.\"}\n",
    );
    let (code, err) = eval_statements(&articles, None);
    assert_eq!(code, Some(0));
    assert!(
        err.contains("articles.jsonl holds nothing to score") && err.contains("\"quotes\""),
        "{err}"
    );
    // Real gold (with statements) gets no such warning.
    let gold = write_file(
        dir.path(),
        "gold.jsonl",
        "{\"id\": \"a1\", \"text\": \"She said it rained.\", \"quotes\": [{\"content_spans\": [[9, 18]]}]}\n",
    );
    let (code, err) = eval_statements(&gold, None);
    assert_eq!(code, Some(0));
    assert!(!err.contains("nothing to score"), "{err}");
}

/// Garbage under the web readers' extensions: an error record naming the
/// file, exit code 1, never a panic or silence.
#[test]
fn garbage_html_feed_and_warc_are_error_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    noise[10] = 0;
    for ext in ["html", "rss", "atom", "warc", "warc.gz"] {
        let p = dir.path().join(format!("junk.{ext}"));
        std::fs::write(&p, &noise).unwrap();
        let out = common::run(common::bin().arg("extract").arg(&p));
        assert_eq!(out.status.code(), Some(1), "{ext}");
        let lines = common::json_lines(&out.stdout);
        assert_eq!(lines.len(), 1, "{ext}: {lines:?}");
        assert!(
            lines[0]["error"]["message"].as_str().unwrap().contains("junk"),
            "{ext}: {lines:?}"
        );
    }
    // A page with no text in it.
    let p = dir.path().join("empty.html");
    std::fs::write(&p, "<html><body><nav><a href='/'>Home</a></nav></body></html>").unwrap();
    let out = common::run(common::bin().arg("extract").arg(&p));
    assert_eq!(out.status.code(), Some(1));
}

/// A model override that cannot be read is an error before any work, not
/// a model silently skipped; `off` switches the model off on purpose.
#[test]
fn bad_model_override_is_an_error_and_off_switches_it_off() {
    let article = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harbor-strike.txt");
    let out = run(bin()
        .env("DATELINE_LOADED", "/no/such/model.bin")
        .args(["extract", article]));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("$DATELINE_LOADED") && stderr.contains("/no/such/model.bin"),
        "{stderr}"
    );

    let out = run(bin().env("DATELINE_TIMEX", "Cargo.toml").args(["extract", article]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a dateline model"));

    // Off: the grammar still finds the article's times, and the record is whole.
    let with = json_lines(&run(bin().args(["extract", article])).stdout);
    let off = run(bin().env("DATELINE_TIMEX", "off").args(["extract", article]));
    assert_eq!(off.status.code(), Some(0));
    let off = json_lines(&off.stdout);
    assert_eq!(off.len(), 1);
    assert!(!off[0]["timexes"].as_array().unwrap().is_empty());
    assert_eq!(off[0]["statements"], with[0]["statements"].clone());
}

/// `--format tables` as a streaming filter: one line per input line (a
/// blank or broken line is an error row), each row keyed by its article.
#[test]
fn tables_format_streams_one_line_per_input_line() {
    let mut input = Vec::new();
    writeln!(
        input,
        r#"{{"id":"a","text":"Mayor Tilde Aas said the pier would reopen.","date":"2024-05-02","outlet":"Coast Post"}}"#
    )
    .unwrap();
    writeln!(input).unwrap();
    writeln!(input, "{{broken").unwrap();
    writeln!(input, r#"{{"id":"b","text":"No one spoke."}}"#).unwrap();
    let out = run_with_stdin(bin().args(["extract", "--format", "tables", "-j", "1"]), input);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4);
    let st = &lines[0]["statements"][0];
    assert_eq!(st["article"], "a");
    assert_eq!(st["date"], "2024-05-02");
    assert_eq!(st["outlet"], "Coast Post");
    assert_eq!(st["speaker"], "Tilde Aas");
    assert_eq!(st["content"], "the pier would reopen");
    assert_eq!(lines[1]["errors"][0]["kind"], "blank_line");
    assert_eq!(lines[2]["errors"][0]["kind"], "invalid_json");
    assert_eq!(lines[3]["articles"][0]["article"], "b");
    assert!(lines[3].get("statements").is_none());

    // Parquet needs a directory; --pretty is for JSON.
    let out = run(bin().args(["extract", "--format", "parquet", "examples/"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o DIR"));
    let out = run(bin().args(["extract", "--format", "tables", "--pretty", "examples/"]));
    assert_eq!(out.status.code(), Some(2));
}

/// A reader that closes the pipe early (`| head`) ends the run quietly:
/// no panic, no error, for the commands that print tables and exports.
#[test]
fn a_closed_pipe_is_a_normal_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = run(bin().args(["ingest", "-q", "examples", "--db"]).arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = db.to_str().unwrap();
    for args in [
        vec!["report", "--by", "speaker", "--db", db],
        vec!["export", "--format", "csv", "--db", db],
        vec!["export", "--format", "jsonl", "--db", db],
        vec!["bench", "examples"],
    ] {
        let mut child = bin()
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}
