//! Time expressions (TIMEX3) found over tokens and resolved against the
//! document's reference date (the dateline's date, else the input `date`).
//!
//! Relative expressions lean to the past, as news reports do ("on Saturday"
//! is the last Saturday on or before the reference date), unless the
//! sentence speaks of the future ("will", "next").

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::document::{Document, Span, Timex, TimexType, TokenKind};
use crate::lexicon;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    Month(u32),
    Weekday(u32),
    Unit(&'static str),
    Number(Option<u32>),
    RelDay(i64),
    Ref(&'static str),
    Part(&'static str),
    Set(&'static str),
    Season(&'static str),
}

fn words() -> &'static HashMap<&'static str, Word> {
    static CELL: OnceLock<HashMap<&'static str, Word>> = OnceLock::new();
    CELL.get_or_init(|| {
        lexicon::lines(include_str!("../../resources/time_words.tsv"))
            .filter_map(|l| {
                let mut it = l.split('\t');
                let (w, kind, v) = (it.next()?, it.next()?, it.next()?);
                let word = match kind {
                    "month" => Word::Month(v.parse().ok()?),
                    "weekday" => Word::Weekday(v.parse().ok()?),
                    "unit" => Word::Unit(v),
                    "number" => Word::Number(v.parse().ok()),
                    "relday" => Word::RelDay(v.parse().ok()?),
                    "ref" => Word::Ref(v),
                    "part" => Word::Part(v),
                    "set" => Word::Set(v),
                    "season" => Word::Season(v),
                    _ => return None,
                };
                Some((w, word))
            })
            .collect()
    })
}

/// Month and weekday names: not names of entities.
pub fn is_time_word(norm: &str) -> bool {
    matches!(words().get(norm), Some(Word::Month(_) | Word::Weekday(_))) && norm != "may" && norm != "march"
}

pub fn extract(doc: &mut Document) {
    let reference = doc.reference_date();
    let mut out = Vec::new();
    for si in 0..doc.sentences.len() {
        let range = doc.sentences[si].tokens.clone();
        let future = range.clone().any(|k| {
            matches!(
                doc.norm(k),
                "will"
                    | "'ll"
                    | "shall"
                    | "next"
                    | "upcoming"
                    | "tomorrow"
                    | "may"
                    | "might"
                    | "plans"
                    | "expected"
                    | "scheduled"
                    | "due"
            )
        });
        let mut i = range.start;
        while i < range.end {
            if let Some((end, ttype, value)) = match_at(doc, i, range.end, reference, future) {
                let span = Span::new(doc.tokens[i].span.start, doc.tokens[end - 1].span.end);
                out.push(Timex { span, ttype, value });
                i = end;
            } else {
                i += 1;
            }
        }
    }
    doc.timexes = out;
}

fn word(doc: &Document, i: usize) -> Option<Word> {
    words().get(doc.norm(i)).copied()
}

fn num(doc: &Document, i: usize) -> Option<u32> {
    let t = doc.tokens.get(i)?;
    if t.kind != TokenKind::Number {
        return None;
    }
    doc.slice(t.span).parse().ok()
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Try to match a time expression starting at token `i`; returns the end
/// token (exclusive), type and value.
fn match_at(
    doc: &Document,
    i: usize,
    end: usize,
    r: Option<NaiveDate>,
    future: bool,
) -> Option<(usize, TimexType, String)> {
    let n = doc.norm(i);
    let tok = doc.tokens[i];
    let text = doc.slice(tok.span);

    // ISO date "2023-05-13".
    if tok.kind == TokenKind::Number && text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') {
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some((i + 1, TimexType::Date, fmt_date(d)));
        }
    }
    // Year "1996", decade "1990s".
    if tok.kind == TokenKind::Number {
        if let Some(m) = year_at(doc, i) {
            return Some(m);
        }
        // "10 a.m.", "3:30 pm"
        if let Some(m) = clock_at(doc, i, r) {
            return Some(m);
        }
        // "3 May 2023"
        if let (Some(d), Some(Word::Month(m))) = (num(doc, i), word(doc, i + 1)) {
            if (1..=31).contains(&d) && i + 1 < end && doc.tokens[i + 1].cap {
                let (year, e) = match num(doc, i + 2) {
                    Some(y) if (1000..=2999).contains(&y) => (Some(y as i32), i + 3),
                    _ => (r.map(|r| past_year(r, m, Some(d), future)), i + 2),
                };
                let value = year
                    .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
                    .map_or(format!("XXXX-{m:02}-{d:02}"), fmt_date);
                return Some((e, TimexType::Date, value));
            }
        }
    }
    match word(doc, i) {
        Some(Word::Month(m)) if tok.cap => {
            if n == "may" && !month_context(doc, i) {
                return None;
            }
            if n == "march" && !month_context(doc, i) {
                return None;
            }
            // "May 3, 2023", "May 3", "May 2023", "May".
            let mut e = i + 1;
            if doc.token_text(e) == "." {
                e += 1;
            }
            let day = num(doc, e).filter(|d| (1..=31).contains(d) && doc.slice(doc.tokens[e].span).len() <= 2);
            if let Some(d) = day {
                let mut e2 = e + 1;
                let mut year = None;
                if doc.token_text(e2) == "," {
                    if let Some(y) = num(doc, e2 + 1).filter(|y| (1000..=2999).contains(y)) {
                        year = Some(y as i32);
                        e2 += 2;
                    }
                } else if let Some(y) = num(doc, e2).filter(|y| (1000..=2999).contains(y)) {
                    year = Some(y as i32);
                    e2 += 1;
                }
                let year = year.or_else(|| r.map(|r| past_year(r, m, Some(d), future)));
                let value = year
                    .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
                    .map_or(format!("XXXX-{m:02}-{d:02}"), fmt_date);
                return Some((e2, TimexType::Date, value));
            }
            if let Some(y) = num(doc, i + 1).filter(|y| (1000..=2999).contains(y)) {
                return Some((i + 2, TimexType::Date, format!("{y:04}-{m:02}")));
            }
            if doc.token_text(i + 1) == "of" {
                if let Some(y) = num(doc, i + 2).filter(|y| (1000..=2999).contains(y)) {
                    return Some((i + 3, TimexType::Date, format!("{y:04}-{m:02}")));
                }
            }
            let value = r.map_or(format!("XXXX-{m:02}"), |r| {
                format!("{:04}-{m:02}", past_year(r, m, None, future))
            });
            return Some((i + 1, TimexType::Date, value));
        }
        Some(Word::Weekday(wd)) if tok.cap => {
            let value = r.map_or("XXXX-WXX-".to_string() + &wd.to_string(), |r| {
                fmt_date(weekday_near(r, wd, future || doc.norm(i.wrapping_sub(1)) == "next"))
            });
            // "Saturday morning"
            if let Some(Word::Part(p)) = word(doc, i + 1) {
                return Some((i + 2, TimexType::Time, format!("{value}T{p}")));
            }
            return Some((i + 1, TimexType::Date, value));
        }
        Some(Word::RelDay(k)) => {
            let value = r.map_or_else(
                || {
                    if k == 0 {
                        "PRESENT_REF".into()
                    } else {
                        "XXXX-XX-XX".into()
                    }
                },
                |r| fmt_date(r + Duration::days(k)),
            );
            return Some((i + 1, TimexType::Date, value));
        }
        Some(Word::Ref(v)) => return Some((i + 1, TimexType::Date, v.to_string())),
        Some(Word::Part("NI")) if n == "tonight" => {
            let value = r.map_or("XXXX-XX-XXTNI".into(), |r| format!("{}TNI", fmt_date(r)));
            return Some((i + 1, TimexType::Time, value));
        }
        Some(Word::Set(v)) => return Some((i + 1, TimexType::Set, v.to_string())),
        _ => {}
    }
    match n {
        // last/next/this/coming/past + unit; "earlier this year".
        "last" | "next" | "this" | "coming" | "past" | "previous" | "current" => {
            if let Some(m) = relative_unit(doc, i, i, r) {
                return Some(m);
            }
        }
        "earlier" | "later" | "early" | "late" => {
            if matches!(doc.norm(i + 1), "this" | "last" | "next") {
                if let Some((e, t, v)) = relative_unit(doc, i, i + 1, r) {
                    return Some((e, t, v));
                }
            }
        }
        "the" => {
            // "the past two years", "the last three months" → duration.
            if matches!(doc.norm(i + 1), "past" | "last" | "next" | "coming") {
                if let Some((e, v)) = quantity(doc, i + 2) {
                    return Some((e, TimexType::Duration, v));
                }
            }
            // "the 1990s"
            if let Some((e, t, v)) = num(doc, i + 1).and(year_at(doc, i + 1)) {
                if v.len() == 3 {
                    return Some((e, t, v));
                }
            }
            if doc.norm(i + 1) == "future" {
                return Some((i + 2, TimexType::Date, "FUTURE_REF".into()));
            }
            if doc.norm(i + 1) == "past" && !matches!(word(doc, i + 2), Some(Word::Unit(_) | Word::Number(_))) {
                return Some((i + 2, TimexType::Date, "PAST_REF".into()));
            }
        }
        "every" | "each" => {
            if let Some(Word::Unit(u)) = word(doc, i + 1) {
                return Some((i + 2, TimexType::Set, period(1, u)));
            }
        }
        _ => {}
    }
    // "two weeks ago", "a few years ago", "three years" (duration).
    if matches!(word(doc, i), Some(Word::Number(_))) || num(doc, i).is_some() {
        if let Some((e, v)) = quantity(doc, i) {
            if doc.norm(e) == "ago" {
                return Some((e + 1, TimexType::Date, ago(doc, i, e, r)));
            }
            // Durations need a time-ish frame: "for three years", "over two weeks".
            let prev = if i > 0 { doc.norm(i - 1) } else { "" };
            let article = matches!(n, "a" | "an");
            let framed = matches!(
                prev,
                "for" | "over" | "within" | "during" | "in" | "about" | "nearly" | "almost" | "than" | "after" | "some"
            ) || doc.token_text(e) == "-";
            let article_ok = !article || matches!(prev, "for" | "over" | "within" | "than");
            if article_ok && framed {
                return Some((e, TimexType::Duration, v));
            }
        }
    }
    None
}

/// "May"/"March" are months only next to a day, a year or a time preposition.
fn month_context(doc: &Document, i: usize) -> bool {
    let next_num = num(doc, i + 1).is_some();
    let prev = if i > 0 { doc.norm(i - 1) } else { "" };
    next_num
        || matches!(
            prev,
            "in" | "since"
                | "until"
                | "by"
                | "of"
                | "from"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "during"
                | "through"
        )
}

fn year_at(doc: &Document, i: usize) -> Option<(usize, TimexType, String)> {
    let text = doc.slice(doc.tokens.get(i)?.span);
    if let Some(dec) = text.strip_suffix('s') {
        if dec.len() == 4
            && dec.ends_with('0')
            && dec.chars().all(|c| c.is_ascii_digit())
            && (dec.starts_with("19") || dec.starts_with("20"))
        {
            return Some((i + 1, TimexType::Date, dec[..3].to_string()));
        }
    }
    let y: u32 = text.parse().ok()?;
    if !(1900..=2100).contains(&y) || text.len() != 4 {
        return None;
    }
    let prev = if i > 0 { doc.norm(i - 1) } else { "" };
    let next = doc.norm(i + 1);
    let framed = matches!(
        prev,
        "in" | "since"
            | "by"
            | "from"
            | "until"
            | "till"
            | "before"
            | "after"
            | "during"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "and"
            | "to"
            | "fiscal"
            | "through"
            | "year"
            | "around"
            | "circa"
    ) || matches!(
        next,
        "," | "." | ")" | ";" | "election" | "elections" | "season" | "budget" | "olympics" | "campaign"
    );
    framed.then(|| (i + 1, TimexType::Date, format!("{y:04}")))
}

fn clock_at(doc: &Document, i: usize, r: Option<NaiveDate>) -> Option<(usize, TimexType, String)> {
    let text = doc.slice(doc.tokens.get(i)?.span);
    let (h, m) = match text.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (text.parse::<u32>().ok()?, 0),
    };
    let mer = doc.norm(i + 1);
    let pm = match mer {
        "a.m." | "am" => false,
        "p.m." | "pm" => true,
        _ => return None,
    };
    if h == 0 || h > 12 || m > 59 {
        return None;
    }
    let h24 = if pm && h != 12 {
        h + 12
    } else if !pm && h == 12 {
        0
    } else {
        h
    };
    let day = r.map_or("XXXX-XX-XX".into(), fmt_date);
    Some((i + 2, TimexType::Time, format!("{day}T{h24:02}:{m:02}")))
}

/// "N unit(s)" starting at `i` → (end, TIMEX3 period).
fn quantity(doc: &Document, i: usize) -> Option<(usize, String)> {
    let (n, mut e) = match word(doc, i) {
        Some(Word::Number(n)) => (n, i + 1),
        _ => (num(doc, i), i + 1),
    };
    // "a few", "a couple of"
    if matches!(doc.norm(i), "a" | "an")
        && matches!(word(doc, e), Some(Word::Number(_)))
        && matches!(doc.norm(e), "few" | "couple")
    {
        let n2 = if doc.norm(e) == "couple" { Some(2) } else { None };
        e += 1;
        if doc.norm(e) == "of" {
            e += 1;
        }
        return match word(doc, e) {
            Some(Word::Unit(u)) => Some((e + 1, period_opt(n2, u))),
            _ => None,
        };
    }
    if doc.token_text(e) == "-" {
        e += 1;
    }
    match word(doc, e) {
        Some(Word::Unit(u)) => Some((e + 1, period_opt(n, u))),
        _ => None,
    }
}

fn period(n: u32, unit: &str) -> String {
    period_opt(Some(n), unit)
}

fn period_opt(n: Option<u32>, unit: &str) -> String {
    let n = n.map_or("X".to_string(), |n| n.to_string());
    match unit {
        "H" | "MIN" => format!("PT{n}{}", if unit == "MIN" { "M" } else { "H" }),
        "DE" => format!("P{n}DE"),
        "CE" => format!("P{n}CE"),
        "WE" => format!("P{n}WE"),
        u => format!("P{n}{u}"),
    }
}

/// Value of "N units ago".
fn ago(doc: &Document, i: usize, e: usize, r: Option<NaiveDate>) -> String {
    let Some(r) = r else { return "PAST_REF".into() };
    let n = match word(doc, i) {
        Some(Word::Number(n)) => n,
        _ => num(doc, i),
    };
    let unit = match word(doc, e - 1) {
        Some(Word::Unit(u)) => u,
        _ => return "PAST_REF".into(),
    };
    // "a few years ago" has no count.
    if matches!(doc.norm(i + 1), "few" | "couple" | "several") || matches!(doc.norm(i), "few" | "several" | "many") {
        return "PAST_REF".into();
    }
    let Some(n) = n else { return "PAST_REF".into() };
    let n = n as i64;
    match unit {
        "D" => fmt_date(r - Duration::days(n)),
        "W" => week(r - Duration::weeks(n)),
        "M" => {
            let total = r.year() as i64 * 12 + r.month0() as i64 - n;
            format!("{:04}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
        }
        "Y" => format!("{:04}", r.year() as i64 - n),
        "DE" => format!("{:03}", (r.year() as i64 - 10 * n) / 10),
        _ => "PAST_REF".into(),
    }
}

/// "last month", "this year", "next week", "earlier this year" (the modifier
/// "earlier" is token `i`, the deictic word token `d`).
fn relative_unit(doc: &Document, i: usize, d: usize, r: Option<NaiveDate>) -> Option<(usize, TimexType, String)> {
    let deixis = doc.norm(d);
    let unit_i = d + 1;
    let Some(Word::Unit(unit)) = word(doc, unit_i) else {
        // "last Saturday", "this spring"
        return match word(doc, unit_i) {
            Some(Word::Weekday(wd)) => {
                let r = r?;
                let v = weekday_near(r, wd, deixis == "next");
                let v = if deixis == "last" && v == r {
                    r - Duration::days(7)
                } else {
                    v
                };
                Some((unit_i + 1, TimexType::Date, fmt_date(v)))
            }
            Some(Word::Season(s)) => {
                let r = r?;
                let y = match deixis {
                    "last" => r.year() - 1,
                    "next" => r.year() + 1,
                    _ => r.year(),
                };
                Some((unit_i + 1, TimexType::Date, format!("{y:04}-{s}")))
            }
            Some(Word::Month(m)) => {
                let r = r?;
                let y = match deixis {
                    "last" => r.year() - 1,
                    "next" => r.year() + 1,
                    _ => r.year(),
                };
                Some((unit_i + 1, TimexType::Date, format!("{y:04}-{m:02}")))
            }
            _ => None,
        };
    };
    // Plural units after last/past are durations: "the past years" is rare; "last two years" handled by quantity.
    if doc.norm(unit_i).ends_with('s') && unit != "D" {
        return None;
    }
    let r = match r {
        Some(r) => r,
        None => {
            let v = match deixis {
                "last" | "past" | "previous" => "PAST_REF",
                "next" | "coming" => "FUTURE_REF",
                _ => "PRESENT_REF",
            };
            return Some((unit_i + 1, TimexType::Date, v.into()));
        }
    };
    let shift: i64 = match deixis {
        "last" | "past" | "previous" => -1,
        "next" | "coming" => 1,
        _ => 0,
    };
    let value = match unit {
        "D" => fmt_date(r + Duration::days(shift)),
        "W" => week(r + Duration::weeks(shift)),
        "WE" => format!("{}-WE", week(r + Duration::weeks(shift))),
        "M" => {
            let total = r.year() as i64 * 12 + r.month0() as i64 + shift;
            format!("{:04}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
        }
        "Q" => {
            let q = (r.month0() / 3) as i64 + shift;
            let y = r.year() as i64 + q.div_euclid(4);
            format!("{:04}-Q{}", y, q.rem_euclid(4) + 1)
        }
        "Y" => format!("{:04}", r.year() as i64 + shift),
        "DE" => format!("{:03}", r.year() as i64 / 10 + shift),
        _ => return None,
    };
    let _ = i;
    Some((unit_i + 1, TimexType::Date, value))
}

/// The year of a month (and day) with no year: the reference year, or the
/// year before when the date would lie after the reference date and the
/// sentence is not about the future.
fn past_year(r: NaiveDate, m: u32, d: Option<u32>, future: bool) -> i32 {
    let after = m > r.month() || (m == r.month() && d.is_some_and(|d| d > r.day() + 1));
    if after && !future {
        r.year() - 1
    } else {
        r.year()
    }
}

/// The weekday `wd` (1 = Monday) nearest the reference date: on or before it,
/// or after it for the future.
fn weekday_near(r: NaiveDate, wd: u32, future: bool) -> NaiveDate {
    let target = Weekday::try_from((wd as u8).saturating_sub(1)).unwrap_or(Weekday::Mon);
    let cur = r.weekday().num_days_from_monday() as i64;
    let tgt = target.num_days_from_monday() as i64;
    if future {
        let diff = (tgt - cur).rem_euclid(7);
        r + Duration::days(if diff == 0 { 7 } else { diff })
    } else {
        r - Duration::days((cur - tgt).rem_euclid(7))
    }
}

#[cfg(test)]
mod tests;
