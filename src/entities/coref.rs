//! Within-article coreference: mentions → entities.
//!
//! Mentions are visited in text order. Names merge by surface, surname,
//! acronym, an organisation's opening words ("Pernod" = "Pernod Ricard");
//! a one-word name before a noun of an organisation's staff ("a Marsh
//! spokeswoman") is an organisation whatever the NER typed it.
//! Descriptions join a person by role noun (a title the person carries or a
//! description already used for them), by apposition or identity ("Judy
//! Bell, the company's founder", "The star witness is Mr Sullivan", "the
//! film's producer Anton Vehl"), or forward to the first person named
//! right after an opening description ("According to the commander …,
//! Brigadier General Esmail Qaani …"); else a definite one — an office
//! ("the minister") or an epithet ("the defender") — takes the most recent
//! person, unless the text gave that person an office of another kind,
//! and an age ("the 23-year-old") the most salient one. A description
//! owned by someone ("the prime minister's spokesman") is a person of its
//! own. Pronouns go to the most salient person: the first
//! person of the nearest sentence that has one whose gender does not
//! contradict the pronoun's ("she" is not "Mr. Smith" nor "Bruce
//! Misamore").

use rustc_hash::FxHashSet as HashSet;

use crate::document::{Document, Entity, EntityType, MentionKind, TokenKind};
use crate::entities::names::is_acronym;
use crate::lexicon;

struct Cluster {
    etype: Option<EntityType>,
    mentions: Vec<usize>,
    /// Name mention surfaces, normalised (lower case).
    names: Vec<String>,
    /// Lower-case last words of person names (surnames).
    surnames: HashSet<String>,
    roles: HashSet<String>,
    /// Offices the text states for this person: titles on their name and
    /// descriptions in apposition ("New York Attorney General Elliot
    /// Spitzer"), not descriptions only guessed to be them.
    offices: HashSet<String>,
    /// Paragraph of the latest mention.
    last_paragraph: usize,
}

impl Cluster {
    /// An entity first met in paragraph `para`, with nothing known yet.
    fn new(etype: Option<EntityType>, para: usize) -> Cluster {
        Cluster {
            etype,
            mentions: Vec::new(),
            names: Vec::new(),
            surnames: HashSet::default(),
            roles: HashSet::default(),
            offices: HashSet::default(),
            last_paragraph: para,
        }
    }
}

/// A person's grammatical gender, as a pronoun or a title gives it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gender {
    Male,
    Female,
}

/// The gender of a he/she pronoun (lower case).
pub fn pronoun_gender(word: &str) -> Option<Gender> {
    match word {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a title or person noun gives ("Mrs.", "spokeswoman":
/// `resources/gender_words.tsv`; lower case).
pub fn word_gender(word: &str) -> Option<Gender> {
    code_gender(crate::lexicon::gender_words().get(word)?)
}

/// "m" / "f" as the resource files write them.
fn code_gender(code: &str) -> Option<Gender> {
    match code.as_bytes().first() {
        Some(b'm') => Some(Gender::Male),
        Some(b'f') => Some(Gender::Female),
        _ => None,
    }
}

/// The one gender all of `it` agree on; none if they disagree or are none.
fn agreed(mut it: impl Iterator<Item = Gender>) -> Option<Gender> {
    let g = it.next()?;
    it.all(|x| x == g).then_some(g)
}

/// The gender a cluster's titles and descriptions give, else the one its
/// first names usually have (`resources/first_names.tsv`, learned by
/// `dateline train names`). Conflicting evidence of one kind gives none.
fn cluster_gender(c: &Cluster) -> Option<Gender> {
    agreed(c.roles.iter().filter_map(|r| word_gender(r))).or_else(|| {
        let names = crate::lexicon::first_names();
        agreed(
            c.names
                .iter()
                .filter_map(|n| code_gender(names.get(n.split_once(' ')?.0)?)),
        )
    })
}

/// Whether a person can be referred to with a word of this gender (true
/// when either is unknown).
fn fits(c: &Cluster, gender: Option<Gender>) -> bool {
    gender.is_none() || cluster_gender(c).is_none_or(|g| Some(g) == gender)
}

/// Merge the document's mentions into entities; `genders`: whether a
/// pronoun must agree with its person's gender (off only to learn first
/// names' genders from the pronouns that follow them).
pub fn resolve(doc: &mut Document, genders: bool) {
    let n = doc.mentions.len();
    let sentence_of: Vec<usize> = doc
        .mentions
        .iter()
        .map(|m| doc.sentence_at(m.span.start).unwrap_or(doc.sentences.len()))
        .collect();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut link: Vec<Option<usize>> = vec![None; n];
    // Opening descriptions waiting for the person they describe.
    let mut pending: Vec<usize> = Vec::new();
    // Appositions: "the late founder, Imam Khomeini," — description → name;
    // identity: "The prosecution's star witness is Mr Sullivan"; and a
    // description that runs into a name: "The film's executive producer
    // Anton Vehl" (modifiers only between, not "a lawyer representing Mr
    // Wass" or "a spokesman for Commissioner Frattini").
    let mut apposed: Vec<Option<usize>> = vec![None; n];
    for (mi, m) in doc.mentions.iter().enumerate() {
        if m.kind != MentionKind::Nominal {
            continue;
        }
        if let Some(k) = (mi + 1..n).find(|&k| {
            let name = &doc.mentions[k];
            name.kind == MentionKind::Name
                && name.tokens.start >= m.tokens.end
                && name.tokens.start <= m.tokens.end + 3
                && name.etype == Some(EntityType::Person)
                && (m.tokens.end..name.tokens.start).all(|x| {
                    doc.tokens[x].kind == TokenKind::Word
                        && matches!(crate::backbone::annotate::xpos(doc, x), "NN" | "NNP" | "JJ")
                        && !lexicon::function_words().contains(doc.norm(x))
                })
        }) {
            apposed[k] = Some(mi);
            continue;
        }
        if !matches!(doc.norm(m.tokens.end), "," | "is" | "was") {
            continue;
        }
        if let Some(k) = (mi + 1..n)
            .find(|&k| doc.mentions[k].kind == MentionKind::Name && doc.mentions[k].tokens.start >= m.tokens.end)
        {
            let gap = doc.mentions[k].tokens.start - m.tokens.end - 1;
            let titles_only = (m.tokens.end + 1..doc.mentions[k].tokens.start)
                .all(|t| crate::lexicon::titles().contains(doc.norm(t)));
            let name = &doc.mentions[k];
            let closes = matches!(doc.norm(name.tokens.end), "," | "." | ")" | "and" | ";" | "");
            if gap <= 3 && titles_only && closes && name.etype.is_none_or(|t| t == EntityType::Person) {
                apposed[k] = Some(mi);
            }
        }
    }
    let appositive_of: Vec<bool> = (0..n).map(|mi| apposed.contains(&Some(mi))).collect();
    let etypes = organisations_by_their_staff(doc);

    for mi in 0..n {
        let m = &doc.mentions[mi];
        let para = doc.sentences.get(sentence_of[mi]).map_or(0, |s| s.paragraph);
        let target = match m.kind {
            MentionKind::Name => {
                let surface = doc.slice(m.span);
                let key = surface.to_lowercase();
                let ntok = m.tokens.len();
                let last = doc.norm(m.tokens.end.saturating_sub(1)).to_string();
                // Same name, same type: "Milwaukee" the city and "Milwaukee"
                // the team stay apart when the model typed them differently.
                let same_type = |c: &Cluster| match (c.etype, etypes[mi]) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                };
                let found = clusters
                    .iter()
                    .rposition(|c| c.names.contains(&key) && same_type(c))
                    .or_else(|| {
                        // Acronym defined in place: "Guards Corps' (IRGC)".
                        if !is_acronym(surface) {
                            return None;
                        }
                        let t0 = m.tokens.start;
                        if t0 >= 2 && doc.token_text(t0 - 1) == "(" {
                            let prev_end = doc.tokens[t0 - 2].span.end;
                            let before = (0..mi).rev().find(|&k| {
                                doc.mentions[k].kind == MentionKind::Name
                                    && doc.mentions[k].span.end + 2 >= prev_end
                                    && doc.mentions[k].span.end <= prev_end
                            });
                            if let Some(k) = before {
                                return link[k];
                            }
                        }
                        clusters.iter().rposition(|c| {
                            same_type(c) && c.names.iter().any(|nm| initials(nm) == key.replace('.', ""))
                        })
                    })
                    .or_else(|| {
                        // An organisation by the first words of its full
                        // name, either way round: "Pernod Ricard" … "Pernod",
                        // "Wells" … "Wells Fargo".
                        if etypes[mi] != Some(EntityType::Org) {
                            return None;
                        }
                        clusters.iter().rposition(|c| {
                            c.etype == Some(EntityType::Org)
                                && c.names.iter().any(|nm| opens_name(nm, &key) || opens_name(&key, nm))
                        })
                    })
                    .or_else(|| {
                        // A surname, or a shorter form of a person's name.
                        if etypes[mi].is_some_and(|t| t != EntityType::Person) && ntok > 1 {
                            return None;
                        }
                        clusters.iter().rposition(|c| {
                            c.etype.is_none_or(|t| t == EntityType::Person)
                                && (c.surnames.contains(&last)
                                    && (ntok == 1 || c.names.iter().any(|nm| nm.ends_with(&key))))
                        })
                    })
                    .or_else(|| {
                        // A full name after its surname alone: "Qaani" … "Esmail Qaani".
                        if ntok < 2 || etypes[mi].is_some_and(|t| t != EntityType::Person) {
                            return None;
                        }
                        clusters
                            .iter()
                            .rposition(|c| c.names.iter().all(|nm| !nm.contains(' ')) && c.names.contains(&last))
                    });
                let ci = found.unwrap_or_else(|| {
                    clusters.push(Cluster::new(None, para));
                    clusters.len() - 1
                });
                let c = &mut clusters[ci];
                if !c.names.contains(&key) {
                    c.names.push(key);
                }
                if c.etype.is_none()
                    || (c.etype != Some(EntityType::Person) && etypes[mi] == Some(EntityType::Person) && ntok > 1)
                {
                    c.etype = etypes[mi].or(c.etype);
                }
                if etypes[mi] == Some(EntityType::Person) || (ntok > 1 && etypes[mi].is_none()) {
                    c.surnames.insert(last);
                }
                c.roles.extend(m.roles.iter().cloned());
                let offices = |k: usize| {
                    doc.mentions[k]
                        .roles
                        .iter()
                        .filter(|r| lexicon::roles().contains(r.as_str()))
                };
                c.offices.extend(offices(mi).cloned());
                if let Some(p) = apposed[mi] {
                    link[p] = Some(ci);
                    c.roles.extend(doc.mentions[p].roles.iter().cloned());
                    c.offices.extend(offices(p).cloned());
                    c.mentions.push(p);
                }
                // Opening descriptions describe the first person named after them.
                if c.etype == Some(EntityType::Person) {
                    for p in pending.drain(..) {
                        link[p] = Some(ci);
                        c.roles.extend(doc.mentions[p].roles.iter().cloned());
                        c.mentions.push(p);
                    }
                }
                Some(ci)
            }
            MentionKind::Nominal if appositive_of[mi] => None,
            MentionKind::Nominal => {
                let role = m.roles.first().cloned().unwrap_or_default();
                let definite = doc.norm(m.tokens.start) == "the";
                let age = super::nominals::is_age(m);
                // "the prime minister's official spokesman" is someone else
                // than the people named around it: on BBC politics the most
                // recent person was the wrong one every time.
                // Unless it follows a name in apposition: "Judy Bell, the
                // company's founder, said".
                let apposed_to_name = m.tokens.start >= 2
                    && doc.norm(m.tokens.start - 1) == ","
                    && (0..mi).rev().take(3).any(|k| {
                        doc.mentions[k].kind == MentionKind::Name
                            && doc.mentions[k].etype.is_none_or(|t| t == EntityType::Person)
                            && doc.mentions[k].tokens.end == m.tokens.start - 1
                    });
                let possessed = definite
                    && !apposed_to_name
                    && (m.tokens.start..m.tokens.end)
                        .take_while(|&t| doc.norm(t) != role)
                        .any(|t| doc.norm(t) == "'s");
                let by_role = clusters.iter().rposition(|c| {
                    c.etype == Some(EntityType::Person) && c.roles.contains(&role) && para <= c.last_paragraph + 6
                });
                let found = by_role.or_else(|| {
                    if !definite || possessed {
                        return None;
                    }
                    // The most recent person, when named in this or the previous
                    // paragraph (and not a man for "the spokeswoman").
                    // An age ("the 23-year-old") names the person the text is
                    // about, as a pronoun does: "She will now meet Venus
                    // Williams. 'Bring it on,' said the 23-year-old."
                    let gender = word_gender(&role).filter(|_| genders);
                    let recent = if age {
                        salient_person(doc, mi, &sentence_of, &link, &clusters, None)
                    } else {
                        // Not a person the text gave another office: "New York
                        // Attorney General Elliot Spitzer" is not "the Marsh
                        // executive" (but "Education Secretary Ruth Kelly"
                        // is "the minister": `resources/office_kin.txt`).
                        // Offices guessed from earlier descriptions do not
                        // count: "the general election" makes no general.
                        (0..mi)
                            .rev()
                            .find_map(|k| {
                                let c = link[k]?;
                                (clusters[c].etype == Some(EntityType::Person) && fits(&clusters[c], gender))
                                    .then_some(c)
                            })
                            .filter(|&c| clusters[c].offices.iter().all(|o| lexicon::kin_offices(o, &role)))
                    }?;
                    (clusters[recent].last_paragraph + 1 >= para).then_some(recent)
                });
                match found {
                    Some(ci) => {
                        clusters[ci].roles.insert(role);
                        Some(ci)
                    }
                    // A person of their own, unnamed, whom a later "the
                    // spokesman" or "he" can still mean. (Before anyone is
                    // named it waits for the first name, as below: "…, the
                    // firm's chief has told BBC News. … Helmut Panke".)
                    None if possessed && clusters.iter().any(|c| c.etype == Some(EntityType::Person)) => {
                        let mut person = Cluster::new(Some(EntityType::Person), para);
                        person.roles.insert(role);
                        clusters.push(person);
                        Some(clusters.len() - 1)
                    }
                    None => {
                        if definite && !age && clusters.iter().all(|c| c.etype != Some(EntityType::Person)) {
                            pending.push(mi);
                        }
                        None
                    }
                }
            }
            MentionKind::Pronoun => {
                if doc.norm(m.tokens.start) == "who" {
                    // The mention right before ", who".
                    (0..mi)
                        .rev()
                        .take(3)
                        .find(|&k| {
                            doc.mentions[k].span.end <= m.span.start
                                && m.tokens.start.saturating_sub(doc.mentions[k].tokens.end) <= 1
                        })
                        .and_then(|k| link[k])
                } else {
                    let gender = pronoun_gender(doc.norm(m.tokens.start)).filter(|_| genders);
                    salient_person(doc, mi, &sentence_of, &link, &clusters, gender)
                }
            }
        };
        if let Some(ci) = target {
            link[mi] = Some(ci);
            let c = &mut clusters[ci];
            if !c.mentions.contains(&mi) {
                c.mentions.push(mi);
            }
            c.last_paragraph = para;
        }
    }

    // Entities: clusters that carry a name.
    let mut entities = Vec::new();
    let mut index = vec![None; clusters.len()];
    for (ci, c) in clusters.iter_mut().enumerate() {
        let Some(best) = c
            .mentions
            .iter()
            .copied()
            .filter(|&k| doc.mentions[k].kind == MentionKind::Name)
            .max_by_key(|&k| {
                let caps = doc.slice(doc.mentions[k].span).chars().all(|ch| !ch.is_lowercase());
                (doc.mentions[k].tokens.len(), !caps, std::cmp::Reverse(k))
            })
        else {
            continue;
        };
        let surface = doc.slice(doc.mentions[best].span);
        let name = if surface.chars().filter(|ch| ch.is_alphabetic()).all(char::is_uppercase) && !is_acronym(surface) {
            crate::dateline::title_case(surface)
        } else {
            surface.to_string()
        };
        let has_person_refs = c.mentions.iter().any(|&k| doc.mentions[k].kind != MentionKind::Name);
        if c.etype == Some(EntityType::Person) && !has_person_refs && company_by_context(doc, &c.mentions) {
            c.etype = Some(EntityType::Org);
        }
        let etype = c.etype.unwrap_or(if has_person_refs {
            EntityType::Person
        } else if doc.mentions[best].tokens.len() == 1 && looks_like_place(doc, &c.mentions) {
            EntityType::Place
        } else {
            EntityType::Org
        });
        c.mentions.sort_by_key(|&k| doc.mentions[k].span.start);
        index[ci] = Some(entities.len());
        entities.push(Entity {
            etype,
            name,
            mentions: c.mentions.clone(),
        });
    }
    for (mi, l) in link.iter().enumerate() {
        doc.mentions[mi].entity = l.and_then(|ci| index[ci]);
    }
    doc.entities = entities;
}

/// Is a one-word "person" a company by what surrounds it? Every name
/// mention one word, and one of them right after a noun that describes
/// companies ("US media giant TimeWarner", "sportswear firm Umbro":
/// `resources/company_nouns.txt`) or before "shares" ("DaimlerChrysler's
/// shares"). The model, trained on 1996 newswire, types company names it
/// never saw by their shape; on the first 300 BBC articles all 21 such
/// entities are companies (CoNLL dev 0.914 → 0.916, one entity).
pub(super) fn company_by_context(doc: &Document, mentions: &[usize]) -> bool {
    let names: Vec<&crate::document::Mention> = mentions.iter().map(|&k| &doc.mentions[k]).collect();
    names.iter().all(|m| m.tokens.len() == 1)
        && names.iter().any(|m| {
            let before = m.tokens.start.checked_sub(1).map_or("", |k| doc.norm(k));
            // (Within the sentence: not the "Shares" opening the next one.)
            let sentence_end = doc
                .sentence_at(m.span.start)
                .and_then(|s| doc.sentences.get(s))
                .map_or(0, |s| s.tokens.end);
            let after = |d: usize| {
                if m.tokens.end + d < sentence_end {
                    doc.norm(m.tokens.end + d)
                } else {
                    ""
                }
            };
            crate::lexicon::company_nouns().contains(before)
                || after(0) == "shares"
                || (matches!(after(0), "'s" | "’s") && after(1) == "shares")
        })
}

/// Does the short name open the long one, as whole words ("pernod" of
/// "pernod ricard")? Not a name run together with another: "mittal steel"
/// does not open "mittal steel and isg".
pub(super) fn opens_name(long: &str, short: &str) -> bool {
    long.strip_prefix(short)
        .is_some_and(|rest| rest.starts_with(' ') && !rest.contains(" and "))
}

/// "Islamic Revolution Guards Corps" → "irgc".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&"))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn looks_like_place(doc: &Document, mentions: &[usize]) -> bool {
    mentions.iter().any(|&k| {
        let t = doc.mentions[k].tokens.start;
        t > 0 && matches!(doc.norm(t - 1), "in" | "to" | "from" | "at" | "across" | "near")
    })
}

/// Each mention's type, with one-word names the named-entity model typed
/// a person made organisations where the text writes them right before a
/// noun of their staff (`resources/staff_nouns.txt`): "a Marsh
/// spokeswoman", "Rosneft officials", "Chelsea boss Jose Mourinho" — every
/// mention of that name in the article. Not a name with a title ("Mr
/// Blair's spokesman" has its "'s" between anyway) and not a longer name,
/// which keeps the person a full name gives ("a Blair spokesman" after
/// "Tony Blair" joins the person Tony Blair). The mentions keep the
/// model's type (the attribution labeller reads it); only the entity is
/// typed anew, so that "he" no longer finds the company.
fn organisations_by_their_staff(doc: &Document) -> Vec<Option<EntityType>> {
    let one_word_person = |m: &crate::document::Mention| {
        m.kind == MentionKind::Name && m.etype == Some(EntityType::Person) && m.tokens.len() == 1 && m.roles.is_empty()
    };
    let staffed: HashSet<String> = doc
        .mentions
        .iter()
        .filter(|m| {
            one_word_person(m)
                && doc.tokens.get(m.tokens.end).is_some_and(|t| !t.cap)
                && lexicon::staff_nouns().contains(doc.norm(m.tokens.end))
        })
        .map(|m| doc.slice(m.span).to_lowercase())
        .collect();
    doc.mentions
        .iter()
        .map(|m| {
            if one_word_person(m) && staffed.contains(&doc.slice(m.span).to_lowercase()) {
                Some(EntityType::Org)
            } else {
                m.etype
            }
        })
        .collect()
}

/// The person a he/she pronoun most likely refers to: the first person
/// mentioned earlier in its own sentence, else the first person of the
/// nearest earlier sentence (up to five back) that mentions one.
fn salient_person(
    doc: &Document,
    mi: usize,
    sentence_of: &[usize],
    link: &[Option<usize>],
    clusters: &[Cluster],
    gender: Option<Gender>,
) -> Option<usize> {
    let s = sentence_of[mi];
    let in_quote = |k: usize| doc.quotations.iter().any(|q| q.inner.contains(doc.mentions[k].span));
    let m_in_quote = in_quote(mi);
    let person = |k: usize| {
        let c = link[k]?;
        (clusters[c].etype == Some(EntityType::Person)
            && (in_quote(k) == m_in_quote || !in_quote(k))
            && fits(&clusters[c], gender))
        .then_some(c)
    };
    // Same sentence, before the pronoun.
    let mut k = mi;
    let mut first_in_sentence = None;
    while k > 0 {
        k -= 1;
        if sentence_of[k] != s {
            break;
        }
        if let Some(c) = person(k) {
            first_in_sentence = Some(c);
        }
    }
    if first_in_sentence.is_some() {
        return first_in_sentence;
    }
    // Earlier sentences.
    let mut k = mi;
    let mut current = None;
    let mut best = None;
    while k > 0 {
        k -= 1;
        let sk = sentence_of[k];
        if s.saturating_sub(sk) > 5 {
            break;
        }
        if current != Some(sk) {
            if best.is_some() {
                return best;
            }
            current = Some(sk);
        }
        if let Some(c) = person(k) {
            best = Some(c);
        }
    }
    best
}
