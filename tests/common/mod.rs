//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
}

/// `../shared` beside the repository (CI provides it).
pub fn shared(rel: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(rel);
    assert!(
        p.exists(),
        "{} is missing: these tests need ../shared beside the repository",
        p.display()
    );
    p
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.stdin(Stdio::null()).output().expect("run dateline");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dateline panicked:\n{stderr}");
    out
}

/// Runs dateline with `input` on its stdin (written from a thread, so a
/// large input cannot block against unread output).
pub fn run_with_stdin(cmd: &mut Command, input: Vec<u8>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dateline");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(&input)
    });
    let out = child.wait_with_output().expect("wait for dateline");
    writer.join().expect("stdin writer").expect("write stdin");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dateline panicked:\n{stderr}");
    out
}

/// `dateline export` of a store, its lines sorted (to compare stores).
pub fn export_sorted(db: &std::path::Path) -> Vec<String> {
    let out = run(bin().args(["export", "--db"]).arg(db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect();
    lines.sort();
    lines
}

pub fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// A `dateline serve` process on a free port, killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serve `db` (with `token` for ingest) on 127.0.0.1 and a port the
    /// system picks; waits until it listens.
    pub fn start(db: &std::path::Path, token: Option<&str>) -> Server {
        use std::io::BufRead;
        let mut cmd = bin();
        cmd.args(["serve", "--addr", "127.0.0.1:0", "--db"]).arg(db);
        if let Some(t) = token {
            cmd.args(["--token", t]);
        }
        cmd.env_remove("DATELINE_TOKEN");
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut line = String::new();
        std::io::BufReader::new(stderr)
            .read_line(&mut line)
            .expect("serve's first line");
        // "dateline: serving DB on http://127.0.0.1:PORT/ (Ctrl-C to stop)"
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port }
    }

    /// One HTTP/1.1 request; returns (status, body).
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req += &format!("{k}: {v}\r\n");
        }
        req += "\r\n";
        s.write_all(req.as_bytes()).expect("write");
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map(|x| x.1.to_string()).unwrap_or_default();
        // Chunked bodies: keep the JSON between the first '{' and the last '}'.
        let body = match (body.find('{'), body.rfind('}')) {
            (Some(a), Some(b)) if !body.starts_with('{') && !body.starts_with('<') => body[a..=b].to_string(),
            _ => body,
        };
        (status, body)
    }

    pub fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.request("GET", path, &[], b"");
        (
            status,
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body:?}")),
        )
    }
}

/// A store with the bundled examples and the seed article.
pub fn example_store(dir: &std::path::Path) -> PathBuf {
    let db = dir.join("t.db");
    let out = run(bin()
        .args(["ingest", "-q", "examples"])
        .arg(shared("examples/seed-000.txt"))
        .arg("--db")
        .arg(&db));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

/// Write `text` to `dir/name`; its path.
pub fn write_file(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}
