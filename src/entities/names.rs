//! Proper-name mentions from capitalised token runs.

use rustc_hash::FxHashSet as HashSet;

use crate::document::{Document, EntityType, Mention, MentionKind, Span, TokenKind};
use crate::lexicon;
use crate::time::{is_holiday_word, is_time_word};

/// Lower-case words that may sit inside a name between capitalised words
/// ("Bank of England", "Abu Bakr al Baghdadi", "Procter & Gamble").
const CONNECTORS: &[&str] = &[
    "of", "for", "&", "de", "del", "da", "al", "bin", "ibn", "van", "von", "der", "la", "le", "du", "di",
];

/// Organisation words that open a sentence as a plain noun before a role
/// ("Union leader …", "Party chairman …"), not as a name.
const GENERIC_ORGS: &[&str] = &[
    "union",
    "party",
    "council",
    "committee",
    "government",
    "opposition",
    "industry",
    "company",
    "army",
    "police",
];

/// Capitalised words that may take an "of" phrase into a name.
const OF_HEADS: &[&str] = &[
    "republic",
    "kingdom",
    "university",
    "ministry",
    "department",
    "bank",
    "state",
    "states",
    "house",
    "court",
    "council",
    "church",
    "gulf",
    "sea",
    "bay",
    "strait",
    "isle",
    "cape",
    "city",
    "province",
    "institute",
    "school",
    "college",
    "office",
    "board",
    "commission",
    "committee",
    "federation",
    "union",
    "league",
    "association",
    "organization",
    "organisation",
    "secretary",
    "chamber",
    "academy",
    "museum",
    "society",
    "party",
    "army",
    "corps",
    "guards",
    "assembly",
    "people",
    "emirate",
    "caliphate",
    "district",
    "county",
    "port",
    "mount",
];

/// Name mentions from the NER model; falls back to the capitalisation rules
/// when the model is unavailable.
pub fn find_names(doc: &mut Document) {
    let Some(spans) = crate::backbone::annotate::entity_spans(doc) else {
        return find_names_by_rules(doc);
    };
    let spans = repair_spans(doc, spans);
    let mut mentions: Vec<Mention> = Vec::with_capacity(spans.len());
    for (a, b, etype) in spans {
        // Titles inside the span ("Imam Khomeini", "Revolution Leader Ayatollah
        // Seyed Ali Khamenei"): peel them, the name after them is a person.
        let titled = (a..b).any(|k| doc.tokens[k].cap && lexicon::titles().contains(doc.norm(k)));
        // Not in the name of an institution the model does not call a
        // person, one that ends in an organisation or place head: "US
        // Justice Department", "Harrow Crown Court" (CoNLL dev 0.907 →
        // 0.909).
        let institution = b > a + 1
            && etype != EntityType::Person
            && (lexicon::org_heads().contains(doc.norm(b - 1)) || lexicon::place_heads().contains(doc.norm(b - 1)));
        if titled && !institution {
            split_run(doc, a, b, &mut mentions);
            continue;
        }
        // Titles just before a person's name become its roles ("Brigadier General").
        let mut roles = Vec::new();
        if etype == EntityType::Person {
            let mut k = a;
            while k > 0 && doc.tokens[k - 1].cap && lexicon::titles().contains(doc.norm(k - 1)) {
                k -= 1;
                roles.push(doc.norm(k).trim_end_matches('.').to_string());
            }
        }
        mentions.push(mention(doc, a, b, Some(etype), roles));
    }
    for m in &mut mentions {
        if m.etype == Some(EntityType::Place) && employer_after_role(doc, m.tokens.clone()) {
            m.etype = Some(EntityType::Org);
        }
    }
    add_dateline_places(doc, &mut mentions);
    doc.mentions = mentions;
}

/// German text through the English-trained NER (German Wikinews has no
/// entity annotation to train one on): the model takes articles and other
/// lower-case words into names ("der Maschine", "der" alone) and a
/// sentence's capitalised first word too ("Wie Vizeregierungssprecher
/// Thomas Steg", "Das Kraftwerk"). A name is trimmed to the capitalised
/// words inside it, without a sentence opener that is a function word
/// (`resources/function_words_de.txt`) or that the article writes in lower
/// case elsewhere; with nothing left it is no name. One common noun
/// (`resources/common_nouns_de.txt`: "Regierung", "Polizei"; a word this
/// article puts after an article: "die Beerdigung"; a noun's ending:
/// "Richtung") is a description.
pub fn trim_names_de(doc: &mut Document) {
    let lower_words = lower_case_words(doc);
    let nouns_here = nouns_here_de(doc);
    let opener = |k: usize| {
        let start = doc
            .sentence_at(doc.tokens[k].span.start)
            .and_then(|i| doc.sentences.get(i))
            .map_or(k, |x| x.tokens.start);
        at_sentence_start(doc, k, start)
            && (lower_words.contains(doc.norm(k)) || lexicon::function_words_de().contains(doc.norm(k)))
    };
    let keep = |k: usize| doc.tokens[k].kind == TokenKind::Word && doc.tokens[k].cap;
    let mut out = Vec::with_capacity(doc.mentions.len());
    for m in &doc.mentions {
        let (mut a, mut b) = (m.tokens.start, m.tokens.end);
        while a < b && (!keep(a) || opener(a)) {
            a += 1;
        }
        while b > a && !keep(b - 1) {
            b -= 1;
        }
        if a == b {
            continue;
        }
        // German writes every noun capitalised: a one-word "name" that is
        // a common noun (`dateline train nouns`, or seen after an article
        // in this text) is a description, which names no entity of its
        // own but still marks a phrase a speaker can be.
        let w = doc.token_text(a);
        if b - a == 1
            && (lexicon::common_nouns_de().contains(w)
                || nouns_here.contains(w)
                || lexicon::time_nouns_de().contains(w)
                || noun_ending_de(w))
        {
            let mut d = mention(doc, a, b, m.etype, vec![doc.norm(a).to_string()]);
            d.kind = MentionKind::Nominal;
            out.push(d);
        } else if (a, b) == (m.tokens.start, m.tokens.end) {
            out.push(m.clone());
        } else {
            out.push(mention(doc, a, b, m.etype, m.roles.clone()));
        }
    }
    doc.mentions = out;
}

/// "analyst at Jupiter Research", "head of services at Vodafone": a name
/// after "at" with a person's role shortly before it is where that person
/// works, an organisation, unless the gazetteer knows it as a place or a
/// place word ends it ("at Heathrow airport"). The model, reading "at",
/// calls such names places (97 on BBC, most of them firms).
pub(super) fn employer_after_role(doc: &Document, name: std::ops::Range<usize>) -> bool {
    let a = name.start;
    let mut k = a;
    if k > 0 && doc.norm(k - 1) == "the" {
        k -= 1;
    }
    if k == 0 || doc.norm(k - 1) != "at" {
        return false;
    }
    let whole = doc.slice(Span::new(doc.tokens[a].span.start, doc.tokens[name.end - 1].span.end));
    if lexicon::places().contains(whole) || lexicon::place_heads().contains(doc.norm(name.end - 1)) {
        return false;
    }
    let sentence_start = doc
        .sentence_at(doc.tokens[a].span.start)
        .and_then(|s| doc.sentences.get(s))
        .map_or(0, |s| s.tokens.start);
    let from = (k - 1).saturating_sub(8).max(sentence_start);
    (from..k - 1).any(|i| {
        let w = doc.norm(i);
        lexicon::roles().contains(w) || w.strip_suffix('s').is_some_and(|x| lexicon::roles().contains(x))
    })
}

/// Mend the NER's spans where the words around them show it wrong:
/// - a descriptive noun opening the sentence is no part of the name
///   after it: "Developer Nordvind Energi", "Rapper Kanye West"
///   (`resources/descriptor_nouns.txt`; 3 BBC entities change, the
///   training sets' output none);
/// - a name does not end in a connector: "Union for" + "Progress" is one
///   name (a connector with no capitalised word after it is dropped);
/// - "Riders" + "'" + "Alliance" is one organisation;
/// - an article alone is no name ("The" of "The Aviator's"), nor an
///   acronym that is a common noun ("PC", "DVDs": `resources/common_acronyms.txt`);
/// - a lone capitalised sentence opener that this article also writes in
///   lower case, with a lower-case word after it, is a common noun:
///   "Union leader Marta Velkova" after "the union"; so is an
///   organisation word before a role noun, "Union leader".
pub(super) fn repair_spans(doc: &Document, spans: Vec<(usize, usize, EntityType)>) -> Vec<(usize, usize, EntityType)> {
    let word = |k: usize| doc.tokens.get(k).filter(|t| t.kind == TokenKind::Word);
    let capital = |k: usize| word(k).is_some_and(|t| t.cap);
    let lower_words = lower_case_words(doc);
    let mut out: Vec<(usize, usize, EntityType)> = Vec::with_capacity(spans.len());
    let mut i = 0;
    while let Some(&(a, mut b, mut etype)) = spans.get(i) {
        i += 1;
        // A word a contraction hangs on ("Ca" of "Can't", "Do" of "Boys
        // Don't Cry", "I" of "I'd") is a verb or a pronoun, not the end of
        // a name.
        while b > a && contraction_host(doc, b - 1) {
            b -= 1;
        }
        if b == a {
            continue;
        }
        let sentence = doc
            .tokens
            .get(a)
            .and_then(|t| doc.sentence_at(t.span.start))
            .and_then(|k| doc.sentences.get(k));
        // "Developer Nordvind Energi said …": a descriptive noun that opens
        // the sentence is no part of the name after it
        // (`resources/descriptor_nouns.txt`).
        let a = if sentence.is_some_and(|x| x.tokens.start == a)
            && b >= a + 2
            && lexicon::descriptor_nouns().contains(doc.norm(a))
            && capital(a + 1)
        {
            a + 1
        } else {
            a
        };
        let sent_end = sentence.map_or(b, |x| x.tokens.end);
        // Ends in a connector: take the capitalised words after it, or drop it.
        if b > a + 1 && CONNECTORS.contains(&doc.norm(b - 1)) {
            let mut e = b;
            while e < sent_end && capital(e) {
                e += 1;
            }
            if e > b {
                // Spans the extension swallows go with it.
                while spans.get(i).is_some_and(|x| x.0 < e) {
                    i += 1;
                }
                b = e;
            } else {
                b -= 1;
            }
        }
        // "Riders' Alliance": a one-word plural possessive joined to the
        // organisation after it ("Atticus' David Slager" stays two).
        if let Some(&(c, d, t2)) = spans.get(i) {
            if c == b + 1
                && b == a + 1
                && t2 == EntityType::Org
                && doc.token_text(b) == "'"
                && doc.norm(a).ends_with('s')
            {
                b = d;
                etype = t2;
                i += 1;
            }
        }
        // A name the model split in two, its parts side by side with only a
        // space between ("Allied | Domecq", "El | Al", "Van | der
        // Westhuizen"), is one name: the document memory that types a word
        // by its last use ("lifts Domecq" in a headline) breaks such names.
        // It keeps the type of an organisation that opens it ("Norwich |
        // City"), else takes its second part's ("Marshall | Plan", "JP |
        // McManus"), or its last word's when that is an organisation or
        // place head ("Offshore | Data Services"). Two
        // names stay two after an adjective-like one ("Australian | Tom
        // Moody", "Ohio-based | KeyCorp"), a title ("Chancellor |
        // Costello"), or before a full name ("Democrat | Walter Mondale"),
        // a demonym ("Buccaneers | American") or an acronym after a place
        // ("Chicago | NAPM", "London | FTSE"). CoNLL dev 0.908 → 0.914.
        while etype != EntityType::Misc {
            let Some(&(c, d, t2)) = spans.get(i) else { break };
            let side_by_side = c == b
                && doc.tokens.get(c).is_some_and(|t| t.space_before)
                && sentence.is_some_and(|x| d <= x.tokens.end);
            let all_caps = |k: usize| !doc.token_text(k).chars().any(char::is_lowercase);
            let stays_apart = (t2 == EntityType::Person && d >= c + 2 && capital(c))
                || (d == c + 1 && lexicon::demonyms().contains(doc.token_text(c)))
                || (etype == EntityType::Place
                    && d == c + 1
                    && is_acronym(doc.token_text(c))
                    && doc.token_text(c).len() <= 5
                    && !(a..b).all(all_caps))
                || (b == a + 1 && lexicon::titles().contains(doc.norm(a).trim_end_matches('.')))
                // (An article alone is dropped below: "The | Aviator".)
                || (b == a + 1 && matches!(doc.norm(a), "the" | "a" | "an"));
            if !side_by_side || stays_apart {
                break;
            }
            b = d;
            i += 1;
            if matches!(etype, EntityType::Person | EntityType::Place) {
                etype = t2;
            }
            if lexicon::org_heads().contains(doc.norm(d - 1)) {
                etype = EntityType::Org;
            } else if lexicon::place_heads().contains(doc.norm(d - 1)) {
                etype = EntityType::Place;
            }
        }
        // An article alone is no name (the model sometimes takes the "The"
        // of a title for one: "The Aviator's four producers"), nor an
        // acronym used as a common noun ("PCs").
        if b == a + 1 && (matches!(doc.norm(a), "the" | "a" | "an") || is_common_acronym(doc.token_text(a))) {
            continue;
        }
        // A lone sentence opener written in lower case elsewhere, or a
        // generic organisation word before a person's role ("Union leader
        // Hanna Petrov"; not "Hamas leader …" nor "Telegraph executive …":
        // those are names), is a common noun.
        let opener = sentence.is_some_and(|x| x.tokens.start == a);
        let common = lower_words.contains(doc.norm(a))
            || (GENERIC_ORGS.contains(&doc.norm(a)) && lexicon::roles().contains(doc.norm(b)));
        if b == a + 1 && opener && common && !in_gazetteer(doc, a) && word(b).is_some_and(|t| !t.cap) {
            continue;
        }
        if matches!(etype, EntityType::Org | EntityType::Misc) && number_in_name(doc, a, b) {
            b += 1;
        }
        // A holiday is a date, not an entity: "Christmas", "Christmas Day",
        // and the "Day" the model may cut from it.
        if is_holiday(doc, a, b) {
            continue;
        }
        if party_and_state(doc, a, b) {
            continue;
        }
        out.push((a, b, etype));
    }
    out
}

/// "Radio 4", "Halo 2", "Chapter 11", "Xbox 360": a number of up to three
/// digits right after the name `a..b` of an organisation or a work ends
/// that name, when nothing that could be counted follows it: not a plural noun,
/// a unit or another name ("Arsenal 2 Chelsea 1" is a score), not the
/// end of a line or a bracket after it (a results table), not a range
/// ("British 16 to 20-year-olds"), not a minute in a team sheet ("Traore
/// (Biscan 67), …", "Gerrard 79 og, Drogba 107, …").
fn number_in_name(doc: &Document, a: usize, k: usize) -> bool {
    let Some(t) = doc.tokens.get(k) else { return false };
    let digits = doc.token_text(k);
    if t.kind != TokenKind::Number || !t.space_before || digits.len() > 3 || !digits.bytes().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let listed = a > 0 && matches!(doc.norm(a - 1), "," | "(");
    let last = k.checked_sub(1).map_or("", |x| doc.token_text(x));
    if lexicon::demonyms().contains(last) {
        return false;
    }
    // What follows must read as going on about the name; a score in a
    // results table ends its line or opens brackets ("Sussex 363 ( W.
    // Athey 111 …", "Leicestershire 296 .").
    let Some(n) = doc.tokens.get(k + 1) else { return false };
    let next = doc.norm(k + 1);
    if next == "'s" {
        return true;
    }
    if n.kind != TokenKind::Word {
        return next == "," && !listed;
    }
    let same_line = !doc.text.get(t.span.end..n.span.start).is_some_and(|g| g.contains('\n'));
    // Not a range or a count of something ("16 to 20", "2 points", "2
    // million"); a singular noun reads as the name's ("Radio 4 programme").
    same_line
        && !n.cap
        && !matches!(next, "to" | "and" | "or" | "og" | "per" | "percent")
        && !matches!(crate::backbone::annotate::xpos(doc, k + 1), "NNS" | "CD")
}

/// "Rep. Gwen Moore (D-Wis.)", "Mitch McConnell, R-Ky., said": a US
/// legislator's party and state after the name, in brackets or commas,
/// which the model takes for an organisation ("D-Wis"). It is a label, no
/// entity. Between commas the state is abbreviated with a stop or a
/// postal code ("R-Ky.,", "D-NY,"), so ", D-Day," stays a name.
fn party_and_state(doc: &Document, a: usize, b: usize) -> bool {
    let Some((party, state)) = doc.token_text(a).split_once('-') else {
        return false;
    };
    let shaped = matches!(party, "D" | "R" | "I")
        && state.starts_with(char::is_uppercase)
        && state.len() <= 5
        && state.chars().all(char::is_alphabetic);
    let abbreviated =
        doc.token_text(a + 1) == "." || (state.len() == 2 && state.chars().all(|c| c.is_ascii_uppercase()));
    let before = a.checked_sub(1).map_or("", |k| doc.token_text(k));
    b == a + 1 && shaped && (before == "(" || (before == "," && abbreviated))
}

/// Tokens `a..b` are a holiday's name ("Christmas", "Thanksgiving Day"), or
/// the "Day"/"Eve" right after one.
fn is_holiday(doc: &Document, a: usize, b: usize) -> bool {
    let holiday = |k: usize| is_holiday_word(doc.norm(k));
    let day = |k: usize| matches!(doc.norm(k), "day" | "eve");
    let named = (a..b).any(holiday) || (a > 0 && holiday(a - 1) && day(a));
    named && (a..b).all(|k| holiday(k) || day(k))
}

/// Is token `k` followed, with no space, by a contraction's clitic ("n't",
/// "'m", "'re", "'ve", "'ll", "'d"; the tokenizer splits them off)?
fn contraction_host(doc: &Document, k: usize) -> bool {
    doc.tokens.get(k + 1).is_some_and(|t| !t.space_before) && crate::segment::is_contraction_clitic(doc.norm(k + 1))
}

/// Name mentions from capitalised token runs, titles, gazetteers and
/// organisation heads (no model needed).
pub fn find_names_by_rules(doc: &mut Document) {
    let lower_words = lower_case_words(doc);
    // Words seen capitalised away from a sentence start ("the Regional
    // Council"): evidence that a sentence-initial capital is a name.
    let mut mid_caps: HashSet<&str> = HashSet::default();
    for sent in &doc.sentences {
        for k in sent.tokens.clone().skip(1) {
            if doc.tokens[k].cap && !at_sentence_start(doc, k, sent.tokens.start) {
                mid_caps.insert(doc.norm(k));
            }
        }
    }
    let mut mentions = Vec::new();

    for si in 0..doc.sentences.len() {
        let range = doc.sentences[si].tokens.clone();
        let all_caps = sentence_all_caps(doc, range.clone());
        let mut i = range.start;
        while i < range.end {
            if !is_name_word(doc, i) || all_caps {
                i += 1;
                continue;
            }
            // Grow the run.
            let start = i;
            let mut end = i + 1;
            while end < range.end {
                if is_name_word(doc, end) && doc.tokens[end].space_before {
                    end += 1;
                    continue;
                }
                let n = doc.norm(end);
                let bridge = CONNECTORS.contains(&n)
                    && end + 1 < range.end
                    && is_name_word(doc, end + 1)
                    && (!matches!(n, "of" | "for")
                        || OF_HEADS.contains(&doc.norm(end - 1))
                        || lexicon::org_heads().contains(doc.norm(end - 1)));
                if bridge {
                    end += 2;
                    continue;
                }
                break;
            }
            let mut s = start;
            // A capitalised sentence opener that is a common word is not a name.
            // ("Port Authority" keeps "Port": an organisation head ends the run.)
            let org_run = end - s > 1 && lexicon::org_heads().contains(doc.norm(end - 1));
            while s < end
                && at_sentence_start(doc, s, range.start)
                && common_opener(doc, s, &lower_words)
                && (!org_run || lexicon::function_words().contains(doc.norm(s)))
            {
                s += 1;
            }
            // A lone capitalised opener followed by lower case ("Regional
            // groups said") is an adjective unless known or seen mid-sentence.
            let lone_opener = end - s == 1
                && at_sentence_start(doc, s, range.start)
                && !mid_caps.contains(doc.norm(s))
                && !lexicon::places().contains(doc.token_text(s))
                && !lexicon::demonyms().contains(doc.token_text(s))
                && !doc.tokens.get(end).is_some_and(|t| {
                    t.kind == TokenKind::Word && crate::statements::cues::lookup(doc.norm(end)).is_some()
                });
            if s < end && !lone_opener && !is_holiday(doc, s, end) {
                split_run(doc, s, end, &mut mentions);
            }
            i = end;
        }
    }
    add_dateline_places(doc, &mut mentions);
    doc.mentions = mentions;
}

/// The dateline place (and its region) are place names too ("TEHRAN",
/// "NAIROBI, Kenya"), and its agency an organisation's ("(Coastal
/// Ledger)"), each one name whatever the NER cut.
fn add_dateline_places(doc: &Document, mentions: &mut Vec<Mention>) {
    if let Some(d) = &doc.dateline {
        // The agency follows the place: the last occurrence, on token bounds.
        let agency = d.agency.as_deref().and_then(|a| {
            let start = d.span.start + doc.text.get(d.span.start..d.span.end)?.rfind(a)?;
            let (i, j) = (doc.token_at_or_after(start), doc.token_at_or_after(start + a.len()));
            let whole = doc.tokens.get(i)?.span.start == start
                && doc.tokens.get(j.checked_sub(1)?)?.span.end == start + a.len();
            (j > i && whole).then_some((i, j))
        });
        if let Some((i, j)) = agency {
            let m = mention(doc, i, j, Some(EntityType::Org), Vec::new());
            mentions.retain(|x: &Mention| !x.span.overlaps(m.span));
            mentions.push(m);
        }
    }
    let dateline_places = doc
        .dateline
        .as_ref()
        .map(|d| [d.place_span, d.region_span])
        .unwrap_or_default();
    for span in dateline_places.into_iter().flatten() {
        let a = doc.token_at_or_after(span.start);
        let b = doc.token_at_or_after(span.end);
        mentions.retain(|m: &Mention| !m.span.overlaps(span));
        mentions.push(Mention {
            span,
            kind: MentionKind::Name,
            etype: Some(EntityType::Place),
            entity: None,
            roles: Vec::new(),
            tokens: a..b,
        });
    }
}

fn sentence_all_caps(doc: &Document, range: std::ops::Range<usize>) -> bool {
    let mut words = 0;
    for i in range {
        let t = doc.tokens[i];
        if t.kind == TokenKind::Word {
            let s = doc.slice(t.span);
            if s.chars().any(char::is_lowercase) {
                return false;
            }
            words += 1;
        }
    }
    words >= 3
}

fn is_name_word(doc: &Document, i: usize) -> bool {
    let Some(t) = doc.tokens.get(i) else { return false };
    if t.kind != TokenKind::Word || !t.cap {
        return false;
    }
    let n = doc.norm(i);
    // "March 2", "May 5": months before a day number.
    let month_day = matches!(n, "may" | "march") && doc.tokens.get(i + 1).is_some_and(|t| t.kind == TokenKind::Number);
    !(is_time_word(n) || month_day || n == "i" || contraction_host(doc, i))
}

/// First word of a sentence, or first word after an opening quote, colon or dash.
fn at_sentence_start(doc: &Document, i: usize, sent_start: usize) -> bool {
    if i == sent_start {
        return true;
    }
    let p = doc.tokens[i - 1];
    match p.kind {
        TokenKind::Quote => true,
        TokenKind::Punct => matches!(doc.slice(p.span), ":" | "—" | "–" | "-" | "--" | "(" | "•"),
        _ => i >= 1 && i - 1 == sent_start && matches!(doc.slice(p.span), "\"" | "“"),
    }
}

fn common_opener(doc: &Document, i: usize, lower_words: &HashSet<&str>) -> bool {
    let n = doc.norm(i);
    if in_gazetteer(doc, i) {
        return false;
    }
    lexicon::function_words().contains(n)
        || lower_words.contains(n)
        || n.ends_with("ly")
        || (n.ends_with("ing") && n.len() > 5)
        || lexicon::roles().contains(n) && !lexicon::titles().contains(n)
}

/// German: token `k` stands where a common noun stands, right after an
/// article, determiner, contraction, quantifier or number
/// (`resources/determiners_de.txt`: "die Regierung", "im Krankenhaus",
/// "viele Menschen", "300 Kilometer"), or after one and an inflected
/// adjective ("die neue Regierung").
pub(crate) fn after_determiner_de(doc: &Document, k: usize) -> bool {
    let dets = lexicon::determiners_de();
    let det = |i: usize| {
        doc.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Number || (t.kind == TokenKind::Word && dets.contains(doc.norm(i))))
    };
    k.checked_sub(1)
        .is_some_and(|p| det(p) || (inflected_adjective_de(doc, p) && k.checked_sub(2).is_some_and(det)))
}

/// German: token `i` may be an inflected adjective, a lower-case word with
/// an adjective's ending ("neue", "offiziellen").
pub(crate) fn inflected_adjective_de(doc: &Document, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word && !t.cap)
        && ["e", "en", "er", "es", "em"].iter().any(|e| doc.norm(i).ends_with(e))
}

/// German: the capitalised words a common noun's place shows as nouns in
/// this article (see [`after_determiner_de`]), but not acronyms or places.
fn nouns_here_de(doc: &Document) -> HashSet<&str> {
    (0..doc.tokens.len())
        .filter(|&k| doc.tokens[k].kind == TokenKind::Word && doc.tokens[k].cap && after_determiner_de(doc, k))
        .map(|k| doc.token_text(k))
        .filter(|w| !name_with_article_de(w))
        .collect()
}

/// A German word with a noun's ending (`resources/noun_suffixes_de.txt`:
/// "Richtung", "Sanktionen") after at least three letters.
pub(crate) fn noun_ending_de(w: &str) -> bool {
    lexicon::noun_suffixes_de().iter().any(|suffix| {
        w.strip_suffix(suffix)
            .is_some_and(|stem| stem.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    })
}

/// A name-like word that takes an article all the same: an acronym ("die
/// EU") or a place of the gazetteer or of `resources/places_de.txt` ("die
/// Schweiz").
pub(crate) fn name_with_article_de(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        || lexicon::places().contains(w)
        || lexicon::places_de().contains(w)
}

/// Words this article writes in lower case somewhere: a capitalised
/// sentence opener that is one of them is likely no name ("Young
/// militants", "Union leader …" after "the union").
fn lower_case_words(doc: &Document) -> HashSet<&str> {
    doc.tokens
        .iter()
        .zip(&doc.norms)
        .filter(|(t, _)| t.kind == TokenKind::Word && !t.cap)
        .map(|(_, n)| n.as_str())
        .collect()
}

/// A known place or nationality ("Spain", "European"): a name even where
/// the article also writes the word in lower case.
fn in_gazetteer(doc: &Document, i: usize) -> bool {
    lexicon::places().contains(doc.token_text(i)) || lexicon::demonyms().contains(doc.token_text(i))
}

/// Turn a capitalised run into one or more name mentions: titles are peeled
/// off a person's name; text before the titles is a name of its own.
fn split_run(doc: &Document, s: usize, e: usize, out: &mut Vec<Mention>) {
    let last = doc.norm(e - 1);
    let whole = doc.slice(Span::new(doc.tokens[s].span.start, doc.tokens[e - 1].span.end));
    let org = lexicon::org_heads().contains(last) && !lexicon::places().contains(whole);
    // Peel titles: [s, t0) other words, [t0, j) titles, [j, e) the name.
    if !org {
        let mut j = e;
        while j > s && !lexicon::titles().contains(doc.norm(j - 1)) {
            j -= 1;
        }
        if j > s {
            let mut t0 = j;
            while t0 > s && lexicon::titles().contains(doc.norm(t0 - 1)) {
                t0 -= 1;
            }
            // A lone unknown word before titles is a portfolio ("Transport
            // Minister", "Finance Secretary"), not a name.
            let portfolio = t0 - s == 1
                && !lexicon::places().contains(doc.token_text(s))
                && !lexicon::demonyms().contains(doc.token_text(s))
                && !is_acronym(doc.token_text(s));
            if t0 > s && !portfolio {
                split_run(doc, s, t0, out);
            }
            if j < e {
                let roles = (t0..j).map(|k| doc.norm(k).trim_end_matches('.').to_string()).collect();
                out.push(mention(doc, j, e, Some(EntityType::Person), roles));
            }
            return;
        }
    }
    let name_start = s;
    // A known acronym at the start of a longer run is its own name ("IRGC Quds Force").
    let first = doc.token_text(name_start);
    if e - name_start > 1 && is_acronym(first) {
        out.push(mention(
            doc,
            name_start,
            name_start + 1,
            Some(acronym_type(first)),
            Vec::new(),
        ));
        split_run(doc, name_start + 1, e, out);
        return;
    }
    // A demonym with more capitals after it ("Islamic Republic", "Islamic
    // Revolution") is one MISC name unless an organisation head ends it.
    if e - name_start > 1 && !org && lexicon::demonyms().contains(first) {
        let rest = doc.slice(Span::new(
            doc.tokens[name_start + 1].span.start,
            doc.tokens[e - 1].span.end,
        ));
        if !lexicon::places().contains(rest) {
            out.push(mention(doc, name_start, e, Some(EntityType::Misc), Vec::new()));
            return;
        }
    }
    let etype = guess_type(doc, name_start, e, org);
    out.push(mention(doc, name_start, e, etype, Vec::new()));
}

fn mention(doc: &Document, a: usize, b: usize, etype: Option<EntityType>, roles: Vec<String>) -> Mention {
    let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
    Mention {
        span,
        kind: MentionKind::Name,
        etype,
        entity: None,
        roles,
        tokens: a..b,
    }
}

/// "PC", "DVDs", "MPs": an acronym used as a common noun.
fn is_common_acronym(s: &str) -> bool {
    let one = s.strip_suffix('s').unwrap_or(s);
    lexicon::common_acronyms().contains(s) || lexicon::common_acronyms().contains(one)
}

pub fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=7).contains(&letters)
        && s.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
}

fn acronym_type(s: &str) -> EntityType {
    if lexicon::places().contains(s) {
        EntityType::Place
    } else {
        EntityType::Org
    }
}

/// Type of a name from its own words and the words around it; `None` when
/// nothing tells (coreference and context decide later).
fn guess_type(doc: &Document, a: usize, b: usize, org: bool) -> Option<EntityType> {
    let surface = doc.slice(Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end));
    if lexicon::places().contains(surface) {
        return Some(EntityType::Place);
    }
    if org {
        return Some(EntityType::Org);
    }
    if b - a > 1 && lexicon::place_heads().contains(doc.norm(b - 1)) {
        return Some(EntityType::Place);
    }
    // "Union for Progress", "Gulf of Mexico": an "of"/"for" inside is no personal name.
    if (a..b).any(|k| matches!(doc.norm(k), "of" | "for" | "&")) {
        return Some(if lexicon::place_heads().contains(doc.norm(a)) {
            EntityType::Place
        } else {
            EntityType::Org
        });
    }
    if b - a == 1 {
        if is_acronym(surface) {
            return Some(acronym_type(surface));
        }
        if lexicon::demonyms().contains(surface) {
            return Some(EntityType::Misc);
        }
    }
    // "Qaani, who", "Smith, 45," → a person.
    if doc.norm(b) == "," && doc.norm(b + 1) == "who" {
        return Some(EntityType::Person);
    }
    // "in X", "from X" → a place when X is one word.
    let prev = if a > 0 { doc.norm(a - 1) } else { "" };
    if b - a == 1 && matches!(prev, "in" | "at" | "near" | "across" | "outside") {
        return Some(EntityType::Place);
    }
    // Two to four plain capitalised words: a personal name.
    if (2..=4).contains(&(b - a))
        && (a..b).all(|k| doc.tokens[k].kind == TokenKind::Word && !is_acronym(doc.token_text(k)))
    {
        return Some(EntityType::Person);
    }
    None
}
