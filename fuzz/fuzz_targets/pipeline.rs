//! Arbitrary bytes through the reader (as a JSONL file and as a text file)
//! and the whole pipeline, output included. Any panic is a bug.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("dateline-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for name in ["in.jsonl", "in.txt"] {
        let path = dir.join(name);
        if let Ok(mut f) = std::fs::File::create(&path) {
            let _ = f.write_all(data);
        }
        let opts = dateline::ingest::Options {
            max_doc_bytes: 1 << 20,
            ..Default::default()
        };
        for item in dateline::ingest::Reader::new(&[path], opts) {
            if let Ok(input) = item {
                let doc = dateline::pipeline::process(input);
                let mut out = Vec::new();
                let _ = dateline::output::to_json(&doc, false, &mut out);
            }
        }
    }
    // Straight text, no reader.
    if let Ok(text) = std::str::from_utf8(data) {
        let doc = dateline::pipeline::process_text("fuzz", text, Some("2023-05-13"));
        let mut out = Vec::new();
        let _ = dateline::output::to_json(&doc, false, &mut out);
    }
});
