//! Compiles the bundled example articles (`examples/*.txt`) into the
//! binary as a list of (file name, text), for `dateline demo`.

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=examples");
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    let mut out = String::from("[\n");
    for p in files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let abs = std::fs::canonicalize(&p).unwrap_or(p);
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", abs.display().to_string());
    }
    out.push(']');
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("examples.rs");
    std::fs::write(dest, out).unwrap_or_else(|e| panic!("writing examples.rs: {e}"));
}
