//! The HTTP API over a real store: filters, errors as JSON with their
//! status codes, the token on ingest, limits, and a store that hostile
//! requests leave intact.

mod common;

use common::{example_store, Server};

#[test]
fn api_answers_filters_and_refuses_bad_requests_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(dir.path());
    let srv = Server::start(&db, Some("s3cret"));

    let (status, all) = srv.get_json("/api/statements?limit=1000");
    assert_eq!(status, 200);
    let total = all["statements"].as_array().unwrap().len();
    assert!(total >= 30);

    let (_, r) = srv.get_json("/api/statements?q=resistance%20front&speaker=esmail%20qaani");
    let hits = r["statements"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["speaker"] == "Esmail Qaani"));
    assert!(hits
        .iter()
        .all(|h| h["content"].as_str().unwrap().contains("resistance")));

    let (_, r) = srv.get_json("/api/speakers/Esmail%20Qaani/timeline");
    let tl = r["statements"].as_array().unwrap();
    assert!(tl.len() >= hits.len());
    assert!(tl.iter().all(|h| h["date"] == "2023-05-13"));

    let (_, r) = srv.get_json("/api/articles");
    let examples = std::fs::read_dir("examples").unwrap().count();
    assert_eq!(r["articles"].as_array().unwrap().len(), examples + 1);
    let (status, a) = srv.get_json("/api/articles/seed-000");
    assert_eq!(status, 200);
    // The record's spans index the stored text in code points.
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    // Statements after the first non-ASCII character ("Iran’s") would be
    // shifted if the offsets were bytes.
    let contents: Vec<String> = a["record"]["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| {
            let (s, e) = (
                st["content"][0][0].as_u64().unwrap() as usize,
                st["content"][0][1].as_u64().unwrap() as usize,
            );
            text[s..e].iter().collect()
        })
        .collect();
    assert!(
        contents
            .iter()
            .any(|c| c.contains("would continue to unflinchingly assist")),
        "{contents:?}"
    );
    assert!(
        contents
            .iter()
            .any(|c| c.starts_with("this is the result of the resistance front")),
        "{contents:?}"
    );
    let (_, r) = srv.get_json("/api/entities?name=qaani");
    assert_eq!(r["entities"][0]["name"], "Esmail Qaani");

    // Errors: JSON with the status inside.
    for (path, code) in [
        ("/api/statements?colour=red", 400),
        ("/api/statements?from=May", 400),
        ("/api/statements?kind=rumour", 400),
        ("/api/statements?limit=0", 400),
        ("/api/articles/no-such-article", 404),
        ("/api/nothing-here", 404),
    ] {
        let (status, body) = srv.get_json(path);
        assert_eq!(status, code, "{path}: {body}");
        assert_eq!(body["error"]["status"], code, "{path}: {body}");
    }
    // Query syntax of every kind is just words.
    for q in [
        "%22x*%20OR",
        "content%3Ax",
        "'%3B%20DROP%20TABLE%20statements%3B--",
        "NEAR(a%20b)",
    ] {
        let (status, body) = srv.get_json(&format!("/api/statements?q={q}"));
        assert!(status == 200 || status == 400, "{q}: {status} {body}");
    }

    // Ingest: token required, JSON checked, size limited.
    let doc = br#"{"id": "api-1", "text": "Mayor Ann Holt said on Monday that the bridge would reopen.", "date": "2024-05-08", "outlet": "Test Wire"}"#;
    let json = [("Content-Type", "application/json")];
    let (status, _) = srv.request("POST", "/api/ingest", &json, doc);
    assert_eq!(status, 401);
    let (status, _) = srv.request("POST", "/api/ingest", &[("Authorization", "Bearer wrong")], doc);
    assert_eq!(status, 403);
    let auth = [("Authorization", "Bearer s3cret"), ("Content-Type", "application/json")];
    let (status, body) = srv.request("POST", "/api/ingest", &auth, b"{not json");
    assert_eq!(status, 400, "{body}");
    let (status, body) = srv.request("POST", "/api/ingest", &auth, br#"{"id": "x"}"#);
    assert_eq!(status, 400, "{body}");
    let big = vec![b'a'; 3 * 1024 * 1024];
    let (status, body) = srv.request("POST", "/api/ingest", &auth, &big);
    assert_eq!(status, 413, "{body}");
    let (status, body) = srv.request("POST", "/api/ingest", &auth, doc);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"added\":1"), "{body}");
    let (_, body) = srv.request("POST", "/api/ingest", &auth, doc);
    assert!(body.contains("\"already_stored\":1"), "{body}");
    let (_, r) = srv.get_json("/api/speakers/Ann%20Holt/timeline");
    assert_eq!(r["statements"][0]["outlet"], "Test Wire");

    // The store is intact: the earlier statements plus the new one.
    let (_, all) = srv.get_json("/api/statements?limit=1000");
    assert_eq!(all["statements"].as_array().unwrap().len(), total + 1);

    // The OpenAPI document parses and lists the endpoints.
    let (status, spec) = srv.get_json("/api/openapi.json");
    assert_eq!(status, 200);
    assert!(spec["paths"]["/api/statements"].is_object());
}

#[test]
fn ingest_is_off_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(dir.path());
    let srv = Server::start(&db, None);
    let (status, body) = srv.request("POST", "/api/ingest", &[("Authorization", "Bearer x")], b"{}");
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("disabled"));
}
