//! The store: ingest, idempotence, search filters, hostile queries,
//! export, and an ingest killed mid-way.

mod common;

use std::process::Stdio;

use common::{bin, run, shared};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// "N articles, M statements in the store" from ingest's summary.
fn totals(summary: &str) -> (u64, u64) {
    let nums: Vec<u64> = summary
        .rsplit(';')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    (nums[0], nums[1])
}

fn search(db: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = run(bin().arg("search").args(args).arg("--json").arg("--db").arg(db));
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ingest_is_idempotent_and_search_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let seed = shared("examples/seed-000.txt");
    let out = run(bin().args(["ingest", "examples"]).arg(&seed).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    let first = totals(&stderr(&out));
    let examples = std::fs::read_dir("examples").unwrap().count() as u64;
    assert_eq!(first.0, examples + 1, "{}", stderr(&out));
    assert!(first.1 >= 30, "{}", stderr(&out));
    // Again: nothing new.
    let out = run(bin().args(["ingest", "examples"]).arg(&seed).arg("--db").arg(&db));
    let again = format!("0 articles added, {} already stored", examples + 1);
    assert!(stderr(&out).contains(&again), "{}", stderr(&out));
    assert_eq!(totals(&stderr(&out)), first);

    // Words in the content, all required.
    let hits = search(&db, &["resistance front"]);
    assert!(!hits.is_empty());
    for h in &hits {
        let c = h["content"].as_str().unwrap().to_lowercase();
        assert!(c.contains("resistance") && c.contains("front"), "{h}");
    }
    // A speaker has one timeline under their canonical name, any case.
    let qaani = search(&db, &["--speaker", "esmail qaani"]);
    assert!(qaani.len() >= 5);
    assert!(qaani
        .iter()
        .all(|h| h["speaker"] == "Esmail Qaani" && h["place"] == "Mashhad"));
    // Dates: statement dates, ISO prefixes.
    let april = search(&db, &["--from", "2023-04", "--to", "2023-04"]);
    assert!(!april.is_empty());
    assert!(april.iter().all(|h| h["date"].as_str().unwrap().starts_with("2023-04")));
    let direct = search(&db, &["--kind", "direct"]);
    assert!(!direct.is_empty() && direct.iter().all(|h| h["kind"] == "direct"));
    // Search syntax in the query is only words: no error, no injection.
    for q in ["NOT \"x* OR", "content:resistance", "'; DROP TABLE statements; --"] {
        let out = run(bin().args(["search", q, "--db"]).arg(&db));
        assert!(out.status.success(), "{q}: {}", stderr(&out));
    }
    assert_eq!(
        totals(&stderr(&run(bin().args(["ingest", "examples", "--db"]).arg(&db)))).1,
        first.1
    );
    // A bad date is a clear error.
    let out = run(bin().args(["search", "x", "--from", "May 2023", "--db"]).arg(&db));
    assert!(
        !out.status.success() && stderr(&out).contains("not a date"),
        "{}",
        stderr(&out)
    );
    // No store: a clear error, and nothing created.
    let missing = dir.path().join("none.db");
    let out = run(bin().args(["search", "x", "--db"]).arg(&missing));
    assert!(!out.status.success() && stderr(&out).contains("no store"));
    assert!(!missing.exists());

    // Export: CSV with a header, one row per statement, spans as JSON.
    let out = run(bin()
        .args(["export", "--format", "csv", "--speaker", "Esmail Qaani", "--db"])
        .arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[0], "article");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), qaani.len());
    let spans: serde_json::Value = serde_json::from_str(&rows[0][8]).unwrap();
    assert!(spans[0][1].as_u64().unwrap() > spans[0][0].as_u64().unwrap());
}

/// Kill -9 an ingest mid-way: what was committed stays, the store opens,
/// and a second run completes the corpus without duplicates.
#[test]
fn killed_ingest_loses_nothing_committed_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bbc.db");
    let corpus = shared("data/bbc_news/news.jsonl");
    let mut child = bin()
        .args(["ingest", "-q"])
        .arg(&corpus)
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill without warning.
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let wal = dir.path().join("bbc.db-wal");
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        let finished = child.try_wait().unwrap().is_some();
        if size > 2_000_000 || finished || start.elapsed().as_secs() > 60 {
            break;
        }
    }
    let _ = child.kill();
    child.wait().unwrap();
    // The killed store opens and answers.
    let partial = search(&db, &["--limit", "100000"]).len();
    // Resume: completes, and a third run adds nothing.
    let out = run(bin().args(["ingest", "-q"]).arg(&corpus).arg("--db").arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    let (articles, statements) = totals(&stderr(&out));
    assert!(statements as usize >= partial);
    let out = run(bin().args(["ingest", "-q"]).arg(&corpus).arg("--db").arg(&db));
    assert!(stderr(&out).contains("0 articles added"), "{}", stderr(&out));
    assert_eq!(totals(&stderr(&out)), (articles, statements));
    // Every distinct text of the corpus is stored once.
    let distinct: std::collections::HashSet<String> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    assert_eq!(articles as usize, distinct.len());
}

/// Parquet export: one row per statement, the documented columns, readable
/// by a standard Parquet reader.
#[test]
fn parquet_export_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let db = common::example_store(dir.path());
    let file = dir.path().join("s.parquet");
    let out = run(bin()
        .args(["export", "--format", "parquet", "-o"])
        .arg(&file)
        .arg("--db")
        .arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    let jsonl = run(bin().args(["export", "--format", "jsonl", "--db"]).arg(&db));
    let n = String::from_utf8_lossy(&jsonl.stdout).lines().count();
    let reader = SerializedFileReader::new(std::fs::File::open(&file).unwrap()).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows() as usize, n);
    let names: Vec<String> = meta
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let want: Vec<&str> = dateline::store::parquet::EXPORT
        .columns
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, want);
    let rows: Vec<_> = reader.get_row_iter(None).unwrap().map(|r| r.unwrap()).collect();
    let qaani = rows
        .iter()
        .filter(|r| r.to_string().contains("speaker: \"Esmail Qaani\""))
        .count();
    assert!(qaani >= 5, "{:?}", rows.first());
    // Without -o: a clear error, not binary on a terminal.
    let out = run(bin().args(["export", "--format", "parquet", "--db"]).arg(&db));
    assert!(!out.status.success() && stderr(&out).contains("-o"));
}

/// One timeline per speaker across articles: an article that names the
/// speaker by surname only joins the full name's timeline.
#[test]
fn surname_only_speakers_join_the_full_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let short = dir.path().join("short.txt");
    std::fs::write(
        &short,
        "KESTREL BAY, Norland — Hallam said on Monday that the ferry would run again.\n",
    )
    .unwrap();
    let out = run(bin()
        .args(["ingest", "-q", "examples"])
        .arg(&short)
        .arg("--db")
        .arg(&db));
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = search(&db, &["--speaker", "Pieter Hallam"]);
    assert!(hits.iter().any(|h| h["speaker"] == "Hallam"), "{hits:?}");
    assert!(hits.iter().any(|h| h["speaker"] == "Pieter Hallam"), "{hits:?}");
    // Another full name never gets Pieter Hallam's statements (only the
    // surname-only ones, which could be either).
    let other = search(&db, &["--speaker", "Anna Hallam"]);
    assert!(other.iter().all(|h| h["speaker"] == "Hallam"));
}

/// Tables from `extract --format parquet` store what extracting stores, and
/// an incomplete table directory is an error naming the missing table.
#[test]
fn ingest_of_parquet_tables_equals_ingest_of_articles() {
    let dir = tempfile::tempdir().unwrap();
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let tables = dir.path().join("tables");
    let out = run(bin()
        .args(["extract", "--quiet", "--format", "parquet", "-o"])
        .arg(&tables)
        .arg(examples));
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    assert!(run(bin().arg("ingest").arg(&tables).arg("--db").arg(&a))
        .status
        .success());
    assert!(run(bin().arg("ingest").arg(examples).arg("--db").arg(&b))
        .status
        .success());
    let ea = common::export_sorted(&a);
    assert!(ea.len() > 50, "{}", ea.len());
    assert_eq!(ea, common::export_sorted(&b));

    std::fs::remove_file(tables.join("timexes.parquet")).unwrap();
    let out = run(bin()
        .arg("ingest")
        .arg(&tables)
        .arg("--db")
        .arg(dir.path().join("c.db")));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no timexes table"), "{}", stderr(&out));
    // One file is not a table directory.
    let out = run(bin()
        .arg("ingest")
        .arg(tables.join("statements.parquet"))
        .arg("--db")
        .arg(dir.path().join("c.db")));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give the directory"), "{}", stderr(&out));
}
