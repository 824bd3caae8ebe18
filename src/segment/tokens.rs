use crate::document::{Span, Token, TokenKind};
use crate::lexicon;

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '‚' | '‹' | '›'
    )
}

/// Characters that may sit inside a word when a letter or digit follows:
/// "U.S", "Al-Ain", "Israel’s", "AT&T", "10,000", "3.5".
fn joins_word(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | '&' | ',' | ':' | '/' | '\u{2011}')
}

/// Split `text` into tokens and paragraph spans.
///
/// A paragraph ends at a blank line, or at a single line break after a line
/// that looks finished (ends in sentence punctuation, or is short like a
/// headline) — hard-wrapped prose stays one paragraph.
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<Span>) {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut paras: Vec<Span> = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = 0usize;
    let mut line_start = 0usize;
    let mut i = 0usize;
    let mut space_before = true;

    while i < bytes.len() {
        let c = match text.get(i..).and_then(|s| s.chars().next()) {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        if c == '\n' {
            // Decide whether this line break ends the paragraph.
            let mut j = i + 1;
            let mut blank = false;
            while j < bytes.len() {
                match bytes[j] {
                    b'\n' => {
                        blank = true;
                        j += 1;
                    }
                    b' ' | b'\t' | b'\r' => j += 1,
                    _ => break,
                }
            }
            let line = text.get(line_start..i).unwrap_or("").trim_end();
            let finished = line.len() < 70
                || line.ends_with(['.', '!', '?', ':', '"', '”', '’', '»', ')'])
                || text
                    .get(j..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| !c.is_lowercase());
            if blank || finished {
                if let Some(s) = para_start.take() {
                    paras.push(Span::new(s, para_end));
                }
            }
            line_start = j;
            i = j;
            space_before = true;
            continue;
        }
        if c.is_whitespace() {
            i += clen;
            space_before = true;
            continue;
        }
        if para_start.is_none() {
            para_start = Some(i);
        }
        let start = i;
        let kind;
        if is_word_char(c) {
            let mut end = i + clen;
            let mut all_digits_so_far = c.is_ascii_digit();
            while let Some(n) = text.get(end..).and_then(|s| s.chars().next()) {
                if is_word_char(n) {
                    all_digits_so_far &= n.is_ascii_digit() || !n.is_alphabetic();
                    end += n.len_utf8();
                    continue;
                }
                if joins_word(n) {
                    let after = text.get(end + n.len_utf8()..).and_then(|s| s.chars().next());
                    if after.is_some_and(is_word_char) {
                        // "," and ":" join only digits: 10,000 and 10:30.
                        if matches!(n, ',' | ':' | '/')
                            && !(all_digits_so_far && after.is_some_and(|a| a.is_ascii_digit()))
                        {
                            break;
                        }
                        end += n.len_utf8();
                        continue;
                    }
                }
                break;
            }
            let word = &text[start..end];
            // Abbreviations and initials keep their period: "Gen.", "U.S.", "J.".
            if text.get(end..).is_some_and(|s| s.starts_with('.')) && takes_period(word) {
                end += 1;
            }
            // Split a possessive or a contraction as the treebanks the
            // models learn from do: "Iran’s" → "Iran" + "’s", "I'm" → "I" +
            // "'m", "don't" → "do" + "n't".
            let w = &text[start..end];
            if let Some(cut) = clitic_suffix(w).map(|n| end - n) {
                tokens.push(word_token(text, start, cut, space_before));
                tokens.push(Token {
                    span: Span::new(cut, end),
                    kind: TokenKind::Word,
                    cap: false,
                    space_before: false,
                });
                para_end = end;
                i = end;
                space_before = false;
                continue;
            }
            tokens.push(word_token(text, start, end, space_before));
            para_end = end;
            i = end;
            space_before = false;
            continue;
        } else if let Some(n) = clitic_at(text, i, space_before) {
            // A clitic standing alone, as in tokenised copy: "Germany 's", "do n't".
            tokens.push(Token {
                span: Span::new(i, i + n),
                kind: TokenKind::Word,
                cap: false,
                space_before,
            });
            para_end = i + n;
            i += n;
            space_before = false;
            continue;
        } else if (c == '\'' || c == '`') && text.get(i + 1..).is_some_and(|s| s.starts_with(c)) {
            // '' and `` stand for double quotes in some wire copy.
            kind = TokenKind::Quote;
            i += 2;
        } else if is_quote_char(c) {
            kind = TokenKind::Quote;
            i += clen;
        } else {
            kind = TokenKind::Punct;
            i += clen;
            // Runs of the same dash or dot are one token: "--", "...".
            if matches!(c, '-' | '.' | '—' | '–') {
                while text.get(i..).is_some_and(|s| s.starts_with(c)) {
                    i += clen;
                }
            }
        }
        tokens.push(Token {
            span: Span::new(start, i),
            kind,
            cap: false,
            space_before,
        });
        para_end = i;
        space_before = false;
    }
    if let Some(s) = para_start {
        paras.push(Span::new(s, para_end));
    }
    (tokens, paras)
}

/// The clitics the treebanks the models learn from (GUM, CoNLL-2003) write
/// apart from their word: "I 'm", "do n't", "Iran 's". Lower case, straight
/// apostrophe; "'s" is the possessive too.
const CLITICS: [&str; 7] = ["'s", "n't", "'m", "'re", "'ve", "'ll", "'d"];

/// Is `norm` (a token's lower-cased, straightened text) a contraction's
/// clitic ("n't", "'m", …), the possessive aside?
pub fn is_contraction_clitic(norm: &str) -> bool {
    norm != "'s" && CLITICS.contains(&norm)
}

/// Length in bytes of clitic `c` at the start of `s`, written in either
/// case and with a straight or curly apostrophe.
fn spelled(s: &str, c: &str) -> Option<usize> {
    let mut chars = s.chars();
    let mut n = 0;
    for y in c.chars() {
        let x = chars.next()?;
        if !(x.to_ascii_lowercase() == y || (x == '’' && y == '\'')) {
            return None;
        }
        n += x.len_utf8();
    }
    Some(n)
}

/// Length in bytes of the clitic ending a word, when something comes
/// before it: a contraction kept whole is a word no model has seen ("I'm"
/// came out as a name). Before a possessive anything goes ("O'Neill's",
/// "1990's"); before a contraction, letters only.
fn clitic_suffix(w: &str) -> Option<usize> {
    if !w.contains(['\'', '’']) {
        return None;
    }
    CLITICS.iter().find_map(|c| {
        let at = w.char_indices().rev().nth(c.len() - 1)?.0;
        let (base, tail) = (w.get(..at)?, w.get(at..)?);
        let fits = !base.is_empty() && (*c == "'s" || base.chars().all(char::is_alphabetic));
        (fits && spelled(tail, c) == Some(tail.len())).then_some(tail.len())
    })
}

/// Length in bytes of a free-standing clitic at byte `i`, after a space
/// and before a non-letter, as in tokenised copy: "Germany 's", "do n't".
fn clitic_at(text: &str, i: usize, space_before: bool) -> Option<usize> {
    if !space_before {
        return None;
    }
    let rest = text.get(i..)?;
    CLITICS.iter().find_map(|c| {
        let n = spelled(rest, c)?;
        (!rest.get(n..)?.starts_with(|ch: char| ch.is_alphanumeric())).then_some(n)
    })
}

fn word_token(text: &str, start: usize, end: usize, space_before: bool) -> Token {
    let first = text.get(start..).and_then(|s| s.chars().next()).unwrap_or(' ');
    let word = text.get(start..end).unwrap_or("");
    let numeric = first.is_ascii_digit()
        && word
            .chars()
            .all(|c| !c.is_alphabetic() || matches!(c, 's' | 't' | 'h' | 'n' | 'd' | 'r'));
    Token {
        span: Span::new(start, end),
        kind: if numeric { TokenKind::Number } else { TokenKind::Word },
        cap: first.is_uppercase(),
        space_before,
    }
}

/// A word followed by "." keeps the period when it is a known abbreviation,
/// a single capital (an initial) or a dotted acronym ("U.S").
fn takes_period(word: &str) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let lower = super::norm(word);
    lexicon::abbreviations().contains(format!("{lower}.").as_str())
}
