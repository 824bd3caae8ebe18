//! Wire-copy datelines at the top of an article.
//!
//! Recognised shapes (each optional part may be missing):
//!
//! ```text
//! [date YYYY-MM-DD] PLACE[, Region]* [,] [DATE] [(AGENCY)] [/AGENCY/[.]] [-|--|—|―|–]
//! ```
//!
//! e.g. `date 2023-05-13 TEHRAN-`, `WASHINGTON (AP) —`,
//! `LONDON, May 3 (Reuters) -`, `BEIJING, March 2 (Xinhua) --`,
//! `MOSCOW, Oct 5. /TASS/.`, `NAIROBI, Kenya —`,
//! `PARIS, 2021-07-14 (AFP) -`, and Reuters' `LONDON 1996-08-30` line.
//! The place must be in capitals, and something beyond it (a date, an agency,
//! a dash before mixed-case text, or the end of the line) must confirm it, so
//! that an all-capitals headline is not taken for a dateline.

use crate::document::{Dateline, Document, PartialDate, Span};
use crate::lexicon;
use chrono::{Datelike, NaiveDate};

/// Look for a dateline at the start of one of the first three lines.
pub fn detect(doc: &mut Document) {
    let text = doc.text.as_str();
    let mut line_start = 0usize;
    let mut seen = 0;
    while line_start < text.len() && seen < 3 {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        if !line.trim().is_empty() {
            seen += 1;
            let lead = line.len() - line.trim_start().len();
            if let Some(d) = parse(line, line_start + lead, doc.date) {
                doc.dateline = Some(d);
                return;
            }
        }
        line_start = line_end + 1;
    }
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }
    fn skip_spaces(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start_matches([' ', '\t']).len();
    }
    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }
    fn eat_ci(&mut self, lit: &str) -> bool {
        let r = self.rest();
        if r.len() >= lit.len() && r.is_char_boundary(lit.len()) && r[..lit.len()].eq_ignore_ascii_case(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }
    /// A run of characters matching `f`.
    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &'a str {
        let r = self.rest();
        let n = r.find(|c: char| !f(c)).unwrap_or(r.len());
        self.pos += n;
        &r[..n]
    }
}

/// Parse a dateline at the start of `line` (which begins at byte `base` of the
/// document text).
fn parse(line: &str, base: usize, doc_date: Option<NaiveDate>) -> Option<Dateline> {
    let line = line.trim_start();
    let mut c = Cursor { s: line, pos: 0 };
    let mut date: Option<(PartialDate, Span)> = None;

    // "date 2023-05-13 " prefix.
    if c.eat_ci("date ") {
        c.skip_spaces();
        let at = c.pos;
        let d = iso_date(&mut c)?;
        date = Some((d, Span::new(base + at, base + c.pos)));
        c.skip_spaces();
    }

    // PLACE in capitals: words of capitals ("NEW YORK", "AL-AIN"), stopping
    // before a capital that starts a mixed-case word ("TEHRAN- According").
    let place_start = c.pos;
    let mut place_end = c.pos;
    loop {
        let w = c.take_while(|ch| ch.is_uppercase() || matches!(ch, '-' | '.' | '\'' | '’'));
        if w.is_empty() || c.rest().starts_with(|ch: char| ch.is_lowercase()) {
            break;
        }
        place_end = c.pos;
        let save = c.pos;
        if c.eat(" ") && c.rest().chars().take(2).all(|ch| ch.is_uppercase()) {
            continue;
        }
        c.pos = save;
        break;
    }
    let place = line
        .get(place_start..place_end)
        .unwrap_or("")
        .trim_end_matches(['-', '.']);
    let letters = place.chars().filter(|ch| ch.is_alphabetic()).count();
    if letters < 2 || place.split_whitespace().count() > 4 {
        return None;
    }
    c.pos = place_start + place.len();
    let place_span = Span::new(base + place_start, base + c.pos);
    // A lower-case letter glued to the capitals ("WASHINGTONians") means prose.
    if c.rest().starts_with(|ch: char| ch.is_lowercase()) {
        return None;
    }
    let mut confirmed = false;
    let mut last_end = c.pos;
    let mut region_span = None;

    // ", Region" parts (title case), as long as they are not a date.
    loop {
        let save = c.pos;
        c.skip_spaces();
        if !c.eat(",") {
            c.pos = save;
            break;
        }
        c.skip_spaces();
        if let Some((d, sp)) = try_date(&mut c, doc_date) {
            date = d.map(|d| (d, sp).shift(base));
            last_end = c.pos;
            confirmed = true;
            break;
        }
        let mut words = 0;
        let region_start = c.pos;
        loop {
            let w = c.take_while(|ch| ch.is_alphabetic() || matches!(ch, '.' | '-' | '\''));
            if w.is_empty() || !w.starts_with(|ch: char| ch.is_uppercase()) || month(w).is_some() {
                c.pos -= w.len();
                break;
            }
            words += 1;
            let save_w = c.pos;
            c.skip_spaces();
            if c.rest().starts_with(|ch: char| ch.is_uppercase()) && words < 4 {
                continue;
            }
            c.pos = save_w;
            break;
        }
        if words == 0 {
            c.pos = save;
            break;
        }
        if region_span.is_none() {
            region_span = Some(Span::new(base + region_start, base + c.pos));
        }
        last_end = c.pos;
    }

    // A date without a comma ("LONDON 1996-08-30").
    if date.is_none() || date.is_some_and(|(_, s)| s.end <= place_span.start) {
        let save = c.pos;
        c.skip_spaces();
        if let Some((d, sp)) = try_date(&mut c, doc_date) {
            date = d.map(|d| (d, sp).shift(base));
            last_end = c.pos;
            confirmed = true;
        } else {
            c.pos = save;
        }
    }

    // (AGENCY) and /AGENCY/.
    let mut agency = None;
    let save = c.pos;
    c.skip_spaces();
    if c.eat("(") {
        let a = c.take_while(|ch| ch != ')' && ch != '\n');
        if c.eat(")") && !a.is_empty() && a.len() <= 40 {
            agency = Some(a.trim().to_string());
            last_end = c.pos;
            confirmed = true;
        } else {
            c.pos = save;
        }
    } else {
        c.pos = save;
    }
    let save = c.pos;
    c.eat(".");
    c.skip_spaces();
    if c.eat("/") {
        let a = c.take_while(|ch| ch != '/' && ch != '\n');
        if c.eat("/") && !a.is_empty() && a.len() <= 40 {
            agency = Some(a.trim().to_string());
            c.eat(".");
            last_end = c.pos;
            confirmed = true;
        } else {
            c.pos = save;
        }
    } else {
        c.pos = save;
    }

    // Closing dash.
    let save = c.pos;
    c.skip_spaces();
    let mut dashed = false;
    for d in ["--", "—", "―", "–", "-", ":"] {
        if c.eat(d) {
            dashed = true;
            break;
        }
    }
    if !dashed {
        c.pos = save;
    }
    if dashed {
        // Prose must follow the dash; an all-capitals headline does not count.
        let after: String = c.rest().chars().take(40).collect();
        let prose = after.trim().is_empty() || after.chars().any(|ch| ch.is_lowercase());
        if !prose {
            return None;
        }
        last_end = c.pos;
        confirmed = true;
    } else {
        // A bare "PLACE, Region" line with nothing else is a dateline too.
        let rest = line.get(last_end..).unwrap_or("").trim();
        if !confirmed && rest.is_empty() && last_end > place_span.end - base {
            confirmed = true;
        }
        if confirmed && agency.is_none() && date.is_none() {
            confirmed = false;
        }
    }
    if !confirmed {
        return None;
    }
    // The place itself must not be an agency or a lone acronym of one.
    if lexicon::agencies().contains(place) {
        return None;
    }
    Some(Dateline {
        span: Span::new(base, base + last_end),
        place: Some(title_case(place)),
        place_span: Some(place_span),
        region_span,
        date: date.map(|(d, _)| d),
        date_span: date.map(|(_, s)| s),
        agency,
    })
}

trait Shift {
    fn shift(self, base: usize) -> (PartialDate, Span);
}
impl Shift for (PartialDate, Span) {
    fn shift(self, base: usize) -> (PartialDate, Span) {
        (self.0, Span::new(self.1.start + base, self.1.end + base))
    }
}

fn iso_date(c: &mut Cursor) -> Option<PartialDate> {
    let r = c.rest();
    let b = r.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let y: i32 = r[..4].parse().ok()?;
        let m: u32 = r[5..7].parse().ok()?;
        let d: u32 = r[8..10].parse().ok()?;
        NaiveDate::from_ymd_opt(y, m, d)?;
        c.pos += 10;
        return Some(PartialDate {
            year: y,
            month: Some(m),
            day: Some(d),
        });
    }
    None
}

/// An ISO date, "Month D[, YYYY]" or "D Month [YYYY]"; the span is relative
/// to the line.
fn try_date(c: &mut Cursor, doc_date: Option<NaiveDate>) -> Option<(Option<PartialDate>, Span)> {
    let start = c.pos;
    if let Some(d) = iso_date(c) {
        return Some((Some(d), Span::new(start, c.pos)));
    }
    let save = c.pos;
    let w = c.take_while(|ch| ch.is_alphabetic());
    if let Some(m) = month(w) {
        c.eat(".");
        c.skip_spaces();
        let day = c.take_while(|ch| ch.is_ascii_digit());
        let day: u32 = match day.parse() {
            Ok(d) if (1..=31).contains(&d) => d,
            _ => {
                c.pos = save;
                return None;
            }
        };
        let mut end = c.pos;
        let mut year = None;
        let s2 = c.pos;
        c.eat(",");
        c.skip_spaces();
        let y = c.take_while(|ch| ch.is_ascii_digit());
        if y.len() == 4 {
            year = y.parse().ok();
            end = c.pos;
        } else {
            c.pos = s2;
        }
        // "Oct 5." — the period belongs to the dateline, not the date.
        c.pos = end;
        let date = year
            .or_else(|| infer_year(m, day, doc_date))
            .filter(|&y| NaiveDate::from_ymd_opt(y, m, day).is_some());
        return Some((
            date.map(|year| PartialDate {
                year,
                month: Some(m),
                day: Some(day),
            }),
            Span::new(start, end),
        ));
    }
    c.pos = save;
    let day = c.take_while(|ch| ch.is_ascii_digit());
    if let Ok(d) = day.parse::<u32>() {
        c.skip_spaces();
        let w = c.take_while(|ch| ch.is_alphabetic());
        if let Some(m) = month(w) {
            let mut end = c.pos;
            let s2 = c.pos;
            c.skip_spaces();
            let y = c.take_while(|ch| ch.is_ascii_digit());
            let year = if y.len() == 4 {
                end = c.pos;
                y.parse().ok()
            } else {
                c.pos = s2;
                None
            };
            let date = year
                .or_else(|| infer_year(m, d, doc_date))
                .filter(|&y| NaiveDate::from_ymd_opt(y, m, d).is_some());
            return Some((
                date.map(|year| PartialDate {
                    year,
                    month: Some(m),
                    day: Some(d),
                }),
                Span::new(start, end),
            ));
        }
    }
    c.pos = save;
    None
}

/// The year of a month/day with no year: the publication year, or the one
/// before when the day would lie well after publication (a dateline of
/// Dec 31 on an article published Jan 2).
fn infer_year(m: u32, d: u32, doc_date: Option<NaiveDate>) -> Option<i32> {
    let pd = doc_date?;
    let y = pd.year();
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(cand) if (cand - pd).num_days() > 31 => Some(y - 1),
        _ => Some(y),
    }
}

pub fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    let m = match w.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// "TEHRAN" → "Tehran", "AL-AIN" → "Al-Ain", "NEW YORK" → "New York".
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for ch in s.chars() {
        if ch.is_alphabetic() {
            if start {
                out.extend(ch.to_uppercase());
            } else {
                out.extend(ch.to_lowercase());
            }
            start = false;
        } else {
            out.push(ch);
            start = matches!(ch, ' ' | '-' | '.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(text: &str, date: Option<&str>) -> Option<Dateline> {
        let mut doc = Document::new("t", text, date.and_then(|d| d.parse().ok()));
        detect(&mut doc);
        doc.dateline
    }

    fn check(text: &str, place: &str, date: Option<&str>, surface: &str) {
        let d = dl(text, Some("2023-05-20")).unwrap_or_else(|| panic!("no dateline in {text:?}"));
        assert_eq!(d.place.as_deref(), Some(place), "{text}");
        assert_eq!(d.date.map(|x| x.iso()).as_deref(), date, "{text}");
        assert_eq!(&text[d.span.start..d.span.end], surface, "{text}");
    }

    #[test]
    fn wire_formats() {
        check(
            " date 2023-05-13 TEHRAN- According to the report",
            "Tehran",
            Some("2023-05-13"),
            "date 2023-05-13 TEHRAN-",
        );
        check(
            "WASHINGTON (AP) — The Senate voted",
            "Washington",
            None,
            "WASHINGTON (AP) —",
        );
        check(
            "LONDON, May 3 (Reuters) - Britain said",
            "London",
            Some("2023-05-03"),
            "LONDON, May 3 (Reuters) -",
        );
        check(
            "BEIJING, March 2 (Xinhua) -- China said",
            "Beijing",
            Some("2023-03-02"),
            "BEIJING, March 2 (Xinhua) --",
        );
        check(
            "MOSCOW, Oct 5. /TASS/. Russia's",
            "Moscow",
            Some("2022-10-05"),
            "MOSCOW, Oct 5. /TASS/.",
        );
        check("NAIROBI, Kenya — Police said", "Nairobi", None, "NAIROBI, Kenya —");
        // The horizontal bar some outlets set instead of a dash.
        check(
            "Lawmakers Rip The Plan\n\nHARWICK, N.Y. ― If it worked once, it might",
            "Harwick",
            None,
            "HARWICK, N.Y. ―",
        );
        check(
            "PARIS, 2021-07-14 (AFP) - France",
            "Paris",
            Some("2021-07-14"),
            "PARIS, 2021-07-14 (AFP) -",
        );
        check(
            "LONDON 1996-08-30\nBritain's",
            "London",
            Some("1996-08-30"),
            "LONDON 1996-08-30",
        );
        check(
            "Headline here\nAL-AIN , United Arab Emirates 1996-12-06\nText",
            "Al-Ain",
            Some("1996-12-06"),
            "AL-AIN , United Arab Emirates 1996-12-06",
        );
    }

    #[test]
    fn missing_year_comes_from_input_date() {
        let d = dl("LONDON, Dec 30 (Reuters) - x", Some("2024-01-02")).unwrap();
        assert_eq!(d.date.unwrap().iso(), "2023-12-30");
        assert!(dl("LONDON, Dec 30 (Reuters) - x", None).is_some_and(|d| d.date.is_none()));
    }

    #[test]
    fn headlines_and_prose_are_not_datelines() {
        assert!(dl("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", None).is_none());
        assert!(dl("The president said on Monday that taxes will rise.", None).is_none());
        assert!(dl("NATO allies met in Brussels.", None).is_none());
        assert!(dl("", None).is_none());
    }
}
