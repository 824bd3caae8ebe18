//! Pair quotation marks into quotations.
//!
//! Marks are straight, curly, low-9 („‚) or guillemets («» ‹›). Straight
//! marks and ’ are ambiguous; they are decided by the spacing around them.
//! An apostrophe ("Corps'", "Israel’s", "'90s") is never a quote mark.
//! A quotation left open at the end of a paragraph continues into the next
//! paragraph when that paragraph reopens the same kind of mark (the wire
//! convention for multi-paragraph quotes); otherwise it is closed at the
//! paragraph end and marked `unclosed`.

use crate::document::{Document, Quotation, QuoteStyle, Span, TokenKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Open(QuoteStyle),
    Close(QuoteStyle),
    /// Could open or close: decided by what is open.
    Either(QuoteStyle),
    Apostrophe,
}

struct Open {
    style: QuoteStyle,
    token: usize,
    continues: bool,
}

pub fn pair_quotes(doc: &mut Document) {
    let text = doc.text.as_str();
    let mut out: Vec<Quotation> = Vec::new();
    let mut tok = 0usize;
    let mut carried: Vec<QuoteStyle> = Vec::new();
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let first = tok;
        while tok < doc.tokens.len() && doc.tokens[tok].span.start < para.end {
            tok += 1;
        }
        let range = first..tok;
        let mut stack: Vec<Open> = Vec::new();
        let mut opened_any = false;
        for i in range.clone() {
            let t = doc.tokens[i];
            if t.kind != TokenKind::Quote {
                continue;
            }
            let role = classify(text, &doc.tokens, i, range.start, range.end, &stack);
            match role {
                Role::Apostrophe => doc.tokens[i].kind = TokenKind::Punct,
                Role::Open(style) => {
                    // A double quote opened after a sentence's end while one
                    // is open is the next paragraph of the same quotation
                    // whose paragraph break the source lost ("… absolutely
                    // mobbed. "Every week …"): the open one ends before it,
                    // as at a paragraph end, and this one continues it.
                    if let Some(o) = run_on_paragraph(text, &doc.tokens, i, range.start, style, &mut stack) {
                        let open = doc.tokens[o.token].span;
                        let end = doc.tokens[i - 1].span.end;
                        out.push(Quotation {
                            outer: Span::new(open.start, end),
                            inner: Span::new(open.end, end),
                            style,
                            unclosed: true,
                            continues_previous: o.continues,
                            paragraph: pi,
                        });
                        stack.push(Open {
                            style,
                            token: i,
                            continues: true,
                        });
                        continue;
                    }
                    let continues = !opened_any && carried.contains(&style);
                    opened_any = true;
                    stack.push(Open {
                        style,
                        token: i,
                        continues,
                    });
                }
                Role::Close(style) | Role::Either(style) => {
                    if let Some(pos) = stack.iter().rposition(|o| o.style == style) {
                        // Marks opened inside and never closed were not quotes.
                        for o in stack.drain(pos + 1..) {
                            doc.tokens[o.token].kind = TokenKind::Punct;
                        }
                        if let Some(o) = stack.pop() {
                            let open = doc.tokens[o.token].span;
                            out.push(Quotation {
                                outer: Span::new(open.start, t.span.end),
                                inner: Span::new(open.end, t.span.start),
                                style,
                                unclosed: false,
                                continues_previous: o.continues,
                                paragraph: pi,
                            });
                        }
                    } else if matches!(role, Role::Either(_)) {
                        let continues = !opened_any && carried.contains(&style);
                        opened_any = true;
                        stack.push(Open {
                            style,
                            token: i,
                            continues,
                        });
                    } else {
                        doc.tokens[i].kind = TokenKind::Punct;
                    }
                }
            }
        }
        // What is still open runs to the paragraph end.
        carried.clear();
        for o in stack {
            if o.style == QuoteStyle::Single {
                doc.tokens[o.token].kind = TokenKind::Punct;
                continue;
            }
            let open = doc.tokens[o.token].span;
            if open.end >= para.end {
                doc.tokens[o.token].kind = TokenKind::Punct;
                continue;
            }
            carried.push(o.style);
            out.push(Quotation {
                outer: Span::new(open.start, para.end),
                inner: Span::new(open.end, para.end),
                style: o.style,
                unclosed: true,
                continues_previous: o.continues,
                paragraph: pi,
            });
        }
    }
    out.sort_by_key(|q| (q.outer.start, std::cmp::Reverse(q.outer.end)));
    doc.quotations = out;
}

/// The open quotation that the double quote mark at token `i` continues
/// as its next paragraph, taken off the stack: a straight or curly opening
/// mark (not a German „) right after a sentence's final punctuation, while
/// a double quotation opened in this paragraph is still open on top.
fn run_on_paragraph(
    text: &str,
    tokens: &[crate::document::Token],
    i: usize,
    first: usize,
    style: QuoteStyle,
    stack: &mut Vec<Open>,
) -> Option<Open> {
    let mark = text.get(tokens[i].span.start..tokens[i].span.end).unwrap_or("");
    let after_sentence = i > first
        && tokens[i].space_before
        && matches!(
            text.get(tokens[i - 1].span.start..tokens[i - 1].span.end),
            Some("." | "!" | "?")
        );
    let on_top = stack.last().is_some_and(|o| {
        o.style == QuoteStyle::Double && text.get(tokens[o.token].span.start..tokens[o.token].span.end) != Some("„")
    });
    if style == QuoteStyle::Double && matches!(mark, "\"" | "“" | "``") && after_sentence && on_top {
        stack.pop()
    } else {
        None
    }
}

fn classify(text: &str, tokens: &[crate::document::Token], i: usize, first: usize, end: usize, stack: &[Open]) -> Role {
    let t = tokens[i];
    let mark = text.get(t.span.start..t.span.end).unwrap_or("");
    let prev = if i > first { tokens.get(i - 1) } else { None };
    let next = if i + 1 < end { tokens.get(i + 1) } else { None };
    // Touching a word on the left / right.
    let left_word =
        prev.is_some_and(|p| !t.space_before && p.kind != TokenKind::Quote && !is_opening_punct(text, p.span));
    let right_tight = next.is_some_and(|n| !n.space_before);
    let open_single = stack.iter().any(|o| o.style == QuoteStyle::Single);
    match mark {
        "“" => {
            // German „…“ closes with “.
            if stack
                .last()
                .is_some_and(|o| text.get(tokens[o.token].span.start..tokens[o.token].span.end) == Some("„"))
            {
                Role::Close(QuoteStyle::Double)
            } else {
                Role::Open(QuoteStyle::Double)
            }
        }
        "„" | "``" => Role::Open(QuoteStyle::Double),
        // ” opens where nothing is open, after a space or a line break
        // and before a word: some sites (and Swedish) type it both ways
        // (”Mr. Trump embodies …” ― Sonya Herridge).
        "”" => {
            if !left_word && right_tight && !stack.iter().any(|o| o.style == QuoteStyle::Double) {
                Role::Open(QuoteStyle::Double)
            } else {
                Role::Close(QuoteStyle::Double)
            }
        }
        "«" => Role::Open(QuoteStyle::Guillemet),
        "»" => Role::Close(QuoteStyle::Guillemet),
        "‹" => Role::Open(QuoteStyle::Single),
        "›" => Role::Close(QuoteStyle::Single),
        "‘" | "‚" => {
            if left_word && open_single {
                Role::Close(QuoteStyle::Single)
            } else if !left_word && right_tight {
                Role::Open(QuoteStyle::Single)
            } else {
                Role::Apostrophe
            }
        }
        "\"" | "''" => {
            if !left_word && right_tight {
                Role::Open(QuoteStyle::Double)
            } else if left_word && !right_tight {
                Role::Close(QuoteStyle::Double)
            } else if left_word {
                // word"word: close if something is open.
                if stack.iter().any(|o| o.style == QuoteStyle::Double) {
                    Role::Close(QuoteStyle::Double)
                } else {
                    Role::Open(QuoteStyle::Double)
                }
            } else {
                Role::Either(QuoteStyle::Double)
            }
        }
        // ’ and ': a closing single quote only when one is open; an opening
        // one only before a word and after a space; otherwise an apostrophe
        // ("Corps'", "'90s", "rock 'n' roll").
        _ => {
            let next_is_digit = next.is_some_and(|n| n.kind == TokenKind::Number);
            if left_word {
                if open_single {
                    Role::Close(QuoteStyle::Single)
                } else {
                    Role::Apostrophe
                }
            } else if right_tight && !next_is_digit && mark == "'" {
                Role::Open(QuoteStyle::Single)
            } else if right_tight && !next_is_digit && mark == "’" && !open_single {
                // A typographic ’ used as an opener is rare: only after
                // a space and before a capital.
                if next.is_some_and(|n| n.cap) {
                    Role::Open(QuoteStyle::Single)
                } else {
                    Role::Apostrophe
                }
            } else if open_single && !right_tight {
                Role::Close(QuoteStyle::Single)
            } else {
                Role::Apostrophe
            }
        }
    }
}

fn is_opening_punct(text: &str, span: Span) -> bool {
    matches!(
        text.get(span.start..span.end),
        Some("(" | "[" | "{" | "—" | "–" | "-" | "--")
    )
}
