//! Compiles the bundled example articles (`examples/*.txt`) into the
//! binary as a list of (file name, outlet, date, text) for `dateline
//! demo`; outlets and dates come from `resources/example_outlets.tsv`.

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=examples");
    println!("cargo:rerun-if-changed=resources/example_outlets.tsv");
    let outlets = std::fs::read_to_string("resources/example_outlets.tsv").unwrap_or_default();
    let meta_of = |name: &str| -> (String, String) {
        outlets
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
            .find(|f| f.first() == Some(&name))
            .map(|f| {
                let get = |k: usize| f.get(k).copied().unwrap_or("").to_string();
                (get(1), get(2))
            })
            .unwrap_or_default()
    };
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    let mut out = String::from("[\n");
    for p in files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let abs = std::fs::canonicalize(&p).unwrap_or(p);
        let (outlet, date) = meta_of(&name);
        let _ = writeln!(
            out,
            "    ({name:?}, {outlet:?}, {date:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push(']');
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("examples.rs");
    std::fs::write(dest, out).unwrap_or_else(|e| panic!("writing examples.rs: {e}"));
}
