//! When and where each statement was made.
//!
//! News gives the setting of a speaker's words once and lets it carry:
//! "Qaani made the statements on Saturday during a ceremony … in Mashhad"
//! dates and places every later "he declared". So a statement's time and
//! place come, in order, from
//!
//! 1. its own sentence:
//!    - the time: the point in time nearest the cue ("*Last month*, an
//!      official stated that …"), but not one inside what a statement of
//!      the sentence says, unless in its own content before that content
//!      has a verb of its own ("exhorted the Muslim world *in April* to
//!      grab …": April dates the exhorting, not the grabbing); not one in a
//!      clause about someone ("Blanchett, who won a Bafta in 1999, said");
//!      not a year that names a thing ("the 2000 Olympics"); not a bound
//!      or comparison ("since 1970", "by 2008", "for 2005", "than in
//!      2004");
//!    - the place: a place introduced by "in" / "at" outside every
//!      statement's content (what anyone says happened in Europe does not
//!      place the saying there), outside a clause about where someone
//!      lives or works ("Mirza, who lives in … Hyderabad"), not the
//!      start of a longer name ("the San Francisco Chronicle"), and not a
//!      place that modifies a noun other than a venue ("in the US economy",
//!      "at US phone firm MCI", "in a Bollywood style"; but "at a London
//!      press conference", `resources/venues.txt`), nor one that ends a
//!      description of someone's role ("managing director of T-Mobile in
//!      the UK");
//!
//!    Each exclusion was read on BBC output (2026-12-06): another
//!    statement's content, 231 of 19,261 statements changed time, 11 of 14
//!    read had been wrong; clauses about someone and named things, 203 of
//!    848 times went, 19 of 20 read wrong; bounds, 98 of 645, 20 of 20
//!    wrong; places, 256 of 1,468 went, 18 of 20 wrong; places modifying
//!    a noun, 54 of 1,203 went (24 distinct mentions, 22 wrong by reading;
//!    lost: "Andrew in Derby complains", the verb tagged a noun); places
//!    in a role, 83 statements from 18 mentions, all wrong by reading.
//!    Nor a time or place that stands apart from the saying: before a content
//!    that precedes its cue, after a content that follows it, in another
//!    clause before the speaker ("…, and ministers suggest", "…, when
//!    they decided"), an employer after the speaker
//!    (`stands_for_the_saying`): 115 of 433 BBC statement places went
//!    (2026-12-06, eighth session), 18 of 25 read had been wrong, and of
//!    the 28 the "and" alone took, 27; for times (a time right after a
//!    content keeps its place, "when" after a time introduces the saying's
//!    clause: "lost a case in October 2002 when a judge said"), 69 of 256
//!    BBC statement times went, 28 of 30 read had been wrong.
//! 2. its speaker's *anchor* sentences, nearest first: sentences that
//!    mention the same entity and either carry one of its statements or
//!    speak of a public act ("statements", "speech", "told", from
//!    `resources/speech_events.txt`); a bare year there does not carry
//!    over ("In 1995 Mr Negroponte published …": 206 BBC statement times
//!    went, 15 of 15 read wrong; 2026-12-06, sixth session), nor a point
//!    written with a year other than the article's ("In December 2002,
//!    Apple sued …": 80 more, from 24 sentences, all history by reading),
//!    but a month or a finer point written without one does ("in April");
//!    a place carries only where a word of speaking comes shortly before
//!    it ("told an investors' conference in Kiev", "In a speech in
//!    Northamptonshire") or it sets the scene of a sentence opening with
//!    "At" — not "MP for Wantage in Oxfordshire", "In the UK, more
//!    licences were refused", "sailed across the lake in Bromsgrove": of
//!    611 BBC statements placed through their speaker, 265 lose that
//!    place (13 of 14 read had been wrong) and 11 of 14 read of those
//!    kept are right (2026-12-06, seventh session);
//! 3. the dateline, marked `"source": "dateline"`; for the time, the
//!    publication date given with the input when the dateline has none
//!    (`"source": "published"`, no span).
//!
//! Only points in time count (DATE or TIME with a calendar value), not
//! lengths, sets or "PAST_REF".

use crate::backbone::annotate::xpos;
use crate::document::{Document, EntityType, Setting, SettingSource, Span, Statement, TokenKind};
use crate::lexicon;

/// A time or place found in a sentence: value or name, span.
type Found = Option<(String, Span)>;

pub fn attach(doc: &mut Document) {
    let n = doc.statements.len();
    // What any statement says is not where it was said: a place inside a
    // content ("… isolated and weak in Europe," said Straw, urging a "yes"
    // vote) places neither that statement nor the others of its sentence.
    let all_content: Vec<Span> = doc.statements.iter().flat_map(|s| s.content.iter().copied()).collect();
    let mut own: Vec<(Found, Found)> = Vec::with_capacity(n);
    let mut sent_of: Vec<Option<usize>> = Vec::with_capacity(n);
    for st in &doc.statements {
        let at = st.cue.or(st.speaker).or(st.content.first().copied());
        let si = at.and_then(|s| doc.sentence_at(s.start));
        sent_of.push(si);
        // What another statement of the sentence says is not when this one
        // was said: "called the strike regrettable and said the city had
        // offered a raise in October" was not called in October.
        let others: Vec<Span> = all_content
            .iter()
            .filter(|c| !st.content.contains(c))
            .copied()
            .collect();
        own.push(match si {
            Some(si) => (
                time_in(doc, si, &st.content, &others, st.cue, |t| {
                    !apart_from_the_saying(doc, st, t, Aspect::Time)
                }),
                place_in(doc, si, &all_content, |place| stands_for_the_saying(doc, st, place)),
            ),
            None => (None, None),
        });
    }
    // Anchor sentences of each speaker entity, with what they carry.
    let entity_of = |k: usize| -> Option<usize> {
        let st = doc.statements.get(k)?;
        doc.mentions.get(st.speaker_mention?)?.entity
    };
    let events = lexicon::speech_events();
    let mut anchors: Vec<(usize, usize, Found, Found)> = Vec::new(); // (entity, sentence, time, place)
    for (k, (t, p)) in own.iter().enumerate() {
        if let (Some(e), Some(si)) = (entity_of(k), sent_of[k]) {
            anchors.push((e, si, t.clone(), p.clone()));
        }
    }
    for m in &doc.mentions {
        let (Some(e), Some(si)) = (m.entity, doc.sentence_at(m.span.start)) else {
            continue;
        };
        // Places in an event sentence say where, not who.
        if doc.entities.get(e).is_none_or(|x| x.etype == EntityType::Place) {
            continue;
        }
        if all_content.iter().any(|c| c.contains(m.span)) || anchors.iter().any(|a| a.0 == e && a.1 == si) {
            continue;
        }
        let Some(s) = doc.sentences.get(si) else { continue };
        if !s.tokens.clone().any(|i| events.contains(doc.norm(i))) {
            continue;
        }
        let t = time_in(doc, si, &all_content, &[], None, |_| true);
        let p = place_in(doc, si, &all_content, |_| true);
        if t.is_some() || p.is_some() {
            anchors.push((e, si, t, p));
        }
    }
    // For want of anything closer: the dateline's date, else the date the
    // article was published (given with the input; no span in the text).
    let dateline_time = doc
        .dateline
        .as_ref()
        .and_then(|d| Some((d.date?.iso(), Some(d.date_span?), SettingSource::Dateline)))
        .or_else(|| {
            doc.date
                .map(|d| (d.format("%Y-%m-%d").to_string(), None, SettingSource::Published))
        });
    let dateline_place = doc
        .dateline
        .as_ref()
        .and_then(|d| Some((d.place.clone()?, Some(d.place_span?), SettingSource::Dateline)));
    // A bare year in another sentence about the speaker is background
    // ("In 1995 Mr Negroponte published …", "since Labour won power in
    // 1997"), not when their words here were said: only a month or a finer
    // point carries over ("Khamenei … in April"), and one written with its
    // year only when that is the article's year ("In December 2002, Apple
    // sued …" is history in an article of 2005, or of unknown date).
    let this_year = doc.reference_date().map(|d| d.format("%Y").to_string());
    let carries = |t: &Found| {
        t.as_ref().is_some_and(|(v, span)| {
            let written_year = doc
                .slice(*span)
                .split(|c: char| !c.is_ascii_digit())
                .any(|w| w.len() == 4);
            v.len() > 4 && (!written_year || this_year.as_deref() == v.get(..4))
        })
    };
    let nearest = |e: usize, si: usize, want_time: bool| -> Found {
        anchors
            .iter()
            .filter(|a| {
                a.0 == e
                    && if want_time {
                        carries(&a.2)
                    } else {
                        a.3.as_ref().is_some_and(|(_, span)| where_words_were_said(doc, *span))
                    }
            })
            .min_by_key(|a| (a.1.abs_diff(si), a.1 > si))
            .and_then(|a| if want_time { a.2.clone() } else { a.3.clone() })
    };
    let settings = (0..n)
        .map(|k| {
            let (t, p) = own[k].clone();
            let from_speaker = |want_time| {
                entity_of(k)
                    .zip(sent_of[k])
                    .and_then(|(e, si)| nearest(e, si, want_time))
            };
            let pick = |own: Found, want_time: bool, fallback: &Option<(String, Option<Span>, SettingSource)>| {
                own.map(|(v, s)| (v, Some(s), SettingSource::Sentence))
                    .or_else(|| from_speaker(want_time).map(|(v, s)| (v, Some(s), SettingSource::Speaker)))
                    .or_else(|| fallback.clone())
            };
            Setting {
                time: pick(t, true, &dateline_time),
                place: pick(p, false, &dateline_place),
            }
        })
        .collect();
    doc.settings = settings;
}

/// The locative word that introduces a place name starting at token `a`
/// ("in", "at", …), at most eight words before it in its sentence (which
/// starts at `start`), with only possessives, adjectives, nouns and "of"
/// between ("in Iran's northern holy city of Mashhad"): no comma, verb or
/// other preposition.
fn locative_word(doc: &Document, start: usize, a: usize) -> Option<usize> {
    for k in (a.saturating_sub(8).max(start)..a).rev() {
        let w = doc.norm(k);
        if matches!(w, "in" | "at" | "near" | "outside" | "inside") {
            return Some(k);
        }
        let tag = xpos(doc, k);
        if w == "," || tag.starts_with("VB") || (tag == "IN" && w != "of") {
            return None;
        }
    }
    None
}

/// Does the place at `span` say where someone spoke, so that it can carry
/// to their other statements? A word of a public act of speaking
/// (`resources/speech_events.txt`: "told an investors' conference in
/// Kiev", "In a speech in Northamptonshire") shortly before the locative
/// word that introduces it, or a sentence that opens with "At" and sets
/// the scene ("At the ferry terminal in Harwick, the mayor said …").
/// Other places in a sentence about the speaker say where they work, live
/// or once were ("MP for Wantage in Oxfordshire", "In the UK, more
/// licences were refused"), not where these words were said.
fn where_words_were_said(doc: &Document, span: Span) -> bool {
    let Some(first) = doc.tokens.iter().position(|t| t.span.start >= span.start) else {
        return false;
    };
    let start = doc
        .sentence_at(span.start)
        .and_then(|s| doc.sentences.get(s))
        .map_or(0, |s| s.tokens.start);
    let prep = locative_word(doc, start, first).unwrap_or(first);
    // "In …" opening a sentence is more often a topic than a scene.
    let opening_at = doc.norm(start) == "at" && (start..first).all(|k| doc.norm(k) != ",");
    let events = lexicon::speech_events();
    opening_at || (prep.saturating_sub(8).max(start)..prep).any(|k| events.contains(doc.norm(k)))
}

/// Does a place of a statement's own sentence say where that statement was
/// made, judged by where it stands against the statement's parts? Yes
/// where a word of speaking introduces it (`where_words_were_said`); not
/// where it stands apart from the saying (`apart_from_the_saying`: "In
/// the UK, more licences were refused …, he said", "won gold in Athens,
/// an achievement which saw …"), nor in an apposition after the speaker
/// introduced by "at": "said Ian Gunner, a trader at Mellon Financial"
/// (where he works).
fn stands_for_the_saying(doc: &Document, st: &Statement, place: Span) -> bool {
    if where_words_were_said(doc, place) {
        return true;
    }
    if apart_from_the_saying(doc, st, place, Aspect::Place) {
        return false;
    }
    // An employer, not a place: "said Ian Gunner, a trader at Mellon
    // Financial" (but "an analyst at Renaissance Capital in Moscow" says
    // where the speaker is).
    if let Some(sp) = st.speaker.filter(|sp| sp.end <= place.start) {
        let mut between = doc.token_at_or_after(sp.end)..doc.token_at_or_after(place.start);
        let comma = between.next().is_some_and(|k| doc.norm(k) == ",");
        let at = between
            .clone()
            .rev()
            .find(|&k| doc.is_word(k) && xpos(doc, k) == "IN")
            .is_some_and(|k| doc.norm(k) == "at");
        if comma && at && !between.any(|k| xpos(doc, k).starts_with("VB") || xpos(doc, k) == "MD") {
            return false;
        }
    }
    true
}

#[derive(Clone, Copy)]
enum Aspect {
    Time,
    Place,
}

/// Does a time or place outside a statement's content stand apart from
/// its saying? It does
/// - before a content that comes before its cue: "In the UK, more
///   licences were refused …, he said", "Huge changes are afoot in 2005,
///   he predicted" — it is part of what was said;
/// - after a content that follows its cue (a time: more than three words
///   after it): "think Motorola may save the launch for CTIA, a wireless
///   show in America" ("said the plan was sound on Monday" keeps its
///   Monday);
/// - before the speaker and cue, in another clause: "won gold in Athens,
///   an achievement which saw …", "ruled in 2003 …, but the Court of
///   Appeal cleared him, saying …" (`resources/clause_openers.txt`), but
///   not a "where" or "when" about the place or time itself ("in South
///   Korea, where 65% of those questioned said", "lost a High Court action
///   in October 2002 when a judge said").
fn apart_from_the_saying(doc: &Document, st: &Statement, span: Span, what: Aspect) -> bool {
    let near = match what {
        Aspect::Time => Some(3),
        Aspect::Place => None,
    };
    let (Some(first), Some(last)) = (
        st.content.iter().map(|c| c.start).min(),
        st.content.iter().map(|c| c.end).max(),
    ) else {
        return false;
    };
    let tokens = |from: usize, to: usize| doc.token_at_or_after(from)..doc.token_at_or_after(to);
    if let Some(cue) = st.cue {
        let far_after =
            span.start >= last && near.is_none_or(|n| tokens(last, span.start).filter(|&k| doc.is_word(k)).count() > n);
        if (span.end <= first && first < cue.start) || (far_after && cue.end <= first) {
            return true;
        }
    }
    let frame = [st.cue, st.speaker].into_iter().flatten().map(|x| x.start).min();
    if let Some(frame) = frame.filter(|&f| span.end <= f) {
        let words = lexicon::clause_openers();
        let mut between = tokens(span.end, frame).skip_while(|&k| doc.norm(k) == ",").peekable();
        // "in South Korea, where 65% of those questioned said", "in
        // October 2002, when a judge said": the clause is about the place
        // or the time, the saying happened there and then.
        let about_itself = between.peek().is_some_and(|&k| {
            doc.norm(k)
                == match what {
                    Aspect::Time => "when",
                    Aspect::Place => "where",
                }
        });
        if !about_itself && between.any(|k| words.contains(doc.norm(k))) {
            return true;
        }
    }
    false
}

/// A calendar point: "2023-05-13", "2023-04", "1998-W09", "2023-05-13T15:30".
fn is_point(value: &str) -> bool {
    value.len() >= 4 && value.bytes().take(4).all(|b| b.is_ascii_digit())
}

/// The time of saying in sentence `si`: the point-in-time expression nearest
/// the cue that lies outside `content` and the `others` (other statements'
/// contents), or inside `content` with no verb between the cue and it,
/// and that is no background (a clause about someone, a named thing, a
/// bound: see the module's doc).
fn time_in(
    doc: &Document,
    si: usize,
    content: &[Span],
    others: &[Span],
    cue: Option<Span>,
    keep: impl Fn(Span) -> bool,
) -> Found {
    let s = doc.sentences.get(si)?;
    let verbs_between = |a: usize, b: usize| {
        let (ta, tb) = (doc.token_at_or_after(a), doc.token_at_or_after(b));
        (ta..tb).any(|i| xpos(doc, i).starts_with("VB"))
    };
    // A time inside the content dates the saying only when the content is
    // not a clause of its own: no "that", colon or quotation mark opens
    // it, and the first verb after the time is not finite ("exhorted the
    // world in April to grab" yes; "said that inspections last year
    // found" no).
    let dates_the_cue = |c: Span, t: Span, content: Span| {
        let (tc, ts) = (doc.token_at_or_after(c.end), doc.token_at_or_after(content.start));
        let opens_clause = (tc..ts).any(|i| {
            matches!(doc.norm(i), "that" | ":") || doc.tokens.get(i).is_some_and(|k| k.kind == TokenKind::Quote)
        });
        let (te, ce) = (doc.token_at_or_after(t.end), doc.token_at_or_after(content.end));
        let finite_after = (te..ce)
            .map(|i| xpos(doc, i))
            .find(|x| x.starts_with("VB") || *x == "MD")
            .is_some_and(|x| matches!(x, "VBD" | "VBZ" | "VBP" | "MD"));
        !opens_clause && !finite_after && !verbs_between(c.end, t.start)
    };
    // A year that names a thing ("the 1997 Mercury Music Prize", "his
    // 2006 budget", "the 2004 season's") dates that thing, not the saying.
    // Only after a determiner or possessive: "In 2004 IBM said" is dated.
    let names_a_thing = |t: Span| {
        let (a, e) = (doc.token_at_or_after(t.start), doc.token_at_or_after(t.end));
        let before = a.checked_sub(1).map_or("", |k| xpos(doc, k));
        let after = xpos(doc, e);
        matches!(before, "DT" | "PRP$" | "POS") && (after.starts_with("NN") || matches!(doc.norm(e), "'s" | "’s"))
    };
    // A point that bounds or compares ("since 1970", "by 2008", "for 2005",
    // "than in 2004") is not when anything was said.
    let bounds = |t: Span| {
        let a = doc.token_at_or_after(t.start);
        let before = |k: usize| a.checked_sub(k).map_or("", |j| doc.norm(j));
        matches!(
            before(1),
            "since" | "by" | "for" | "until" | "till" | "than" | "from" | "before" | "after" | "to" | "through"
        ) || (before(1) == "in" && before(2) == "than")
    };
    let background = |t: Span| {
        names_a_thing(t) || bounds(t) || in_background_clause(doc, s.tokens.start, doc.token_at_or_after(t.start))
    };
    doc.timexes
        .iter()
        .filter(|t| s.span.contains(t.span) && is_point(&t.value) && !others.iter().any(|c| c.overlaps(t.span)))
        .filter(|t| !background(t.span) && keep(t.span))
        .filter(|t| match content.iter().find(|c| c.overlaps(t.span)) {
            None => true,
            Some(&c) => cue.is_some_and(|cue| cue.end <= t.span.start && dates_the_cue(cue, t.span, c)),
        })
        .min_by_key(|t| cue.map_or(0, |c| t.span.start.abs_diff(c.start)))
        .map(|t| (t.value.clone(), t.span))
}

/// Is token `a` in a clause about someone — where they live or work, what
/// they did once (`resources/background_clauses.txt`)? The clause runs
/// back to the sentence start or the nearest comma, dash or bracket.
fn in_background_clause(doc: &Document, sentence_start: usize, a: usize) -> bool {
    let words = lexicon::background_clauses();
    (sentence_start..a)
        .rev()
        .take_while(|&k| !matches!(doc.norm(k), "," | "-" | "--" | "—" | "–" | "("))
        .any(|k| words.contains(doc.norm(k)))
}

/// Does the place that ends before token `e` modify a noun after it ("the
/// US economy", "a US phone firm", "in a Bollywood style") rather than
/// name where something happened ("at a London press conference", "in the
/// New York court")? The last noun of the run after the place decides: a
/// venue or a speech event keeps the place (`resources/venues.txt`).
fn modifies_a_noun(doc: &Document, e: usize) -> bool {
    let noun = |k: usize| matches!(xpos(doc, k), "NN" | "NNS") && doc.is_word(k);
    let mut head = e;
    while noun(head + 1) {
        head += 1;
    }
    let w = doc.norm(head);
    noun(e) && !lexicon::venues().contains(w) && !lexicon::speech_events().contains(w)
}

/// Is the place name of tokens `a..e` a name built on a known place, one
/// the model took whole for a place: "San Francisco Chronicle",
/// "Manchester United"? A known place, then capitalised words, and
/// neither the whole known nor a place word or an abbreviation at its end
/// ("Mexico City", "Washington DC").
fn named_after_a_place(doc: &Document, a: usize, e: usize) -> bool {
    let places = lexicon::places();
    let Some(last) = doc.tokens.get(e.wrapping_sub(1)).filter(|_| e >= a + 2) else {
        return false;
    };
    let start = doc.tokens.get(a).map_or(0, |t| t.span.start);
    let upto = |k: usize| doc.slice(Span::new(start, doc.tokens.get(k - 1).map_or(start, |t| t.span.end)));
    let abbreviation = doc.slice(last.span).chars().all(|c| c.is_uppercase());
    !places.contains(upto(e))
        && !abbreviation
        && !lexicon::place_heads().contains(doc.norm(e - 1))
        && (a + 1..e)
            .any(|k| places.contains(upto(k)) && doc.tokens.get(k..e).is_some_and(|ts| ts.iter().all(|t| t.cap)))
}

/// Does the locative phrase at token `k` end a description of someone's
/// role ("the charity's head of HIV/Aids in Britain", "vice president of
/// search properties at Ask Jeeves in the US")? A role noun
/// (`resources/roles.txt`) then "of" or "for" within ten words before it,
/// with no verb or comma between.
fn of_a_role(doc: &Document, start: usize, k: usize) -> bool {
    let roles = lexicon::roles();
    let mut j = k;
    while j > start && k - j < 10 {
        j -= 1;
        let w = doc.norm(j);
        let tag = xpos(doc, j);
        if w == "," || tag.starts_with("VB") || tag == "MD" {
            return false;
        }
        if matches!(w, "of" | "for") && j > start && roles.contains(doc.norm(j - 1)) {
            return true;
        }
    }
    false
}

/// The place of sentence `si`: the last place name outside `content` that a
/// locative phrase introduces ("in Iran's northern holy city of Mashhad" →
/// Mashhad), not a possessor ("Iran's").
fn place_in(doc: &Document, si: usize, content: &[Span], keep: impl Fn(Span) -> bool) -> Found {
    let s = doc.sentences.get(si)?;
    let mut best = None;
    for m in &doc.mentions {
        if !s.span.contains(m.span) || content.iter().any(|c| c.overlaps(m.span)) {
            continue;
        }
        if doc.mention_type(m) != Some(EntityType::Place) {
            continue;
        }
        let (a, e) = (m.tokens.start, m.tokens.end);
        if matches!(doc.norm(e), "'s" | "’s" | "'") {
            continue;
        }
        let locative = locative_word(doc, s.tokens.start, a);
        let introduced = locative.is_some();
        let role = locative.is_some_and(|k| of_a_role(doc, s.tokens.start, k));
        // Part of a longer name: "the San Francisco Chronicle", "West
        // Virginia University".
        let in_a_name = (doc.is_word(e) && doc.token_text(e).chars().next().is_some_and(char::is_uppercase))
            || named_after_a_place(doc, a, e);
        // Where the words were not said (see the module's doc).
        let background = role || in_a_name || modifies_a_noun(doc, e) || in_background_clause(doc, s.tokens.start, a);
        if introduced && !background && keep(m.span) {
            let name = m
                .entity
                .and_then(|e| doc.entities.get(e))
                .map_or_else(|| doc.slice(m.span).to_string(), |e| e.name.clone());
            best = Some((name, m.span));
        }
    }
    best
}
