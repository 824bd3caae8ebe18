//! The web readers on fixture files of our own writing: an HTML page with
//! realistic boilerplate, an RSS and an Atom feed, a WARC crawl.

mod common;

use common::{bin, json_lines, run, run_with_stdin, write_file};

fn extract(path: &str) -> Vec<serde_json::Value> {
    let out = run(bin().arg("extract").arg(path));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    json_lines(&out.stdout)
}

/// The statements of a file as stored and exported (with their outlet).
fn stored(path: &str) -> (tempfile::TempDir, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let out = run(bin().args(["ingest", "-q", path, "--db"]).arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(bin().args(["export", "--format", "jsonl", "--db"]).arg(&db));
    (dir, json_lines(&out.stdout))
}

/// The string at `pointer` in each record of a list (`/speaker/name`).
fn strings<'a>(list: &'a serde_json::Value, pointer: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r.pointer(pointer).and_then(|v| v.as_str()))
        .collect()
}

#[test]
fn html_page_main_text_without_navigation_or_footer() {
    let docs = extract("tests/fixtures/norland-courier-page.html");
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["id"], "norland-courier-page");
    assert_eq!(d["dateline"]["place"], "Kestrel Bay");
    let speakers = strings(&d["statements"], "/speaker/name");
    assert!(
        speakers.contains(&"Pieter Hallam") && speakers.contains(&"Mette Sand"),
        "{speakers:?}"
    );
    // The publication date from the page's metadata dates the statements
    // when the text does not.
    let times = strings(&d["statements"], "/time/value");
    assert!(times.contains(&"2024-10-22"), "{times:?}");
    // Boilerplate is not in the text: no entity or statement comes from it,
    // and the stored article has none of it.
    let (_dir, rows) = stored("tests/fixtures/norland-courier-page.html");
    assert!(rows.iter().all(|r| r["outlet"] == "Norland Courier"), "{rows:?}");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    run(bin()
        .args(["ingest", "-q", "tests/fixtures/norland-courier-page.html", "--db"])
        .arg(&db));
    let out = run(bin().args(["search", "--json", "--db"]).arg(&db));
    let article = json_lines(&out.stdout)[0]["article"].as_str().unwrap().to_string();
    let srv = common::Server::start(&db, None);
    let (_, a) = srv.get_json(&format!("/api/articles/{article}"));
    let text = a["text"].as_str().unwrap();
    assert!(
        text.contains("harbour wall that cracked during the February storms"),
        "{text}"
    );
    for junk in [
        "Accept all",
        "Subscribe",
        "All rights reserved",
        "Storm damage bill rises",
        "Advertise",
    ] {
        assert!(!text.contains(junk), "boilerplate {junk:?} kept: {text}");
    }
}

#[test]
fn rss_and_atom_items_are_articles() {
    let rss = extract("tests/fixtures/meridian-feed.rss");
    assert_eq!(rss.len(), 2);
    assert_eq!(rss[0]["id"], "https://meridian.example/2025/06/03/fares");
    assert_eq!(rss[0]["statements"][0]["speaker"]["name"], "Paolo Serrat");
    assert_eq!(rss[1]["statements"][0]["speaker"]["name"], "Anneke Sol");
    // "on Wednesday" against the item's publication date (2025-06-04).
    let t = strings(&rss[1]["timexes"], "/value");
    assert!(t.contains(&"2025-06-04"), "{t:?}");
    let (_dir, rows) = stored("tests/fixtures/meridian-feed.rss");
    assert!(rows.iter().all(|r| r["outlet"] == "Meridian"));

    let atom = extract("tests/fixtures/ledger-feed.atom");
    assert_eq!(atom.len(), 1);
    assert_eq!(atom[0]["id"], "https://ledger.example/2024/08/22/drought");
    assert_eq!(atom[0]["statements"][0]["speaker"]["name"], "Amal Haddad");
}

#[test]
fn warc_response_pages_are_articles_and_the_rest_is_skipped() {
    let docs = extract("tests/fixtures/courier-crawl.warc");
    // A request, an HTML response and an image response: one article.
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["id"], "https://courier.example/news/harbour-wall");
    assert!(docs[0]["statements"].as_array().unwrap().len() >= 4);
    // The same, gzipped.
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("crawl.warc.gz");
    let out = std::process::Command::new("gzip")
        .arg("-c")
        .arg("tests/fixtures/courier-crawl.warc")
        .output()
        .expect("gzip");
    std::fs::write(&gz, out.stdout).unwrap();
    let g = extract(gz.to_str().unwrap());
    assert_eq!(g.len(), 1);
    assert_eq!(g[0]["statements"], docs[0]["statements"]);
    // A broken archive is an error record, not a panic or silence.
    let bad = dir.path().join("broken.warc");
    std::fs::write(
        &bad,
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
    )
    .unwrap();
    let out = run(bin().arg("extract").arg(&bad));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"error\""));
}

/// Two more pages with other layouts: a div-soup page with a side column,
/// ads, "most read" and reader comments; a table layout in Windows-1252
/// with a newsletter form. Only the story stays, decoded.
#[test]
fn other_page_layouts_and_encodings() {
    let cases = [
        (
            "tests/fixtures/mirabel-evening-page.html",
            "Mirabel Evening",
            "Police divers recovered three of the four silver chalices",
            &[
                "ADVERTISEMENT",
                "Most read",
                "Bakery wins",
                "posted by",
                "Cookie policy",
                "Log in",
                "Share this story",
            ][..],
        ),
        (
            "tests/fixtures/brennford-daily-page.html",
            "Brennford Daily",
            "BRENNFORD \u{2014} Nurses at the city's three public clinics",
            &["morning briefing", "Obituaries", "Tags:", "Copyright", "Privacy"][..],
        ),
    ];
    for (page, outlet, story, junk) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let out = run(bin().args(["ingest", "-q", page, "--db"]).arg(&db));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let srv = common::Server::start(&db, None);
        let (_, list) = srv.get_json("/api/articles");
        assert_eq!(list["articles"][0]["outlet"], outlet);
        let id = list["articles"][0]["doc_id"].as_str().unwrap().to_string();
        let (_, a) = srv.get_json(&format!("/api/articles/{id}"));
        let text = a["text"].as_str().unwrap();
        assert!(text.contains(story), "{page}: {text}");
        for j in junk {
            assert!(!text.contains(j), "{page}: boilerplate {j:?} kept: {text}");
        }
        assert!(a["record"]["statements"].as_array().unwrap().len() >= 3, "{page}");
    }
}

/// A `.json` file may be one pretty-printed document or an array of them,
/// as well as JSON Lines; one that is none of these is an error record
/// naming the file.
#[test]
fn json_files_pretty_printed_arrays_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let one = write_file(dir.path(), "one.json", "{\n  \"id\": \"p1\",\n  \"date\": \"2024-03-09\",\n  \"text\": \"The mayor, Lena Okafor, said on Friday that the bridge would reopen.\"\n}\n");
    let docs = extract(one.to_str().unwrap());
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "p1");
    assert_eq!(strings(&docs[0]["statements"], "/speaker/name"), ["Lena Okafor"]);

    let many = write_file(
        dir.path(),
        "many.json",
        "[\n {\"id\": \"a\", \"text\": \"Rain fell.\"},\n {\"text\": \"Snow fell.\"}\n]\n",
    );
    let docs = extract(many.to_str().unwrap());
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], "a");
    assert!(ids[1].ends_with("many.json[1]"), "{ids:?}");
    // The same array on one line is an array too, not a line of JSON Lines.
    std::fs::write(
        &many,
        "[{\"id\": \"a\", \"text\": \"Rain fell.\"}, {\"text\": \"Snow fell.\"}]\n",
    )
    .unwrap();
    assert_eq!(extract(many.to_str().unwrap()).len(), 2);
    // In a JSON Lines file an array line is an error that says what a line holds.
    let array_line = write_file(dir.path(), "array.jsonl", "[{\"text\": \"Rain fell.\"}]\n");
    let out = run(bin().arg("extract").arg(&array_line));
    assert_eq!(out.status.code(), Some(1));
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 1, "{recs:?}");
    let msg = recs[0]["error"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("one JSON object per line") && msg.contains("found an array"),
        "{msg}"
    );

    let lines = write_file(
        dir.path(),
        "lines.json",
        "{\"id\": \"l1\", \"text\": \"Rain fell.\"}\n{\"id\": \"l2\", \"text\": \"Snow fell.\"}\n",
    );
    let docs = extract(lines.to_str().unwrap());
    assert_eq!(
        docs.iter().filter_map(|d| d["id"].as_str()).collect::<Vec<_>>(),
        ["l1", "l2"]
    );
    // A broken first line of JSON Lines spoils only itself.
    std::fs::write(
        &lines,
        "{\"id\": \"l1\", \"text\": Rain}\n{\"id\": \"l2\", \"text\": \"Snow fell.\"}\n",
    )
    .unwrap();
    let out = run(bin().arg("extract").arg(&lines));
    assert_eq!(out.status.code(), Some(1));
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["error"]["kind"], "invalid_json");
    assert_eq!(recs[1]["id"], "l2");

    let broken = write_file(dir.path(), "broken.json", "{\n  \"id\": \"b1\",\n  \"text\": \"Rain\n");
    let out = run(bin().arg("extract").arg(&broken));
    assert_eq!(out.status.code(), Some(1));
    // One error for the file, not one per line of it.
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["error"]["kind"], "invalid_json");
    assert!(
        recs[0]["error"]["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("broken.json")),
        "{recs:?}"
    );
}

#[test]
fn stdin_reads_a_json_array_as_documents_and_bracketed_text_as_text() {
    let array = "[\n {\"id\": \"s1\", \"text\": \"The mayor, Lena Okafor, said the bridge would reopen.\"},\n {\"id\": \"s2\", \"text\": \"Snow fell.\"}\n]\n";
    let out = run_with_stdin(bin().args(["extract", "-j", "1"]), array.into());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out.stdout);
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["s1", "s2"]);
    assert_eq!(strings(&docs[0]["statements"], "/speaker/name"), ["Lena Okafor"]);

    // An article that opens with a bracket is still an article.
    let text = "[Updated] The mayor, Lena Okafor, said the bridge would reopen.\n";
    let out = run_with_stdin(bin().args(["extract", "-j", "1"]), text.into());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "stdin");
    let text = docs[0]["statements"][0]["content"][0]
        .as_array()
        .and_then(|s| Some((s.first()?.as_u64()? as usize, s.get(1)?.as_u64()? as usize)))
        .map(|(a, b)| text.chars().skip(a).take(b - a).collect::<String>());
    assert_eq!(text.as_deref(), Some("the bridge would reopen"), "{docs:?}");

    // A broken array is one error that says what was expected.
    let out = run_with_stdin(bin().args(["extract", "-j", "1"]), "[{\"text\": \"Rain\"\n".into());
    assert_eq!(out.status.code(), Some(1));
    let recs = json_lines(&out.stdout);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["error"]["kind"], "invalid_json");
}
