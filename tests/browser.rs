//! End to end in a real browser (headless Chromium, installed by
//! `.ci/run`): search, open an article from a result, check the
//! highlights, and save a screenshot (target/ui-article.png).
//!
//! Chromium runs the page's JavaScript against the live API; the test
//! reads the DOM it leaves (`--dump-dom`), giving the fetches time with a
//! virtual time budget.

mod common;

use std::process::Command;

use common::{example_store, Server};

fn chromium() -> String {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c.to_string();
        }
    }
    panic!("no Chromium found: install the Debian packages chromium and chromium-driver (.ci/run does)");
}

fn browse(browser: &str, args: &[&str], url: &str) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=10000",
        ])
        .args(args)
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn search_open_article_and_see_highlights() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(dir.path());
    let srv = Server::start(&db, None);
    let base = format!("http://127.0.0.1:{}", srv.port);

    // Search: the page fills its result list from the API.
    let dom = browse(
        &browser,
        &["--dump-dom"],
        &format!("{base}/?q=resistance&speaker=Esmail%20Qaani"),
    );
    assert!(dom.contains("data-ready=\"1\""), "the page did not finish: {dom}");
    let hits = dom.matches("class=\"hit\"").count();
    assert!(hits >= 1, "no results in the page: {dom}");
    assert!(dom.contains("Esmail Qaani"));
    // The first result links to its article.
    let link = dom
        .split("class=\"article-link\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .and_then(|h| h.split('"').next())
        .expect("an article link");
    assert!(link.starts_with("/article/seed-000"), "{link}");

    // The article: speaker, cue and content highlighted, entity on hover.
    let url = format!("{base}{}", link.split('#').next().unwrap_or(link));
    let dom = browse(&browser, &["--dump-dom"], &url);
    assert!(dom.contains("data-ready=\"1\""), "{dom}");
    for class in ["speaker", "cue", "content", "timex"] {
        assert!(dom.contains(&format!("class=\"{class}\"")), "no {class} highlight");
    }
    assert!(
        dom.contains("title=\"Esmail Qaani (PERSON)\""),
        "no resolved entity on a speaker"
    );
    let declared = dom
        .split("class=\"cue\" title=\"cue\">")
        .skip(1)
        .any(|r| r.starts_with("declared<"));
    assert!(declared, "the cue \"declared\" is not highlighted");

    // A screenshot for people to look at.
    let shot = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("ui-article.png");
    let _ = std::fs::remove_file(&shot);
    browse(
        &browser,
        &["--window-size=1200,900", &format!("--screenshot={}", shot.display())],
        &url,
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "no screenshot at {}", shot.display());
}
