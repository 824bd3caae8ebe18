//! The Spark job (`scale/spark_extract.py`) in local mode, `local[2]`, on a
//! sample of the BBC corpus with dates, outlets and a bad line: its tables
//! must equal those of one `dateline extract --format parquet` run, record
//! for record, with both writers; read with pyarrow (`scale/compare_tables.py`),
//! with the documented columns; and `dateline ingest` of the Spark output must
//! store exactly what ingesting the articles directly stores.
//!
//! Needs Java 17 and the Python packages pyspark and pyarrow (`.ci/run`
//! installs them).

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use common::{bin, run, shared};

fn python(args: &[&OsStr]) -> std::process::Output {
    Command::new("python3")
        .args(args)
        .output()
        .expect("python3 is needed for this test")
}

/// Runs `scale/NAME` with `args`, then `--binary` and the dateline under test.
fn scale(name: &str, args: &[&OsStr]) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scale").join(name);
    let mut argv = vec![script.as_os_str()];
    argv.extend_from_slice(args);
    argv.extend([OsStr::new("--binary"), OsStr::new(env!("CARGO_BIN_EXE_dateline"))]);
    python(&argv)
}

fn require_pyspark() {
    let out = python(&["-c".as_ref(), "import pyspark, pyarrow".as_ref()]);
    assert!(
        out.status.success(),
        "this test needs pyspark and pyarrow (pip install pyspark pyarrow) and Java 17; .ci/run installs them:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// 60 BBC articles, dated over three days (every fifth undated), some with an
/// outlet, and one line without text.
fn sample(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(shared("data/bbc_news/news.jsonl")).unwrap();
    let mut out = String::new();
    for (k, line) in text.lines().take(60).enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        if k % 5 != 0 {
            v["date"] = format!("2004-12-0{}", 1 + k % 3).into();
        }
        if k % 2 == 0 {
            v["outlet"] = "BBC".into();
        }
        out.push_str(&v.to_string());
        out.push('\n');
        if k == 30 {
            out.push_str("{\"id\":\"no-text\",\"date\":\"2004-12-01\"}\n");
        }
    }
    let p = dir.join("sample.jsonl");
    std::fs::write(&p, out).unwrap();
    p
}

fn spark_job(input: &Path, output: &Path, writer: &str) -> serde_json::Value {
    let out = scale(
        "spark_extract.py",
        &[
            input.as_os_str(),
            output.as_os_str(),
            "--master".as_ref(),
            "local[2]".as_ref(),
            "--partitions".as_ref(),
            "3".as_ref(),
            "--writer".as_ref(),
            writer.as_ref(),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "spark job ({writer}) failed:\n{stdout}\n{stderr}");
    // The job reports the bad line rather than dropping it.
    assert!(stderr.contains("1 documents could not be processed"), "{stderr}");
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("the job's JSON summary")
}

fn compare(a: &Path, b: &Path) {
    let out = scale("compare_tables.py", &[a.as_os_str(), b.as_os_str()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "tables differ:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report.matches(": equal").count(), 6, "{report}");
}

#[test]
fn spark_local_mode_equals_one_extract_run() {
    require_pyspark();
    let dir = tempfile::tempdir().unwrap();
    let input = sample(dir.path());

    let local = dir.path().join("local");
    let out = run(bin()
        .args(["extract", "--format", "parquet", "-o"])
        .arg(&local)
        .arg(&input));
    assert_eq!(out.status.code(), Some(1), "one line has no text");

    let arrow = dir.path().join("spark-arrow");
    let summary = spark_job(&input, &arrow, "arrow");
    assert_eq!(summary["documents"], 61);
    assert_eq!(summary["rows"]["articles"], 60);
    assert_eq!(summary["rows"]["errors"], 1);
    assert!(summary["rows"]["statements"].as_u64().unwrap() > 300, "{summary}");
    // Partitioned by date, Hive style, the undated under the default partition.
    for d in [
        "date=2004-12-01",
        "date=2004-12-02",
        "date=2004-12-03",
        "date=__HIVE_DEFAULT_PARTITION__",
    ] {
        assert!(arrow.join("statements").join(d).is_dir(), "{d}");
    }
    compare(&local, &arrow);

    let spark = dir.path().join("spark-writer");
    spark_job(&input, &spark, "spark");
    compare(&local, &spark);

    // Browsing cluster results locally: the tables store what the articles do.
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let from_tables = run(bin().arg("ingest").arg(&arrow).arg("--db").arg(&a));
    assert!(String::from_utf8_lossy(&from_tables.stderr).contains("60 articles added"));
    run(bin().arg("ingest").arg(&input).arg("--db").arg(&b));
    let (ea, eb) = (common::export_sorted(&a), common::export_sorted(&b));
    assert!(ea.len() > 300);
    assert_eq!(ea, eb);
}
