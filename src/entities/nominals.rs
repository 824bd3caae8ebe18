//! Nominal descriptions ("the IRGC commander", "a top official from
//! Lebanon's Hezbollah resistance movement") and personal pronouns.

use crate::document::{Document, EntityType, Mention, MentionKind, Span, TokenKind};
use crate::lexicon;
use crate::statements::cues;

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "another",
];
const PRONOUNS: &[&str] = &["he", "him", "his", "himself", "she", "her", "hers", "herself", "who"];
const PP_HEADS: &[&str] = &["of", "from", "for", "at", "in", "with"];

pub fn find_nominals_and_pronouns(doc: &mut Document) {
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        let range = doc.sentences[s].tokens.clone();
        for i in range.clone() {
            let n = doc.norm(i);
            let t = doc.tokens[i];
            if let Some(m) = age_description(doc, i, range.clone()) {
                out.push(m);
                continue;
            }
            if t.kind != TokenKind::Word {
                continue;
            }
            if PRONOUNS.contains(&n) {
                // "who" only as a relative pronoun right after a mention: ", who".
                if n == "who" && !(i > range.start && doc.norm(i - 1) == ",") {
                    continue;
                }
                out.push(Mention {
                    span: t.span,
                    kind: MentionKind::Pronoun,
                    etype: Some(EntityType::Person),
                    entity: None,
                    roles: vec![n.to_string()],
                    tokens: i..i + 1,
                });
                continue;
            }
            if !is_role(n) {
                continue;
            }
            // An epithet inside a name is part of the name: "Simon Champion".
            // (Roles are left as the attribution model was trained on them.)
            if t.cap
                && lexicon::epithets().contains(n)
                && doc
                    .mentions
                    .iter()
                    .any(|m| m.kind == MentionKind::Name && m.tokens.start < i && i < m.tokens.end)
            {
                continue;
            }
            // "chief" in "the chief commander": the head is the last role noun.
            if lexicon::roles().contains(doc.norm(i + 1)) && i + 1 < range.end {
                continue;
            }
            // A title directly before a name is part of the name phrase.
            if doc
                .tokens
                .get(i + 1)
                .is_some_and(|x| x.cap && x.kind == TokenKind::Word)
                && i + 1 < range.end
            {
                continue;
            }
            // An epithet is someone named before only after "the": "an
            // African-American actor in Dallas" is someone new.
            if let Some(m) = nominal_at(doc, i, range.clone())
                .filter(|m| !lexicon::epithets().contains(n) || doc.norm(m.tokens.start) == "the")
            {
                out.push(m);
            }
        }
    }
    // Of nested descriptions keep the longest. An epithet keeps the role
    // description inside it ("The billionaire real estate magnate"): the
    // attribution model, which does not see epithets, still sees the role.
    let spans: Vec<(Span, bool)> = out
        .iter()
        .filter(|m| m.kind == MentionKind::Nominal)
        .map(|m| (m.span, is_epithet(m)))
        .collect();
    out.retain(|m| {
        m.kind == MentionKind::Pronoun
            || !spans
                .iter()
                .any(|&(s, epithet)| s != m.span && s.contains(m.span) && (!epithet || is_epithet(m)))
    });
    // A nominal must not overlap a name mention except to contain it.
    out.retain(|m| {
        m.kind == MentionKind::Pronoun
            || !doc
                .mentions
                .iter()
                .any(|n| n.span.overlaps(m.span) && !m.span.contains(n.span))
    });
    doc.mentions.extend(out);
}

/// The noun phrase headed by the role noun at token `h`.
fn nominal_at(doc: &Document, h: usize, range: std::ops::Range<usize>) -> Option<Mention> {
    // Left: modifiers back to a determiner.
    let mut a = h;
    let mut steps = 0;
    let mut determined = false;
    while a > range.start && steps < 5 {
        let p = a - 1;
        let n = doc.norm(p);
        let t = doc.tokens[p];
        if DETERMINERS.contains(&n) {
            a = p;
            determined = true;
            break;
        }
        if n == "'s" || (t.kind == TokenKind::Word && (t.cap || modifier_word(n))) || t.kind == TokenKind::Number {
            a = p;
            steps += 1;
            continue;
        }
        break;
    }
    // A possessive name is a determiner too ("Iran's foreign minister").
    if !determined {
        determined = (a..h).any(|k| doc.norm(k) == "'s");
        if !determined {
            return None;
        }
    }
    // Right: an "of/from …" phrase naming the organisation.
    let mut b = h + 1;
    if doc.tokens.get(b).is_some_and(|t| t.kind == TokenKind::Word) && PP_HEADS.contains(&doc.norm(b)) && b < range.end
    {
        let mut k = b + 1;
        let mut last_good = None;
        let mut lower_run = 0;
        while k < range.end && k < b + 12 {
            let t = doc.tokens[k];
            let n = doc.norm(k);
            let s = doc.slice(t.span);
            let ok = match t.kind {
                TokenKind::Word if t.cap => {
                    lower_run = 0;
                    true
                }
                TokenKind::Word if n == "the" || n == "'s" => true,
                TokenKind::Word => {
                    lower_run += 1;
                    lower_run <= 2 && modifier_word(n)
                }
                TokenKind::Punct => matches!(s, "(" | ")" | "'" | "’"),
                _ => false,
            };
            if !ok {
                break;
            }
            if (t.kind == TokenKind::Word && n != "the") || s == ")" {
                last_good = Some(k + 1);
            }
            k += 1;
        }
        // Keep the phrase only when it names something (a capitalised word).
        if let Some(end) = last_good {
            if (b + 1..end).any(|x| doc.tokens[x].cap) {
                b = end;
            }
        }
    }
    let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
    Some(Mention {
        span,
        kind: MentionKind::Nominal,
        etype: Some(EntityType::Person),
        entity: None,
        roles: vec![doc.norm(h).to_string()],
        tokens: a..b,
    })
}

/// A lower-case word that can modify a noun inside a description: not a
/// function word, not a cue verb, not an adverb of the speech frame.
fn modifier_word(n: &str) -> bool {
    !lexicon::function_words().contains(n) && cues::lookup(n).is_none() && !lexicon::adverbs().contains(n) && n != "who"
}

/// A head noun of a description: a role (`resources/roles.txt`) or an
/// epithet (`resources/epithets.txt`).
pub fn is_role(n: &str) -> bool {
    lexicon::roles().contains(n) || lexicon::epithets().contains(n)
}

/// Is `m` a description the attribution model was trained without: an
/// age ("the 32-year-old") or an epithet ("the defender")? It reads them
/// as the words they are (`statements::learned`).
pub fn unseen_by_attribution(m: &Mention) -> bool {
    is_age(m) || is_epithet(m)
}

/// Is `m` a description headed by an epithet ("the defender")?
fn is_epithet(m: &Mention) -> bool {
    m.kind == MentionKind::Nominal
        && m.roles
            .first()
            .is_some_and(|r| lexicon::epithets().contains(r.as_str()))
}

/// Is `m` an age description ("the 32-year-old")?
pub fn is_age(m: &Mention) -> bool {
    m.kind == MentionKind::Nominal && m.roles.first().is_some_and(|r| r.ends_with("-year-old"))
}

/// "The 32-year-old" (and "the 28-year-old actor"): news names a person
/// by age once it has named them — sport and entertainment reports above
/// all. Only after "the": "a 25-year-old man" is someone new. The role is
/// the age itself, so that "the 25-year-old" never joins the 32-year-old.
fn age_description(doc: &Document, i: usize, range: std::ops::Range<usize>) -> Option<Mention> {
    let n = doc.norm(i);
    let age = n.strip_suffix("-year-old")?;
    if age.is_empty() || !age.chars().all(|c| c.is_ascii_digit()) || i == range.start || doc.norm(i - 1) != "the" {
        return None;
    }
    // A noun after it is its head: "the 28-year-old actor", "the
    // 30-year-old Spaniard" (not a verb: "the 32-year-old has").
    let mut end = i + 1;
    if end < range.end
        && doc.tokens[end].kind == TokenKind::Word
        && matches!(crate::backbone::annotate::xpos(doc, end), "NN" | "NNP")
    {
        end += 1;
    }
    Some(Mention {
        span: Span::new(doc.tokens[i - 1].span.start, doc.tokens[end - 1].span.end),
        kind: MentionKind::Nominal,
        etype: Some(EntityType::Person),
        entity: None,
        roles: vec![n.to_string()],
        tokens: i - 1..end,
    })
}
