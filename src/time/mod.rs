//! Time expressions (TIMEX3) found over tokens and resolved against the
//! document's reference date (the dateline's date, else the input `date`).
//!
//! Relative expressions lean to the past, as news reports do ("on Saturday"
//! is the last Saturday on or before the reference date), unless the
//! sentence speaks of the future ("will", "next").

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::document::{Document, EntityType, MentionKind, Span, Timex, TimexType, TokenKind};
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
    Vague(&'static str),
    Ordinal(u32),
    Decade(u32),
    Holiday(&'static str),
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
                    "vague" => Word::Vague(v),
                    "ordinal" => Word::Ordinal(v.parse().ok()?),
                    "decade" => Word::Decade(v.parse().ok()?),
                    "holiday" => Word::Holiday(v),
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

/// A holiday of the time vocabulary ("Christmas", "Thanksgiving"): a date,
/// not the name of an entity.
pub fn is_holiday_word(norm: &str) -> bool {
    matches!(words().get(norm), Some(Word::Holiday(_)))
}

/// The time vocabulary's kind of a word ("month", "unit", …), "" if none:
/// a feature of the learned recogniser.
pub(crate) fn word_class(norm: &str) -> &'static str {
    match words().get(norm) {
        Some(Word::Month(_)) => "month",
        Some(Word::Weekday(_)) => "weekday",
        Some(Word::Unit(_)) => "unit",
        Some(Word::Number(_)) => "number",
        Some(Word::RelDay(_)) => "relday",
        Some(Word::Ref(_)) => "ref",
        Some(Word::Part(_)) => "part",
        Some(Word::Set(_)) => "set",
        Some(Word::Season(_)) => "season",
        Some(Word::Vague(_)) => "vague",
        Some(Word::Ordinal(_)) => "ordinal",
        Some(Word::Decade(_)) => "decade",
        Some(Word::Holiday(_)) => "holiday",
        None => "",
    }
}

/// Which way an expression without a year or week leans from the
/// reference date: "on Tuesday" in a past-tense sentence is the Tuesday
/// before, in a future one the Tuesday after; with no tense to go by, a
/// month is the nearest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lean {
    Past,
    Future,
    Near,
}

impl Lean {
    fn of_sentence(future: bool) -> Lean {
        if future {
            Lean::Future
        } else {
            Lean::Past
        }
    }
}

/// A grammar match: first token, end token (exclusive), type, value.
struct Match {
    a: usize,
    e: usize,
    ttype: TimexType,
    value: String,
}

/// Find the time expressions of a document and give each its value.
///
/// With the backbone on (part-of-speech tags present) and the recogniser
/// model loaded, the learned tagger decides where expressions are, reading
/// the grammar's matches as evidence, and the grammar normalises them;
/// otherwise (`--fast`) the grammar's matches stand alone.
pub fn extract(doc: &mut Document) {
    let model = if doc.pos.is_empty() {
        None
    } else {
        crate::backbone::models::timex().ok()
    };
    extract_with(doc, model);
}

/// The grammar's matches, sentence by sentence, and whether each sentence
/// leans to the future.
fn grammar_matches(doc: &Document) -> (Vec<Match>, Vec<bool>) {
    let reference = doc.reference_date();
    let mut matches = Vec::new();
    let mut future_of = vec![false; doc.sentences.len()];
    for (si, slot) in future_of.iter_mut().enumerate() {
        let range = doc.sentences[si].tokens.clone();
        let future = sentence_future(doc, range.clone());
        *slot = future;
        let mut i = range.start;
        while i < range.end {
            if let Some((end, ttype, value)) = match_at(doc, i, range.end, reference, Lean::of_sentence(future)) {
                matches.push(Match {
                    a: i,
                    e: end,
                    ttype,
                    value,
                });
                i = end;
            } else {
                i += 1;
            }
        }
    }
    (matches, future_of)
}

/// The grammar's matches as token runs: the evidence the learned
/// recogniser reads, in training exactly as in [`extract_with`].
pub fn grammar_runs(doc: &Document) -> Vec<(usize, usize, TimexType)> {
    grammar_runs_of(&grammar_matches(doc).0)
}

fn grammar_runs_of(matches: &[Match]) -> Vec<(usize, usize, TimexType)> {
    matches.iter().map(|m| (m.a, m.e, m.ttype)).collect()
}

/// [`extract`] with a given recogniser (`None`: the grammar alone).
pub fn extract_with(doc: &mut Document, model: Option<&learned::TimexTagger>) {
    let reference = doc.reference_date();
    let (matches, future_of) = grammar_matches(doc);
    let found: Vec<(usize, usize, TimexType, String)> = match model {
        Some(m) => {
            let triples = grammar_runs_of(&matches);
            let labels = m.label(&learned::Inputs::new(doc, &triples));
            let mut out = Vec::new();
            let mut anchor: Option<String> = None;
            let mut story: Option<String> = None;
            for (si, s) in doc.sentences.iter().enumerate() {
                let future = future_of.get(si).copied().unwrap_or(false);
                for (a, e, mut t) in learned::runs(labels.get(s.tokens.clone()).unwrap_or(&[])) {
                    let (mut a, mut e) = (a + s.tokens.start, e + s.tokens.start);
                    glue(doc, &mut a, &mut e, &mut t, s.tokens.clone(), &matches);
                    // A grammar match the run overlaps keeps its whole
                    // extent ("3 March 2021", "earlier this year").
                    let (a0, e0) = (a, e);
                    for m in matches.iter().filter(|m| m.a < e0 && a0 < m.e) {
                        a = a.min(m.a);
                        e = e.max(m.e);
                    }
                    // A run of function words alone ("the", "nearly") was
                    // cut short: it reaches the grammar match starting
                    // right after it ("the | next two years"), or is dropped.
                    if !(a..e).any(|k| time_content(doc, k)) {
                        match matches.iter().find(|m| m.a >= e && m.a <= e + 1) {
                            Some(m) => e = m.e,
                            None => continue,
                        }
                    }
                    let (t, v) = match narrative(doc, a, e, anchor.as_deref(), story.as_deref()) {
                        Some(v) => (TimexType::Date, v),
                        None => normalise(doc, a, e, t, s.tokens.end, &matches, reference, future),
                    };
                    // A full date moves the story's time: "the next day"
                    // after "On May 3, …" is May 4; a year or month named
                    // moves it for "the following year", "that month".
                    if t == TimexType::Date && is_calendar(&v) {
                        if is_day(&v) {
                            anchor = Some(v.clone());
                        }
                        story = Some(v.clone());
                    }
                    out.push((a, e, t, v));
                }
            }
            // Clock times and compounds such as "third-quarter" or
            // "year-earlier" that the model passed over stand as the
            // grammar read them: unambiguous in form, and rare outside
            // financial copy, which most of the training text is not.
            for m in &matches {
                if sure_in_form(doc, m) && !out.iter().any(|x| x.0 < m.e && m.a < x.1) {
                    out.push((m.a, m.e, m.ttype, m.value.clone()));
                }
            }
            // Runs glued to a neighbour may now overlap it ("10 p.m." and
            // "10 p.m. Wednesday"): the longer one stands.
            out.sort_by_key(|x| (x.0, std::cmp::Reverse(x.1)));
            let mut kept: Vec<(usize, usize, TimexType, String)> = Vec::with_capacity(out.len());
            for x in out {
                match kept.last() {
                    Some(last) if x.0 < last.1 => {
                        if x.1 - x.0 > last.1 - last.0 {
                            kept.pop();
                            kept.push(x);
                        }
                    }
                    _ => kept.push(x),
                }
            }
            kept
        }
        // The grammar alone: a season keeps its determiner ("the summer"),
        // as the recogniser draws it. (The grammar's matches themselves
        // start at the season: they are the recogniser's features.)
        None => matches
            .into_iter()
            .map(|m| {
                let the = m.a > 0 && doc.norm(m.a - 1) == "the" && matches!(word(doc, m.a), Some(Word::Season(_)));
                (m.a - the as usize, m.e, m.ttype, m.value)
            })
            .collect(),
    };
    // A time word inside a longer name of a person or organisation is
    // part of the name: "Sheffield Wednesday", "The Sunday Times", "Mike
    // Friday", the "Daily" of "Daily Mail".
    let in_a_name = |a: usize, e: usize| {
        doc.mentions.iter().any(|m| {
            m.kind == MentionKind::Name
                && matches!(m.etype, Some(EntityType::Org | EntityType::Person))
                && m.tokens.start <= a
                && e <= m.tokens.end
                && m.tokens.len() > e - a
        })
    };
    let mut timexes: Vec<Timex> = found
        .into_iter()
        .filter(|&(a, e, _, _)| !in_a_name(a, e))
        .filter_map(|(a, e, ttype, value)| {
            let span = Span::new(
                doc.tokens.get(a)?.span.start,
                doc.tokens.get(e.checked_sub(1)?)?.span.end,
            );
            Some(Timex { span, ttype, value })
        })
        .collect();
    // The dateline's date is a time expression too ("date 2023-05-13
    // TEHRAN-"), though the sentences begin after it.
    if let Some((date, span)) = doc.dateline.as_ref().and_then(|d| Some((d.date?, d.date_span?))) {
        if !timexes.iter().any(|t| t.span.overlaps(span)) {
            timexes.insert(
                0,
                Timex {
                    span,
                    ttype: TimexType::Date,
                    value: date.iso(),
                },
            );
        }
    }
    doc.timexes = timexes;
}

/// Words the recogniser tends to leave just outside an expression, put
/// back: a count before a unit ("40 | years"), "ago" after one ("two months
/// | ago"), a clock time or part of the day before a day ("10 p.m. EST |
/// Wednesday", "noon | Saturday", "mid-afternoon | yesterday").
fn glue(
    doc: &Document,
    a: &mut usize,
    e: &mut usize,
    t: &mut TimexType,
    sentence: std::ops::Range<usize>,
    matches: &[Match],
) {
    // Punctuation at either end is never part of an expression ("the
    // third quarter | ." before "A year earlier").
    let punct = |k: usize| !doc.token_text(k).chars().any(char::is_alphanumeric);
    while *e > *a + 1 && punct(*e - 1) {
        *e -= 1;
    }
    while *a + 1 < *e && punct(*a) {
        *a += 1;
    }
    // A preposition is the expression's signal, never part of it (TimeML):
    // "until | the summer".
    while *a + 1 < *e
        && matches!(
            doc.norm(*a),
            "until"
                | "till"
                | "since"
                | "in"
                | "on"
                | "by"
                | "during"
                | "for"
                | "before"
                | "after"
                | "through"
                | "from"
        )
    {
        *a += 1;
    }
    if *a > sentence.start
        && matches!(word(doc, *a), Some(Word::Unit(_)))
        && !matches!(doc.norm(*a - 1), "a" | "an")
        && count_at(doc, *a - 1).is_some_and(|(_, end)| end == *a)
    {
        *a -= 1;
    }
    // And the unit a run's last count counts: "at least 30 | days".
    if *e > *a
        && *e < sentence.end
        && matches!(word(doc, *e), Some(Word::Unit(_)))
        && count_at(doc, *e - 1).is_some_and(|(_, end)| end == *e)
    {
        *e += 1;
    }
    if *e < sentence.end && doc.norm(*e) == "ago" && (*a..*e).any(|k| unit_of(doc, k).is_some()) {
        *e += 1;
    }
    // "N units ago" is a point in time, whatever type the model read.
    if *e > *a && doc.norm(*e - 1) == "ago" {
        *t = TimexType::Date;
    }
    // Modifiers both gold sets keep inside the expression: "nearly two
    // weeks", "at least 30 days", "fiscal 1989", "the past two years"
    // (when the run starts at "past").
    loop {
        let prev = |k: usize| if *a >= sentence.start + k { doc.norm(*a - k) } else { "" };
        let (first, first_k) = (doc.norm(*a), *a);
        let take = match (prev(2), prev(1)) {
            (_, "nearly" | "fiscal") => 1,
            // "each | Thursday", "every | July": a set, not that one day.
            (_, "each" | "every")
                if matches!(
                    word(doc, first_k),
                    Some(Word::Weekday(_) | Word::Month(_) | Word::Season(_))
                ) =>
            {
                1
            }
            ("at", "least") | ("more" | "less", "than") | ("up", "to") => 2,
            (_, "the")
                if matches!(
                    first,
                    "past"
                        | "last"
                        | "next"
                        | "latest"
                        | "following"
                        | "previous"
                        | "same"
                        | "comparable"
                        | "corresponding"
                        | "current"
                        | "fiscal"
                ) =>
            {
                1
            }
            _ => 0,
        };
        if take == 0 {
            break;
        }
        *a -= take;
    }
    let day = (*a..*e).any(|k| matches!(word(doc, k), Some(Word::Weekday(_) | Word::Month(_) | Word::RelDay(_))));
    if !day || *a <= sentence.start {
        return;
    }
    let before = *a - 1;
    let part = {
        let w = doc.norm(before);
        matches!(words().get(w.rsplit('-').next().unwrap_or(w)), Some(Word::Part(_)))
    };
    if part {
        *a = before;
        *t = TimexType::Time;
        return;
    }
    // A timezone or comma may sit between the clock and the day.
    let zone = |k: usize| {
        doc.token_text(k) == ","
            || matches!(
                doc.token_text(k),
                "EST" | "EDT" | "CST" | "CDT" | "MST" | "MDT" | "PST" | "PDT" | "GMT" | "UTC" | "BST" | "CET"
            )
    };
    let clock = matches
        .iter()
        .find(|m| m.ttype == TimexType::Time && (m.e == *a || (m.e + 1 == *a && zone(m.e))) && m.a >= sentence.start);
    if let Some(m) = clock {
        *a = m.a;
        *t = TimexType::Time;
    }
}

/// Does token `k` carry time meaning by itself: a number, a word of the
/// time vocabulary, or a noun that heads time expressions ("period",
/// "term")? A recogniser run with none of these was cut short.
fn time_content(doc: &Document, k: usize) -> bool {
    let w = doc.norm(k);
    doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Number)
        || (words().contains_key(w) && !matches!(w, "a" | "an"))
        || unit_of(doc, k).is_some()
        || matches!(
            w,
            "time"
                | "times"
                | "period"
                | "term"
                | "moment"
                | "date"
                | "while"
                | "era"
                | "age"
                | "season"
                | "yet"
                | "already"
                | "then"
                | "once"
        )
        || w.contains('-') && w.split('-').any(|p| words().contains_key(p))
}

/// A grammar match that is a time expression whatever the context: a clock
/// time, a year in words, or a one-token compound — "third-quarter", "year-earlier",
/// "year-ago", or a counted length such as "two-year", "30-day" (hand
/// annotators mark 31 of 33 of those in TimeBank and AQUAINT).
fn sure_in_form(doc: &Document, m: &Match) -> bool {
    if m.ttype == TimexType::Time {
        return true;
    }
    // A year in words: "nineteen ninety-six".
    if m.e > m.a + 1
        && m.value.len() == 4
        && year_num(doc, m.a).is_some_and(|(_, e)| e == m.e)
        && matches!(word(doc, m.a), Some(Word::Number(_)))
    {
        return true;
    }
    if m.e != m.a + 1 {
        return false;
    }
    let Some((left, right)) = doc.norm(m.a).split_once('-') else {
        return false;
    };
    match m.ttype {
        TimexType::Date => {
            matches!((left, right), ("year", "earlier" | "ago"))
                || (right == "quarter" && matches!(words().get(left), Some(Word::Ordinal(1..=4))))
        }
        TimexType::Duration => {
            matches!(words().get(right), Some(Word::Unit(_)))
                && (left.bytes().all(|b| b.is_ascii_digit())
                    || matches!(words().get(left), Some(Word::Number(Some(_)))))
        }
        _ => false,
    }
}

/// The tense of the verb nearest an expression at tokens `a..e`:
/// `Some(true)` future ("will meet", "to meet", "is meeting"), `Some(false)`
/// past ("met", "has met", "was met"), `None` when no verb within reach
/// tells (present tense, no verb). Needs part-of-speech tags.
fn tense_near(doc: &Document, a: usize, e: usize, range: &std::ops::Range<usize>) -> Option<bool> {
    use crate::backbone::annotate::xpos;
    let aux = |k: usize| -> Option<bool> {
        // Auxiliaries up to three tokens before a verb, with nothing but
        // adverbs between ("will also meet", "has not been"): the "are" of
        // "Below are the remarks made Friday" is not the participle's.
        (k.saturating_sub(3).max(range.start)..k)
            .rev()
            .take_while(|&j| {
                j + 1 == k
                    || matches!(xpos(doc, j + 1), "RB" | "RBR" | "MD" | "VB" | "VBN" | "VBG" | "TO")
                    || matches!(doc.norm(j + 1), "last" | "first")
            })
            .find_map(|j| match doc.norm(j) {
                // An infinitive after a past perfect looks back: "had been
                // due to expire Friday", "had to leave Tuesday".
                "to" if (j.saturating_sub(4).max(range.start)..j).any(|i| doc.norm(i) == "had") => Some(false),
                "will" | "'ll" | "shall" | "wo" | "would" | "may" | "might" | "to" | "going" => Some(true),
                "has" | "have" | "had" | "'ve" | "did" | "was" | "were" => Some(false),
                "is" | "are" | "'re" | "am" => Some(true),
                // "'s" is "is" only as a verb, not in "Friday's trading".
                "'s" | "’s" if xpos(doc, j) == "VBZ" => Some(true),
                _ => None,
            })
    };
    // The verb an adverbial of time goes with mostly precedes it ("met on
    // Tuesday", "agreed to meet on Tuesday"): look left first, then right.
    let left = (1..=8usize).filter_map(|d| a.checked_sub(d));
    let right = (0..8usize).map(|d| e + d);
    for k in left.chain(right) {
        if k < range.start || k >= range.end {
            continue;
        }
        // Arranging is done now for later: "has scheduled a news
        // conference Thursday", "postponed until Tuesday". ("Planned" is
        // not among them: "as previously planned Saturday night", "a
        // service planned for Saturday was canceled".)
        if matches!(
            doc.norm(k),
            "scheduled" | "slated" | "postponed" | "delayed" | "deferred"
        ) {
            return Some(true);
        }
        let tense = match xpos(doc, k) {
            "MD" => match doc.norm(k) {
                "will" | "'ll" | "shall" | "wo" | "would" | "may" | "might" => Some(Some(true)),
                _ => None,
            },
            "VBD" => Some(Some(false)),
            "VB" => Some(aux(k)),
            "VBN" => Some(aux(k).map(|f| f && !matches!(doc.norm(k.wrapping_sub(1)), "is" | "are"))),
            "VBG" => Some(aux(k)),
            "VBZ" | "VBP" => Some(None),
            _ => None,
        };
        if let Some(t) = tense {
            return t;
        }
    }
    None
}

/// Does the sentence speak of the future ("will", "next", "expected")?
fn sentence_future(doc: &Document, range: std::ops::Range<usize>) -> bool {
    range.into_iter().any(|k| {
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
    })
}

/// Expressions anchored in the story, not the article date: "the next
/// day", "the following year", "the day before", "that day", "the same
/// week" — relative to `anchor`, the last full date named before them.
///
/// A year or month unit may also lean on a coarser point named since:
/// "in 1995 … the following year", "in March … that month"
/// (`story`, the last year, month or date named).
fn narrative(doc: &Document, a: usize, e: usize, anchor: Option<&str>, story: Option<&str>) -> Option<String> {
    let words: Vec<&str> = (a.saturating_sub(1)..e).map(|k| doc.norm(k)).collect();
    let has = |w: &str| words.contains(&w);
    let (k, unit) = (a..e).find_map(|k| match word(doc, k) {
        Some(Word::Unit(u)) if !doc.norm(k).ends_with('s') => Some((k, u)),
        _ => None,
    })?;
    let after = doc.norm(k + 1);
    let determiner = has("the") || has("that");
    let shift: i64 = if determiner && (has("next") || has("following")) {
        1
    } else if (has("the") && (has("previous") || has("before") || has("prior"))) || after == "before" {
        -1
    } else if has("that") || (has("the") && has("same")) {
        0
    } else {
        return None;
    };
    let coarse = story.and_then(|v| {
        let y: i32 = v.get(..4)?.parse().ok()?;
        let m: u32 = match v.get(5..7) {
            Some(m) => m.parse().ok()?,
            None if unit == "Y" => 1,
            None => return None,
        };
        NaiveDate::from_ymd_opt(y, m, 1)
    });
    let base = match unit {
        "Y" | "M" => coarse.or_else(|| NaiveDate::parse_from_str(anchor?, "%Y-%m-%d").ok())?,
        _ => NaiveDate::parse_from_str(anchor?, "%Y-%m-%d").ok()?,
    };
    shifted(base, unit, shift)
}

/// The length of an expression from `a` whose unit is token `k`, counted
/// by the nearest count left of the unit ("the next couple of years" P2Y;
/// "a few" has none: PXY); a singular unit with no count is one ("the past
/// year" P1Y).
fn counted_period(doc: &Document, a: usize, k: usize, unit: &str) -> String {
    let n = (a..k).rev().find_map(|j| count_or_vague(doc, j)).and_then(|(n, _)| n);
    let n = if doc.norm(k).ends_with('s') { n } else { n.or(Some(1)) };
    period_opt(n, unit)
}

/// Type and value of the expression at tokens `a..e` found by the learned
/// recogniser, typed `t` by it. The grammar's reading of the words inside
/// gives the value; words around it ("a year *earlier*", "the *third*
/// quarter", "*recent* years") adjust it; the type decides between a point
/// and a length ("the past year" as DATE or DURATION).
#[allow(clippy::too_many_arguments)]
fn normalise(
    doc: &Document,
    a: usize,
    e: usize,
    t: TimexType,
    sent_end: usize,
    matches: &[Match],
    r: Option<NaiveDate>,
    future: bool,
) -> (TimexType, String) {
    let range = doc
        .sentences
        .iter()
        .find(|x| x.tokens.contains(&a))
        .map_or(a..sent_end, |x| x.tokens.clone());
    // The nearest verb's tense; without one the sentence's future words
    // mislead more often than not (measured), so no lean at all.
    let lean = match tense_near(doc, a, e, &range) {
        Some(true) => Lean::Future,
        Some(false) => Lean::Past,
        None => Lean::Near,
    };
    // "as soon as Tuesday", "as early as next week"; a deadline: "until
    // 9 a.m. Tuesday".
    let as_soon_as = a >= 3
        && doc.norm(a - 3) == "as"
        && matches!(doc.norm(a - 2), "soon" | "early" | "late")
        && doc.norm(a - 1) == "as";
    // ("Until Thursday, they had not called him a suspect" looks back.)
    let until =
        a >= 1 && matches!(doc.norm(a - 1), "until" | "till" | "til") && !range.clone().any(|k| doc.norm(k) == "had");
    let lean = if as_soon_as || until { Lean::Future } else { lean };
    let future = lean == Lean::Future || future;
    // The grammar's best reading inside the span: its own match when one
    // overlaps, else a match started at any token inside.
    let mut best: Option<(usize, usize, TimexType, String)> = None;
    let mut consider = |s: usize, end: usize, tt: TimexType, v: String| {
        let cover = end.min(e).saturating_sub(s.max(a));
        if cover > 0
            && best
                .as_ref()
                .is_none_or(|b| cover > b.1.min(e).saturating_sub(b.0.max(a)))
        {
            best = Some((s, end, tt, v));
        }
    };
    for m in matches.iter().filter(|m| m.a < a && a < m.e) {
        if let Some((end, tt, v)) = match_at(doc, m.a, sent_end, r, lean) {
            consider(m.a, end, tt, v);
        }
    }
    for s in a..e {
        if let Some((end, tt, v)) = match_at(doc, s, sent_end, r, lean) {
            consider(s, end, tt, v);
        }
        // A year standing alone ("the 1988 period", "fiscal 1989").
        if let Some(y) = num(doc, s).filter(|y| (1000..=2999).contains(y)) {
            if doc.token_text(s).len() == 4 {
                consider(s, s + 1, TimexType::Date, format!("{y:04}"));
            }
        }
        let counted = matches!(word(doc, s), Some(Word::Number(_))) || count_at(doc, s).is_some();
        if let Some((end, v)) = quantity(doc, s).filter(|_| counted) {
            consider(s, end, TimexType::Duration, v);
        }
        if let Some((tt, v)) = hyphenated(doc, s, r, lean) {
            consider(s, s + 1, tt, v);
        }
    }
    let has = |w: &str| (a..e).any(|k| doc.norm(k) == w);
    let unit_in = (a..e).find_map(|k| unit_of(doc, k).map(|u| (k, u)));
    // "each Thursday", "every quarter": a set, whatever the type read.
    if matches!(doc.norm(a), "each" | "every") {
        if let Some(v) = set_value(doc, a, e) {
            return (TimexType::Set, v);
        }
    }
    // "the third quarter", "third-quarter", "the quarter", "next year's
    // first quarter". With an ordinal it is a point even when read as a
    // length: TimeBank values all 92 ordinal quarters as quarters, 88 of
    // them typed DATE.
    if let Some(k) = (a..e).find(|&k| unit_of(doc, k) == Some("Q")) {
        let ordinal = (a..=k).any(|j| {
            let w = doc.norm(j);
            matches!(
                words().get(w.split('-').next().unwrap_or(w)),
                Some(Word::Ordinal(1..=4))
            )
        });
        if (t != TimexType::Duration || ordinal) && !doc.norm(k).ends_with('s') {
            if let Some(v) = quarter(doc, a, e, r) {
                return (TimexType::Date, v);
            }
        }
    }
    // "the first half of 1989", "the second half".
    if t != TimexType::Duration {
        if let Some(v) = half_year(doc, a, e, r) {
            return (TimexType::Date, v);
        }
    }
    // In a report on a company's quarter, "a year ago", "a year earlier",
    // "the year-earlier period" mean that quarter a year back.
    let year_back = (a..e).any(|k| matches!(doc.norm(k), "year-ago" | "year-earlier"))
        || (matches!(unit_in, Some((_, "Y")))
            && !has("years")
            && (has("ago") || has("earlier"))
            && (has("a") || has("one")));
    if year_back && t == TimexType::Date && quarter_context(doc, a) {
        if let Some(v) = reported_quarter(r, 1) {
            return (TimexType::Date, v);
        }
    }
    if let Some((s, end, tt, v)) = best {
        // "a year earlier", "two days later", "five years before",
        // "(redeemed) in five years".
        if tt == TimexType::Duration && t != TimexType::Duration {
            let back = has("earlier") || has("before") || has("ago") || has("previous");
            let ahead = has("later") || has("after") || has("hence") || (a > 0 && doc.norm(a - 1) == "in");
            if back || ahead {
                if let Some(v) = shift_value(doc, s, end, r, if back { -1 } else { 1 }) {
                    return (TimexType::Date, v);
                }
            }
        }
        // A point read as a length: "the past year" (DURATION) → P1Y.
        if t == TimexType::Duration && tt != TimexType::Duration {
            if let Some((k, u)) = unit_in {
                return (t, counted_period(doc, a, k, u));
            }
        }
        if t == TimexType::Set && tt != TimexType::Set {
            return (t, set_value(doc, a, e).unwrap_or(v));
        }
        // An uncounted length read as a point: "recent years", "the last
        // few months", "coming weeks".
        if t == TimexType::Date && tt == TimexType::Duration && v.contains('X') {
            let ahead = (a..e).any(|k| matches!(doc.norm(k), "coming" | "next" | "future" | "upcoming"));
            return (t, if ahead { "FUTURE_REF" } else { "PAST_REF" }.into());
        }
        // A clock time with its day: "10 p.m. Wednesday", "5 p.m. EST
        // Nov. 9" (the grammar read the clock against the reference day).
        if tt == TimexType::Time {
            if let Some((_, clock)) = v.split_once('T').filter(|(_, c)| c.contains(':')) {
                let day =
                    (a..e)
                        .filter(|k| *k < s || *k >= end)
                        .find_map(|k| match match_at(doc, k, sent_end, r, lean) {
                            Some((_, TimexType::Date, d)) if is_day(&d) => Some(d),
                            _ => None,
                        });
                if let Some(day) = day {
                    return (TimexType::Time, format!("{day}T{clock}"));
                }
            }
        }
        // A time of day with a day: "noon Thursday", "this morning",
        // "last night".
        if let Some(v) = time_of_day(doc, a, e, &v, r, lean) {
            return (TimexType::Time, v);
        }
        // A month outside the match narrows a year: "January this year",
        // "June last year".
        if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
            let month = (a..e).filter(|k| *k < s || *k >= end).find_map(|k| match word(doc, k) {
                Some(Word::Month(m)) if doc.tokens.get(k).is_some_and(|t| t.cap) => Some(m),
                _ => None,
            });
            if let Some(m) = month {
                return (TimexType::Date, format!("{v}-{m:02}"));
            }
        }
        return (tt, v);
    }
    // No grammar reading: "this morning", "the year", "the weekend" (this
    // one), vague words.
    if let Some(v) = r.and_then(|r| time_of_day(doc, a, e, &fmt_date(r), Some(r), lean)) {
        return (TimexType::Time, v);
    }
    if let Some((k, u)) = unit_in {
        if t == TimexType::Duration {
            return (t, counted_period(doc, a, k, u));
        }
        if t == TimexType::Set {
            return (t, period(1, u));
        }
        if let Some((_, tt, v)) = relative_unit(doc, k.saturating_sub(1), r) {
            if !doc.norm(k).ends_with('s') {
                // "the weekend" told on a weekday, not of the future, is
                // the one just gone.
                let weekday = r.is_some_and(|r| r.weekday().number_from_monday() < 6);
                if u == "WE" && doc.norm(k.wrapping_sub(1)) == "the" && lean != Lean::Future && weekday {
                    if let Some(v) = r.and_then(|r| shifted(r, "WE", -1)) {
                        return (tt, v);
                    }
                }
                return (tt, v);
            }
        }
    }
    for k in a..e {
        if let Some(Word::Vague(v) | Word::Ref(v)) = word(doc, k) {
            return (t, v.to_string());
        }
    }
    // The span's own words say which way before the verb's tense does:
    // "(fell in) the coming months", "months ago".
    let ahead = has("coming") || has("upcoming");
    let v = match t {
        TimexType::Duration => "PXY".to_string(),
        TimexType::Set => set_value(doc, a, e).unwrap_or_else(|| "XXXX".into()),
        _ if ahead => "FUTURE_REF".into(),
        _ if has("ago") => "PAST_REF".into(),
        _ => {
            if future {
                "FUTURE_REF".into()
            } else {
                "PAST_REF".into()
            }
        }
    };
    (t, v)
}

/// The unit of token `k`: "year", or the end of a compound ("two-year",
/// "third-quarter").
fn unit_of(doc: &Document, k: usize) -> Option<&'static str> {
    let w = doc.norm(k);
    let last = w.rsplit('-').next().unwrap_or(w);
    match words().get(last) {
        Some(Word::Unit(u)) => Some(u),
        _ => None,
    }
}

/// A hyphenated compound read whole: "two-year" / "10-hour" → P2Y / PT10H,
/// "mid-1996" → 1996, "mid-November" → 1989-11, "year-earlier" → 1988.
fn hyphenated(doc: &Document, k: usize, r: Option<NaiveDate>, lean: Lean) -> Option<(TimexType, String)> {
    let w = doc.norm(k);
    let (left, right) = w.split_once('-')?;
    let right_word = words().get(right).copied();
    let left_word = words().get(left).copied();
    match (left, left_word, right_word) {
        ("mid" | "early" | "late", _, Some(Word::Month(m))) => {
            let y = r.map(|r| year_of(r, m, None, lean));
            Some((
                TimexType::Date,
                y.map_or(format!("XXXX-{m:02}"), |y| format!("{y:04}-{m:02}")),
            ))
        }
        ("mid" | "early" | "late", _, _) if right.len() == 4 && right.bytes().all(|b| b.is_ascii_digit()) => {
            Some((TimexType::Date, right.to_string()))
        }
        ("year", _, _) if matches!(right, "earlier" | "ago") => {
            Some((TimexType::Date, format!("{:04}", r?.year() - 1)))
        }
        // "third-quarter (loss)": this year's, unless it has not begun yet.
        (_, Some(Word::Ordinal(q)), Some(Word::Unit("Q"))) if (1..=4).contains(&q) => {
            let v = r.map_or(format!("XXXX-Q{q}"), |r| {
                let y = if q > r.month0() / 3 + 1 { r.year() - 1 } else { r.year() };
                format!("{y:04}-Q{q}")
            });
            Some((TimexType::Date, v))
        }
        (_, Some(Word::Number(n)), Some(Word::Unit(u))) => Some((TimexType::Duration, period_opt(n, u))),
        (_, None, Some(Word::Unit(u))) => {
            let n: u32 = left.parse().ok()?;
            Some((TimexType::Duration, period(n, u)))
        }
        _ => None,
    }
}

/// Is the sentence of token `k` (or one of the three before) about a company's
/// quarter? Then "a year ago" means the same quarter a year back.
fn quarter_context(doc: &Document, k: usize) -> bool {
    let Some(si) = doc.sentences.iter().position(|s| s.tokens.contains(&k)) else {
        return false;
    };
    let from = doc.sentences.get(si.saturating_sub(3)).map_or(k, |s| s.tokens.start);
    let to = doc.sentences.get(si).map_or(k, |s| s.tokens.end);
    (from..to).any(|j| {
        let w = doc.norm(j);
        w == "quarter" || w.ends_with("-quarter") || w == "quarterly"
    })
}

/// The last quarter reported by the reference date (the one that ended
/// before it), `years` back.
fn reported_quarter(r: Option<NaiveDate>, years: i32) -> Option<String> {
    let last = r? - Duration::days(45);
    Some(format!("{:04}-Q{}", last.year() - years, last.month0() / 3 + 1))
}

/// A time of day inside tokens `a..e` joined to the day `date` ("noon
/// Thursday" → 1998-02-12T12:00, "this morning" → …TMO, "last night" →
/// the day before at night). `None` without a time-of-day word, or when
/// `date` is not a calendar day.
fn time_of_day(doc: &Document, a: usize, e: usize, date: &str, r: Option<NaiveDate>, lean: Lean) -> Option<String> {
    // "afternoon", "mid-afternoon", "late-night"
    let part = (a..e).find_map(|k| {
        let w = doc.norm(k);
        match words().get(w.rsplit('-').next().unwrap_or(w)) {
            Some(Word::Part(p)) => Some(*p),
            _ => None,
        }
    })?;
    // A clock time already read wins over a vaguer part of the day.
    if date.contains('T') {
        return None;
    }
    let mut day = if is_day(date) {
        date.to_string()
    } else {
        return None;
    };
    // The day may come from a weekday or a date elsewhere in the span.
    for k in a..e {
        if let (Some(Word::Weekday(wd)), Some(r)) = (word(doc, k), r) {
            day = fmt_date(weekday_near(r, wd, lean == Lean::Future));
        }
    }
    if (a..e).any(|k| doc.norm(k) == "last") && part == "NI" {
        if let Some(d) = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.pred_opt())
        {
            day = fmt_date(d);
        }
    }
    Some(format!("{day}T{part}"))
}

/// "each Thursday" → XXXX-WXX-4, "every July" → XXXX-07, "a year" → P1Y.
fn set_value(doc: &Document, a: usize, e: usize) -> Option<String> {
    (a..e).find_map(|k| match word(doc, k) {
        Some(Word::Weekday(wd)) => Some(format!("XXXX-WXX-{wd}")),
        Some(Word::Month(m)) => Some(format!("XXXX-{m:02}")),
        Some(Word::Season(se)) => Some(format!("XXXX-{se}")),
        Some(Word::Unit(u)) => Some(period(1, u)),
        Some(Word::Set(v)) => Some(v.to_string()),
        _ => None,
    })
}

/// A quarter: "the third quarter" of the reference year (or of a year
/// named inside); "the quarter" with no ordinal is the last one reported,
/// the quarter that ended before the reference date.
fn quarter(doc: &Document, a: usize, e: usize, r: Option<NaiveDate>) -> Option<String> {
    let year = year_in(doc, a, e, r);
    let ord = (a..e).find_map(|k| {
        let w = doc.norm(k);
        match words().get(w.split('-').next().unwrap_or(w)) {
            Some(Word::Ordinal(n)) if (1..=4).contains(n) => Some(*n),
            _ => None,
        }
    });
    let shift = if (a..e).any(|k| matches!(doc.norm(k), "year-ago" | "year-earlier")) || {
        (a..e).any(|k| doc.norm(k) == "year") && (a..e).any(|k| matches!(doc.norm(k), "ago" | "earlier"))
    } {
        1
    } else {
        0
    };
    match (ord, r) {
        (Some(q), _) => {
            let y = year.or_else(|| r.map(|r| r.year()))?;
            Some(format!("{:04}-Q{q}", y - shift))
        }
        // "the current quarter", "next quarter"
        (None, Some(r)) if (a..e).any(|k| matches!(doc.norm(k), "current" | "this" | "next" | "coming")) => {
            let ahead = (a..e).any(|k| matches!(doc.norm(k), "next" | "coming"));
            shifted(r, "Q", ahead as i64)
        }
        (None, Some(r)) => {
            let last = r - Duration::days(45);
            let y = year.unwrap_or(last.year()) - shift;
            Some(format!("{:04}-Q{}", y, last.month0() / 3 + 1))
        }
        (None, None) => None,
    }
}

/// The year a part of a year belongs to, named inside tokens `a..e`: "1989",
/// "this year's", "next year's", "of last year".
fn year_in(doc: &Document, a: usize, e: usize, r: Option<NaiveDate>) -> Option<i32> {
    if let Some(y) = (a..e).find_map(|k| num(doc, k).filter(|y| (1900..=2100).contains(y)).map(|y| y as i32)) {
        return Some(y);
    }
    let k =
        (a..e).find(|&k| doc.norm(k) == "year" && (doc.norm(k + 1) == "'s" || doc.norm(k.wrapping_sub(2)) == "of"))?;
    let shift = match doc.norm(k.wrapping_sub(1)) {
        "last" | "previous" => -1,
        "next" | "coming" => 1,
        "this" | "current" | "the" => 0,
        _ => return None,
    };
    Some(r?.year() + shift)
}

/// "the first half of 1989" → 1989-H1, "the last half of the year" →
/// H2; "the last half of the '80s" is the decade.
fn half_year(doc: &Document, a: usize, e: usize, r: Option<NaiveDate>) -> Option<String> {
    let k = (a..e).find(|&k| doc.norm(k) == "half")?;
    let h = match doc.norm(k.checked_sub(1)?) {
        "first" | "early" => 1,
        "second" | "last" | "latter" | "back" => 2,
        _ => return None,
    };
    if let Some(dec) = (k..e).find_map(|j| year_at(doc, j).map(|m| m.2).filter(|v| v.len() == 3)) {
        return Some(dec);
    }
    let y = year_in(doc, a, e, r).or_else(|| r.map(|r| r.year()))?;
    Some(format!("{y:04}-H{h}"))
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

/// A count from token `i`, in digits ("24") or words ("twenty", "twenty
/// four", "twenty-four", "two thousand"): (value, end token). Vague counts
/// ("several") are not counts.
fn count_at(doc: &Document, i: usize) -> Option<(u32, usize)> {
    if let Some(n) = num(doc, i) {
        return Some((n, i + 1));
    }
    let spelled = |w: &str| match words().get(w) {
        Some(Word::Number(Some(n))) => Some(*n),
        _ => None,
    };
    let w = doc.norm(i);
    // "twenty-four"
    let (mut n, mut e) = match w.split_once('-') {
        Some((t, u)) => match (spelled(t), spelled(u)) {
            (Some(t), Some(u)) if t >= 20 && t % 10 == 0 && u < 10 => (t + u, i + 1),
            _ => return None,
        },
        None => (spelled(w)?, i + 1),
    };
    // "twenty four"
    if (20..100).contains(&n) && n % 10 == 0 {
        if let Some(u) = spelled(doc.norm(e)).filter(|u| *u < 10) {
            n += u;
            e += 1;
        }
    }
    // "two hundred", "two thousand"
    if n < 100 {
        if let Some(m @ (100 | 1000)) = spelled(doc.norm(e)) {
            n *= m;
            e += 1;
        }
    }
    Some((n, e))
}

/// A year from token `i`: four digits, or words ("nineteen ninety-six",
/// "two thousand"): (year, end token).
fn year_num(doc: &Document, i: usize) -> Option<(i32, usize)> {
    if let Some(y) = num(doc, i).filter(|y| (1000..=2999).contains(y)) {
        return (doc.token_text(i).len() == 4).then_some((y as i32, i + 1));
    }
    if doc.tokens.get(i)?.kind == TokenKind::Number {
        return None;
    }
    // "nineteen ninety-six", "nineteen hundred"
    if let Some(Word::Number(Some(c @ 10..=20))) = word(doc, i) {
        if doc.norm(i + 1) == "hundred" {
            return Some((c as i32 * 100, i + 2));
        }
        if doc.tokens.get(i + 1).is_some_and(|t| t.kind == TokenKind::Word) {
            if let Some((n, e)) = count_at(doc, i + 1).filter(|(n, _)| (10..100).contains(n)) {
                return Some((c as i32 * 100 + n as i32, e));
            }
        }
        return None;
    }
    // "two thousand (and) one"
    let (n, mut e) = count_at(doc, i).filter(|&(n, e)| n == 2000 && e == i + 2)?;
    let mut y = n as i32;
    let and = doc.norm(e) == "and";
    if let Some((k, e2)) = count_at(doc, e + and as usize).filter(|(k, _)| *k < 100) {
        y += k as i32;
        e = e2;
    }
    Some((y, e))
}

/// An ordinal at token `i`: "third", "20th".
fn ordinal_at(doc: &Document, i: usize) -> Option<u32> {
    if let Some(Word::Ordinal(n)) = word(doc, i) {
        return Some(n);
    }
    let t = doc.token_text(i);
    let digits = t
        .strip_suffix("th")
        .or_else(|| t.strip_suffix("st"))
        .or_else(|| t.strip_suffix("nd"))
        .or_else(|| t.strip_suffix("rd"))?;
    digits.parse().ok()
}

/// The date of a holiday in year `y`: its lexicon value is "MM-DD", or
/// "MM/N/d" for the Nth weekday d (1 = Monday) of the month.
fn holiday_in(spec: &str, y: i32) -> Option<NaiveDate> {
    let mut nth = spec.split('/');
    if let (Some(m), Some(n), Some(d)) = (nth.next(), nth.next(), nth.next()) {
        let wd = Weekday::try_from(d.parse::<u8>().ok()?.checked_sub(1)?).ok()?;
        return NaiveDate::from_weekday_of_month_opt(y, m.parse().ok()?, wd, n.parse().ok()?);
    }
    let (m, d) = spec.split_once('-')?;
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
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
    lean: Lean,
) -> Option<(usize, TimexType, String)> {
    let future = lean == Lean::Future;
    let n = doc.norm(i);
    let tok = doc.tokens[i];
    // Compounds: "two-year", "third-quarter", "mid-1996".
    if n.contains('-') {
        if let Some((t, v)) = hyphenated(doc, i, r, lean) {
            return Some((i + 1, t, v));
        }
    }
    let text = doc.slice(tok.span);

    // ISO date "2023-05-13".
    if tok.kind == TokenKind::Number && is_day(text) {
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
                    _ => (r.map(|r| year_of(r, m, Some(d), lean)), i + 2),
                };
                let value = year
                    .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
                    .map_or(format!("XXXX-{m:02}-{d:02}"), fmt_date);
                return Some((e, TimexType::Date, value));
            }
        }
    }
    // "the 20th century", "the eleventh century" → 19, 10.
    if doc.norm(i + 1) == "century" {
        if let Some(c) = ordinal_at(doc, i).filter(|c| (1..=30).contains(c)) {
            return Some((i + 2, TimexType::Date, format!("{:02}", c - 1)));
        }
    }
    let w = word(doc, i);
    // A year in words: "nineteen ninety-six", "the year two thousand".
    if matches!(w, Some(Word::Number(Some(_)))) && tok.kind == TokenKind::Word {
        if let Some((y, e)) = year_num(doc, i) {
            return Some((e, TimexType::Date, format!("{y:04}")));
        }
    }
    match w {
        // "the nineties", "the early eighties".
        Some(Word::Decade(d)) if matches!(doc.norm(i.wrapping_sub(1)), "the" | "early" | "mid" | "late") => {
            return Some((i + 1, TimexType::Date, format!("19{d}")));
        }
        // "Thanksgiving", "Christmas (Day)": the nearest one on the side
        // the sentence leans to.
        Some(Word::Holiday(spec)) if tok.cap => {
            let e = if doc.norm(i + 1) == "day" { i + 2 } else { i + 1 };
            let value = r
                .and_then(|r| {
                    let this = holiday_in(spec, r.year())?;
                    let y = match lean {
                        Lean::Future if this < r => r.year() + 1,
                        Lean::Past | Lean::Near if this > r => r.year() - 1,
                        _ => r.year(),
                    };
                    holiday_in(spec, y).map(fmt_date)
                })
                .unwrap_or_else(|| format!("XXXX-{}", spec.split('/').next().unwrap_or(spec)));
            return Some((e, TimexType::Date, value));
        }
        // "the winter of 1994", "summer".
        Some(Word::Season(se))
            if matches!(
                doc.norm(i.wrapping_sub(1)),
                "the" | "in" | "during" | "since" | "until" | "by" | "early" | "late" | "mid" | "this"
            ) && (n != "fall" || matches!(doc.norm(i.wrapping_sub(1)), "the" | "this" | "early" | "late")) =>
        {
            if doc.norm(i + 1) == "of" {
                if let Some((y, e)) = year_num(doc, i + 2) {
                    return Some((e, TimexType::Date, format!("{y:04}-{se}")));
                }
            }
            let r = r?;
            let start = season_start(se);
            let y = match lean {
                Lean::Future if start + 2 < r.month() => r.year() + 1,
                Lean::Past if start > r.month() => r.year() - 1,
                _ => r.year(),
            };
            return Some((i + 1, TimexType::Date, format!("{y:04}-{se}")));
        }
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
                let year = year.or_else(|| r.map(|r| year_of(r, m, Some(d), lean)));
                let value = year
                    .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
                    .map_or(format!("XXXX-{m:02}-{d:02}"), fmt_date);
                return Some((e2, TimexType::Date, value));
            }
            let of = doc.token_text(i + 1) == "of";
            if let Some((y, e)) = year_num(doc, i + 1 + of as usize) {
                return Some((e, TimexType::Date, format!("{y:04}-{m:02}")));
            }
            let value = r.map_or(format!("XXXX-{m:02}"), |r| {
                format!("{:04}-{m:02}", year_of(r, m, None, lean))
            });
            return Some((i + 1, TimexType::Date, value));
        }
        Some(Word::Weekday(wd)) if tok.cap => {
            let value = r.map_or("XXXX-WXX-".to_string() + &wd.to_string(), |r| {
                // "next Friday" on a Friday is a week on; "Friday" in the
                // future on a Friday is that day.
                let next = doc.norm(i.wrapping_sub(1)) == "next";
                let same_day = r.weekday().number_from_monday() == wd;
                let extra = if next && same_day { 7 } else { 0 };
                fmt_date(weekday_near(r, wd, future || next) + Duration::days(extra))
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
            if let Some(m) = relative_unit(doc, i, r) {
                return Some(m);
            }
        }
        "earlier" | "later" | "early" | "late" => {
            if matches!(doc.norm(i + 1), "this" | "last" | "next") {
                if let Some((e, t, v)) = relative_unit(doc, i + 1, r) {
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
    // (A hyphenated count: "twenty-four".)
    if matches!(w, Some(Word::Number(_))) || num(doc, i).is_some() || (n.contains('-') && count_at(doc, i).is_some()) {
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

/// The first month of a season ("WI" begins in December).
fn season_start(se: &str) -> u32 {
    match se {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    }
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
    // "the '80s" (the apostrophe is a token of its own)
    let apostrophe =
        i > 0 && matches!(doc.token_text(i - 1), "'" | "’") && doc.tokens.get(i).is_some_and(|t| !t.space_before);
    if let Some(d) = text.strip_suffix('s').filter(|_| apostrophe) {
        if d.len() == 2 && d.ends_with('0') && d.chars().all(|c| c.is_ascii_digit()) {
            return Some((i + 1, TimexType::Date, format!("19{}", &d[..1])));
        }
    }
    let y: u32 = text.parse().ok()?;
    if !(1600..=2100).contains(&y) || text.len() != 4 {
        return None;
    }
    let prev = if i > 0 { doc.norm(i - 1) } else { "" };
    let next = doc.norm(i + 1);
    // A year modifying a noun after a determiner: "the 1996 Olympic
    // bombing", "its 1990 invasion", "Anheuser's 1989 results".
    let modifier = (1900..=2100).contains(&y)
        && matches!(
            prev,
            "the" | "a" | "its" | "his" | "her" | "their" | "our" | "'s" | "’s" | "that" | "this"
        )
        && doc.tokens.get(i + 1).is_some_and(|t| t.kind == TokenKind::Word)
        && !matches!(next, "percent" | "people" | "of" | "to" | "and" | "or");
    let framed = modifier
        || matches!(
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
        )
        || matches!(
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

/// "N unit(s)" starting at `i` → (end, TIMEX3 period): "three years",
/// "twenty four hours", "20 more years", "eight trading days", "2 1/2
/// years", "a minute and a half".
fn quantity(doc: &Document, i: usize) -> Option<(usize, String)> {
    // "a few", "a couple of"
    if matches!(doc.norm(i), "a" | "an")
        && matches!(word(doc, i + 1), Some(Word::Number(_)))
        && matches!(doc.norm(i + 1), "few" | "couple")
    {
        let n2 = if doc.norm(i + 1) == "couple" { Some(2) } else { None };
        let mut e = i + 2;
        if doc.norm(e) == "of" {
            e += 1;
        }
        return match word(doc, e) {
            Some(Word::Unit(u)) => Some((e + 1, period_opt(n2, u))),
            _ => None,
        };
    }
    let (n, mut e) = count_or_vague(doc, i).unwrap_or((None, i + 1));
    let and_a_half =
        |k: usize| doc.norm(k) == "and" && matches!(doc.norm(k + 1), "a" | "one") && doc.norm(k + 2) == "half";
    let mut half = false;
    if matches!(doc.token_text(e), "1/2" | "½") {
        half = true;
        e += 1;
    } else if and_a_half(e) {
        half = true;
        e += 3;
    }
    if doc.token_text(e) == "-" {
        e += 1;
    }
    // "20 more years", "eight trading days"
    if matches!(
        doc.norm(e),
        "more"
            | "additional"
            | "extra"
            | "straight"
            | "consecutive"
            | "full"
            | "trading"
            | "business"
            | "working"
            | "calendar"
    ) {
        e += 1;
    }
    let Some(Word::Unit(u)) = word(doc, e) else {
        return None;
    };
    e += 1;
    if !half && and_a_half(e) {
        half = true;
        e += 3;
    }
    let value = match (n, half) {
        (Some(n), true) => period_and_half(n, u).unwrap_or_else(|| period(n, u)),
        _ => period_opt(n, u),
    };
    Some((e, value))
}

/// A count at token `i` and the token after it: exact ("two", "24",
/// "twenty four") or vague ("few", "several": `None`); `None` when no count
/// starts there.
fn count_or_vague(doc: &Document, i: usize) -> Option<(Option<u32>, usize)> {
    match count_at(doc, i) {
        Some((n, e)) => Some((Some(n), e)),
        None => match word(doc, i) {
            Some(Word::Number(n)) => Some((n, i + 1)),
            _ => None,
        },
    }
}

/// "N and a half units": the half written in the next smaller unit.
fn period_and_half(n: u32, unit: &str) -> Option<String> {
    Some(match unit {
        "Y" => format!("P{n}Y6M"),
        "D" => format!("P{n}DT12H"),
        "H" => format!("PT{n}H30M"),
        "MIN" => format!("PT{n}M30S"),
        "DE" => format!("P{}Y", n * 10 + 5),
        "CE" => format!("P{}Y", n * 100 + 50),
        _ => return None,
    })
}

fn period(n: u32, unit: &str) -> String {
    period_opt(Some(n), unit)
}

fn period_opt(n: Option<u32>, unit: &str) -> String {
    let n = n.map_or("X".to_string(), |n| n.to_string());
    match unit {
        "H" | "MIN" => format!("PT{n}{}", if unit == "MIN" { "M" } else { "H" }),
        // TimeBank writes decades and centuries in years: "two decades" → P20Y.
        "DE" | "CE" => match n.parse::<u32>() {
            Ok(k) => format!("P{}Y", k * if unit == "DE" { 10 } else { 100 }),
            Err(_) => format!("PX{unit}"),
        },
        "WE" => format!("P{n}WE"),
        u => format!("P{n}{u}"),
    }
}

/// Value of "N units ago".
fn ago(doc: &Document, i: usize, e: usize, r: Option<NaiveDate>) -> String {
    shift_value(doc, i, e, r, -1).unwrap_or_else(|| "PAST_REF".into())
}

/// The point `N units` (tokens `i..e`) before (`sign` −1) or after (+1) the
/// reference date, at the unit's granularity: "two weeks ago" is a week,
/// "a year earlier" a year. `None` when the count or unit is not exact.
fn shift_value(doc: &Document, i: usize, e: usize, r: Option<NaiveDate>, sign: i64) -> Option<String> {
    let r = r?;
    let n = count_or_vague(doc, i).and_then(|(n, _)| n);
    let unit = (i..e).rev().find_map(|k| match word(doc, k) {
        Some(Word::Unit(u)) => Some(u),
        _ => None,
    })?;
    // "a few years ago" has no count.
    if matches!(doc.norm(i + 1), "few" | "couple" | "several") || matches!(doc.norm(i), "few" | "several" | "many") {
        return None;
    }
    shifted(r, unit, n? as i64 * sign)
}

/// The reference date moved by `n` units, at the unit's granularity:
/// days → a date, weeks → an ISO week, weekends, months, quarters, years,
/// decades.
fn shifted(r: NaiveDate, unit: &str, n: i64) -> Option<String> {
    Some(match unit {
        "D" => fmt_date(r + Duration::days(n)),
        "W" => week(r + Duration::weeks(n)),
        "WE" => format!("{}-WE", week(r + Duration::weeks(n))),
        "M" => {
            let total = r.year() as i64 * 12 + r.month0() as i64 + n;
            format!("{:04}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
        }
        "Q" => {
            let q = (r.month0() / 3) as i64 + n;
            format!("{:04}-Q{}", r.year() as i64 + q.div_euclid(4), q.rem_euclid(4) + 1)
        }
        "Y" => format!("{:04}", r.year() as i64 + n),
        "DE" => format!("{:03}", (r.year() as i64 + 10 * n) / 10),
        _ => return None,
    })
}

/// "last month", "this year", "next week", "(earlier) this year": the
/// deictic word is token `d`, the unit follows it.
fn relative_unit(doc: &Document, d: usize, r: Option<NaiveDate>) -> Option<(usize, TimexType, String)> {
    let deixis = doc.norm(d);
    let unit_i = d + 1;
    let Some(Word::Unit(unit)) = word(doc, unit_i) else {
        // "last Saturday", "this spring"
        return match word(doc, unit_i) {
            Some(Word::Weekday(wd)) => {
                let r = r?;
                // "this coming Sunday" looks ahead as "next Sunday" does
                // (TimeBank + AQUAINT value: one more right).
                let ahead = matches!(deixis, "next" | "coming");
                let mut v = weekday_near(r, wd, ahead);
                if deixis == "next" && v == r {
                    v += Duration::days(7);
                }
                let v = if deixis == "last" && v == r {
                    r - Duration::days(7)
                } else {
                    v
                };
                Some((unit_i + 1, TimexType::Date, fmt_date(v)))
            }
            // "last June" is the latest June before this month, "next
            // summer" the first one to begin after it.
            Some(Word::Season(s)) => {
                let start = season_start(s);
                let y = deictic_year(deixis, r?, start, start + 2);
                Some((unit_i + 1, TimexType::Date, format!("{y:04}-{s}")))
            }
            Some(Word::Month(m)) => {
                let y = deictic_year(deixis, r?, m, m);
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
    let value = shifted(r, unit, shift)?;
    Some((unit_i + 1, TimexType::Date, value))
}

/// A value naming one day: "2023-05-13", or "XXXX-05-13" with no year.
fn is_day(v: &str) -> bool {
    v.len() == 10 && v.as_bytes().get(4) == Some(&b'-')
}

/// A value on the calendar, to the year, month or day: "2023",
/// "2023-05", "2023-05-13" (not a week, quarter, season or "PAST_REF").
fn is_calendar(v: &str) -> bool {
    matches!(v.len(), 4 | 7 | 10)
        && v.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The year of "last", "next" or "this" before a month or season running
/// from month `starts` to month `ends`: "last" is the latest one to have
/// ended before the reference month, "next" the first to begin after it.
fn deictic_year(deixis: &str, r: NaiveDate, starts: u32, ends: u32) -> i32 {
    match deixis {
        "last" | "past" | "previous" if ends < r.month() => r.year(),
        "last" | "past" | "previous" => r.year() - 1,
        "next" | "coming" if starts > r.month() => r.year(),
        "next" | "coming" => r.year() + 1,
        _ => r.year(),
    }
}

/// The year of a month (and day) with no year: the reference year, or the
/// year before (leaning to the past) or after (to the future) when the
/// date would lie on the other side of the reference date; leaning
/// nowhere, the nearer of the two.
fn year_of(r: NaiveDate, m: u32, d: Option<u32>, lean: Lean) -> i32 {
    // Days from the reference date to the date in the reference year (mid
    // month when no day is given).
    let day = d.unwrap_or(15).clamp(1, 28);
    let diff = NaiveDate::from_ymd_opt(r.year(), m, day).map_or(0, |x| (x - r).num_days());
    // A past-tense sentence may still name a date a few weeks on ("set
    // Nov. 10 as the deadline"); only a date well after it is last year's.
    match lean {
        Lean::Past if diff > 60 => r.year() - 1,
        Lean::Future if diff < -60 => r.year() + 1,
        Lean::Near if diff > 183 => r.year() - 1,
        Lean::Near if diff < -240 => r.year() + 1,
        _ => r.year(),
    }
}

/// The weekday `wd` (1 = Monday) nearest the reference date: on or before it,
/// or after it for the future.
fn weekday_near(r: NaiveDate, wd: u32, future: bool) -> NaiveDate {
    let target = Weekday::try_from((wd as u8).saturating_sub(1)).unwrap_or(Weekday::Mon);
    let cur = r.weekday().num_days_from_monday() as i64;
    let tgt = target.num_days_from_monday() as i64;
    if future {
        r + Duration::days((tgt - cur).rem_euclid(7))
    } else {
        r - Duration::days((cur - tgt).rem_euclid(7))
    }
}

pub mod learned;
pub mod setting;

#[cfg(test)]
mod tests;
