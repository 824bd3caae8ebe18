//! CoNLL-U reading (and the little writing `eval` needs).

use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Token {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 1-based head, 0 for the root.
    pub head: usize,
    pub deprel: String,
}

#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub tokens: Vec<Token>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("{path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("{path}:{line}: {msg}")]
    Format { path: String, line: usize, msg: String },
}

/// Parse CoNLL-U text. Multi-word token lines (`1-2`) and empty nodes (`1.1`)
/// are skipped: the syntactic words are what taggers and parsers see.
pub fn parse(text: &str, path: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError::Format {
                path: path.into(),
                line: i + 1,
                msg: format!("{} columns, expected 10", cols.len()),
            });
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| ConlluError::Format {
                path: path.into(),
                line: i + 1,
                msg: format!("bad head {:?}", cols[6]),
            })?
        };
        cur.tokens.push(Token {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

pub fn read(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| ConlluError::Io {
        path: name.clone(),
        err,
    })?;
    parse(&text, &name)
}

/// CoNLL-U text of `sents` (ID, FORM, LEMMA, UPOS, XPOS, HEAD, DEPREL;
/// the other columns `_`). A token without a relation (tags only, no
/// tree) gets `_` for HEAD as well.
pub fn to_text(sents: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sents {
        for (i, t) in s.tokens.iter().enumerate() {
            let col = |x: &str| if x.is_empty() { "_".to_string() } else { x.to_string() };
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                i + 1,
                col(&t.form),
                col(&t.lemma),
                col(&t.upos),
                col(&t.xpos),
                if t.deprel.is_empty() {
                    "_".to_string()
                } else {
                    t.head.to_string()
                },
                col(&t.deprel)
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_skips_ranges() {
        let text = "# text = Don't go.\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";
        let s = parse(text, "t").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].tokens.len(), 4);
        assert_eq!(s[0].tokens[2].head, 0);
        assert_eq!(s[0].tokens[1].xpos, "RB");
        assert!(parse("1\tx\n", "t").is_err());
        // What it writes reads back the same.
        let back = parse(&to_text(&s), "t").unwrap();
        assert_eq!(back.len(), 1);
        let cols = |t: &Token| {
            (
                t.form.clone(),
                t.lemma.clone(),
                t.upos.clone(),
                t.xpos.clone(),
                t.head,
                t.deprel.clone(),
            )
        };
        assert_eq!(
            back[0].tokens.iter().map(cols).collect::<Vec<_>>(),
            s[0].tokens.iter().map(cols).collect::<Vec<_>>()
        );
    }
}
