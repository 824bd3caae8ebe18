use crate::document::{Document, StatementKind};
use crate::pipeline::process_text;

/// (kind, speaker text, speaker entity name, cue text, content fragments).
type Row = (StatementKind, String, Option<String>, String, Vec<String>);

fn rows(doc: &Document) -> Vec<Row> {
    doc.statements
        .iter()
        .map(|s| {
            let name = s
                .speaker_mention
                .and_then(|m| doc.mentions[m].entity)
                .map(|e| doc.entities[e].name.clone());
            (
                s.kind,
                s.speaker.map_or(String::new(), |sp| doc.slice(sp).to_string()),
                name,
                s.cue.map_or(String::new(), |c| doc.slice(c).to_string()),
                s.content.iter().map(|c| doc.slice(*c).to_string()).collect(),
            )
        })
        .collect()
}

/// The statement whose content contains `word` (the test fails without one).
fn with_content<'a>(r: &'a [Row], word: &str) -> &'a Row {
    r.iter()
        .find(|row| row.4.iter().any(|c| c.contains(word)))
        .unwrap_or_else(|| panic!("no statement with {word:?}: {r:?}"))
}

fn rows_of(text: &str) -> Vec<Row> {
    rows(&process_text("t", text, None))
}

fn one(text: &str) -> Row {
    let doc = process_text("t", text, None);
    let mut r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    r.remove(0)
}

#[test]
fn reported_speech_with_that() {
    let r = one("Mayor Tilde Aas declared that the harbour would reopen in May.");
    assert_eq!(r.0, StatementKind::Indirect);
    assert_eq!(r.1, "Mayor Tilde Aas");
    assert_eq!(r.2.as_deref(), Some("Tilde Aas"));
    assert_eq!(r.3, "declared");
    assert_eq!(r.4, vec!["the harbour would reopen in May"]);
}

#[test]
fn quote_before_the_tag_and_inverted_tag() {
    let r = one("“We will rebuild the pier,” said Mayor Tilde Aas.");
    assert_eq!((r.0, r.3.as_str()), (StatementKind::Direct, "said"));
    assert_eq!(r.4, vec!["We will rebuild the pier"]);
    assert_eq!(r.2.as_deref(), Some("Tilde Aas"));
}

#[test]
fn quote_split_around_the_tag_is_one_statement_in_two_fragments() {
    let r = one("Engineer Ruud Stam met us. “The girders are rusted,” he said, “and the deck is cracked.”");
    assert_eq!(r.4, vec!["The girders are rusted", "and the deck is cracked."]);
    assert_eq!(r.2.as_deref(), Some("Ruud Stam"));
}

#[test]
fn following_quote_in_the_paragraph_continues_the_statement() {
    let r = one("“We are ready,” Ines Baro said. “The boats are fuelled and the crews are rested.”");
    assert_eq!(r.4.len(), 2);
    assert_eq!(r.4[1], "The boats are fuelled and the crews are rested.");
}

#[test]
fn floating_quote_paragraph_continues_the_previous_speaker() {
    let doc = process_text(
        "t",
        "Ines Baro, the fleet manager, said the boats were ready.\n\n“The crews are rested and the nets are mended.”",
        None,
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].0, StatementKind::Direct);
    assert_eq!(r[1].2.as_deref(), Some("Ines Baro"));
}

#[test]
fn according_to_before_and_after() {
    let r = one("According to the port authority, eleven ships are waiting at anchor.");
    assert_eq!(r.3, "According to");
    assert_eq!(r.1, "the port authority");
    assert_eq!(r.4, vec!["eleven ships are waiting at anchor"]);
    let r = one("Eleven ships are waiting at anchor, according to the port authority.");
    assert_eq!(r.4, vec!["Eleven ships are waiting at anchor"]);
}

#[test]
fn relative_pronoun_speaker_resolves_to_the_antecedent() {
    let doc = process_text(
        "t",
        "Traffic fell by half, according to Ines Baro, who added that the strike had cost millions.",
        None,
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].1, "who");
    assert_eq!(r[1].2.as_deref(), Some("Ines Baro"));
    assert_eq!(r[1].4, vec!["the strike had cost millions"]);
}

#[test]
fn colon_introduced_quote() {
    let r = one("Council member Joost Adder put it bluntly: \"This closure will cost the bakeries their mornings.\"");
    assert_eq!(r.0, StatementKind::Direct);
    assert_eq!(r.4, vec!["This closure will cost the bakeries their mornings."]);
}

#[test]
fn apposition_between_speaker_and_cue() {
    let r = one("Pieter Hallam, the council's chief engineer since 2019, said the girders had rusted through.");
    assert_eq!(r.1, "Pieter Hallam");
    assert_eq!(r.4, vec!["the girders had rusted through"]);
}

#[test]
fn described_as_and_urged_to() {
    let doc = process_text(
        "t",
        "The director described the strike as an attempt to stop the clock, and urged the union to return to work.",
        None,
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].3, "described");
    assert_eq!(r[1].3, "urged");
}

#[test]
fn mixed_statement_has_a_quoted_part() {
    let r = one("She said the union would not accept \"a single job lost to machines.\"");
    assert_eq!(r.0, StatementKind::Mixed);
}

#[test]
fn nouns_that_look_like_cues_are_not_cues() {
    let doc = process_text(
        "t",
        "His claims were checked by the states. The show went on, and the comments kept coming.",
        None,
    );
    assert!(doc.statements.is_empty(), "{:?}", rows(&doc));
}

#[test]
fn scare_quotes_alone_are_not_statements() {
    let doc = process_text(
        "t",
        "The so-called \"reform\" passed on Tuesday after a long debate in the chamber.",
        None,
    );
    assert!(doc.statements.is_empty(), "{:?}", rows(&doc));
}

/// A document run through the pipeline, with gold-style labels for one
/// attribution given as (source, cue, content fragments) substrings.
fn labelled(text: &str, source: &str, cue: &str, contents: &[&str]) -> (Document, Vec<u8>) {
    use crate::document::Span;
    let doc = process_text("t", text, None);
    let span = |w: &str| {
        let a = text.find(w).unwrap_or_else(|| panic!("{w:?} not in the text"));
        Span::new(a, a + w.len())
    };
    let labels = super::learned::gold_labels(
        &doc,
        &[[
            vec![span(source)],
            vec![span(cue)],
            contents.iter().map(|c| span(c)).collect(),
        ]],
    );
    (doc, labels)
}

/// The speaker English linking gives the gold labels of one attribution.
fn linked_speaker(text: &str, source: &str, cue: &str, content: &str) -> Option<String> {
    let (doc, labels) = labelled(text, source, cue, &[content]);
    first_linked(&doc, &labels).0
}

/// The speaker text and the content fragments of the first statement
/// that English linking makes of `labels`.
fn first_linked(doc: &Document, labels: &[u8]) -> (Option<String>, Vec<String>) {
    first_of(doc, &super::link(doc, labels, false, true))
}

/// The same with German Wikinews linking (a statement per reported
/// sentence, entity types not trusted).
fn first_linked_de(doc: &Document, labels: &[u8]) -> (Option<String>, Vec<String>) {
    first_of(doc, &super::link(doc, labels, true, false))
}

fn first_of(doc: &Document, found: &[super::Found]) -> (Option<String>, Vec<String>) {
    let f = found.first().expect("a statement");
    (
        f.speaker
            .clone()
            .map(|r| doc.slice(super::tok_span(doc, &r)).to_string()),
        f.content.iter().map(|c| doc.slice(*c).to_string()).collect(),
    )
}

/// The index of the first token that reads `word`.
fn token_of(doc: &Document, word: &str) -> usize {
    (0..doc.tokens.len())
        .find(|&k| doc.token_text(k) == word)
        .unwrap_or_else(|| panic!("no token {word:?}"))
}

#[test]
fn a_reported_sentence_after_the_cue_is_its_own_statement_where_the_corpus_says_so() {
    let text = "Der Staatsanwalt sagte, der Sohn habe sich selbst getötet. Dies sei eindeutig nachzuweisen.";
    let (doc, labels) = labelled(
        text,
        "Der Staatsanwalt",
        "sagte",
        &["der Sohn habe sich selbst getötet", "Dies sei eindeutig nachzuweisen"],
    );
    let spans = |f: &super::Found| -> Vec<String> { f.content.iter().map(|c| doc.slice(*c).to_string()).collect() };
    // German Wikinews: two statements, the second without a cue, same speaker.
    let found = super::link(&doc, &labels, true, false);
    assert_eq!(found.len(), 2);
    assert_eq!(spans(&found[0]), ["der Sohn habe sich selbst getötet"]);
    assert!(found[0].cue.is_some());
    assert_eq!(spans(&found[1]), ["Dies sei eindeutig nachzuweisen"]);
    assert!(found[1].cue.is_none());
    assert_eq!(found[1].speaker, found[0].speaker);
    assert!(found[0].speaker.is_some());
    // PolNeAR: one statement; its unquoted run in another sentence is
    // more often another attribution's than its own, and drops.
    let found = super::link(&doc, &labels, false, true);
    assert_eq!(found.len(), 1);
    assert_eq!(spans(&found[0]), ["der Sohn habe sich selbst getötet"]);
}

#[test]
fn a_quoted_run_in_the_next_sentence_stays_with_its_cue_an_unquoted_one_does_not() {
    let text =
        "Mayor Lena Okafor said the bridge would reopen in May. \"It will be safe.\" Traffic was light on Monday.";
    let contents = |runs: &[&str]| {
        let (doc, labels) = labelled(text, "Mayor Lena Okafor", "said", runs);
        first_linked(&doc, &labels).1
    };
    assert_eq!(
        contents(&["the bridge would reopen in May", "It will be safe."]),
        ["the bridge would reopen in May", "It will be safe."]
    );
    assert_eq!(
        contents(&["the bridge would reopen in May", "Traffic was light on Monday"]),
        ["the bridge would reopen in May"]
    );
    // With nothing in the cue's sentence, the run is all there is.
    assert_eq!(
        contents(&["Traffic was light on Monday"]),
        ["Traffic was light on Monday"]
    );
}

#[test]
fn a_quotation_inside_reported_speech_is_found_as_a_nested_statement() {
    let text = "Der Staatsanwalt sagte, der Sohn habe sich „bewusst und gewollt stranguliert“.";
    let (doc, labels) = labelled(
        text,
        "Der Staatsanwalt",
        "sagte",
        &["der Sohn habe sich „bewusst und gewollt stranguliert“"],
    );
    let found = super::link(&doc, &labels, true, false);
    assert_eq!(found.len(), 1);
    let st = found
        .into_iter()
        .filter_map(|f| super::finish(&doc, f))
        .next()
        .expect("a statement");
    let nested = super::nested_quotations(&doc, &st);
    assert_eq!(nested.len(), 1);
    let n = &nested[0];
    assert_eq!(n.kind, StatementKind::Direct);
    let content: Vec<&str> = n.content.iter().map(|c| doc.slice(*c)).collect();
    assert_eq!(content, ["„bewusst und gewollt stranguliert“"]);
    assert_eq!(n.speaker, st.speaker);
    assert_eq!(n.cue, st.cue);
    // A quotation that is the whole content is the statement itself.
    let whole = crate::document::Statement {
        content: vec![n.content[0]],
        ..n.clone()
    };
    assert!(super::nested_quotations(&doc, &whole).is_empty());
}

#[test]
fn transcript_turns_are_statements_of_the_named_speakers() {
    let text = "Governor Alma Ruiz spoke to the radio host Ivo Kestrel on Sunday about the new bridge. \
A partial transcript follows:\n\n\
\"KESTREL: Will the bridge open in May, as you promised in the spring?\n\n\
\"RUIZ: We expect it to open in May, and the money for it is already there.\n\n\
\"KESTREL: And will drivers pay tolls on it?\n\n\
\"RUIZ: There will be no tolls in the first year, and then we will see.\n\n\
CORRECTION: An earlier version of this story misspelled the name of the bridge.";
    let doc = process_text("t", text, None);
    let r = rows(&doc);
    let turn = |speaker: &str, start: &str| {
        r.iter()
            .any(|row| row.1 == speaker && row.3 == ":" && row.4.first().is_some_and(|c| c.starts_with(start)))
    };
    assert!(turn("RUIZ", "We expect it to open in May"), "{r:?}");
    assert!(turn("RUIZ", "There will be no tolls"), "{r:?}");
    assert!(turn("KESTREL", "Will the bridge open in May"), "{r:?}");
    // The speaker's label is not part of what was said, and a notice is no one's words.
    assert!(
        r.iter()
            .all(|row| row.4.iter().all(|c| !c.contains("RUIZ:") && !c.contains("KESTREL:"))),
        "{r:?}"
    );
    assert!(r.iter().all(|row| row.1 != "CORRECTION"), "{r:?}");
}

#[test]
fn a_source_run_opening_with_who_is_who_and_none_ends_in_a_preposition() {
    // (text, labelled source, cue, content, the speaker span linked)
    let cases = [
        (
            "Tobias Reyne, who heads the Civic Renewal Party, on Sunday told reporters his party would appeal.",
            "who heads the Civic Renewal Party",
            "told",
            "his party would appeal",
            "who",
        ),
        // Closed by a comma right before the cue, the clause gives way to
        // its antecedent.
        (
            "Tobias Reyne, who heads the Civic Renewal Party, told reporters his party would appeal.",
            "who heads the Civic Renewal Party",
            "told",
            "his party would appeal",
            "Tobias Reyne",
        ),
        (
            "According to preliminary figures released on Friday, the Union for Progress leads.",
            "preliminary figures released on",
            "According to",
            "the Union for Progress leads",
            "preliminary figures released",
        ),
    ];
    for (text, source, cue, content, want) in cases {
        assert_eq!(
            linked_speaker(text, source, cue, content).as_deref(),
            Some(want),
            "{text}"
        );
    }
}

#[test]
fn quotations_signed_with_a_dash_and_a_name_are_that_persons() {
    let text = "Readers of the Harwick Courier told us what they made of the bridge vote. Mayor Tomas Reyne said the vote was fair.\n\n\
“The new bridge is a waste of money. Nobody asked the people who cross the river every day.” ― Lena Okafor\n\
“I have waited ten years for this bridge and I will be the first to cross it.”― Pieter Hallam\n\n\
Tolls start in May. No one should pay twice for one road. — Ines Marr (@inesmarr) May 3, 2024";
    let doc = process_text("t", text, None);
    let r = rows(&doc);
    let signed = |speaker: &str, start: &str| {
        r.iter().any(|row| {
            row.1 == speaker
                && matches!(row.3.as_str(), "―" | "—")
                && row.4.first().is_some_and(|c| c.starts_with(start))
        })
    };
    assert!(signed("Lena Okafor", "The new bridge is a waste"), "{r:?}");
    assert!(signed("Pieter Hallam", "I have waited ten years"), "{r:?}");
    assert!(signed("Ines Marr", "Tolls start in May"), "{r:?}");
}

#[test]
fn a_name_alone_is_no_statement_but_a_headline_or_a_clause_is_not_a_name() {
    let text = "The plan was set by the late founder, Imam Rahul Tenzing, and carried out by Governor Alma Ruiz.\n\n\
New Poll Shows Small Bump For Alma Ruiz\n\nRuiz said the bridge would open in May.";
    let doc = process_text("t", text, None);
    let span_of = |s: &str| {
        let a = text.find(s).expect("in text");
        crate::document::Span::new(a, a + s.len())
    };
    assert!(super::is_just_a_name(&doc, span_of("Imam Rahul Tenzing")));
    assert!(super::is_just_a_name(&doc, span_of("Governor Alma Ruiz")));
    assert!(!super::is_just_a_name(&doc, span_of("Small Bump For Alma Ruiz")));
    assert!(!super::is_just_a_name(&doc, span_of("the bridge would open in May")));
}

#[test]
fn one_word_or_an_unsourced_pair_is_no_statement() {
    let text = "Councillor Pia Lund said the ferry will stop running in winter, and the mayor agreed.";
    let doc = process_text("t", text, None);
    let span_of = |s: &str| {
        let a = text.find(s).expect("in text");
        crate::document::Span::new(a, a + s.len())
    };
    let speaker = doc.mentions.iter().position(|m| doc.slice(m.span).contains("Lund"));
    assert!(speaker.is_some());
    let statement = |content: &str, speaker_mention: Option<usize>| crate::document::Statement {
        kind: StatementKind::Indirect,
        speaker: speaker_mention.map(|m| doc.mentions[m].span),
        speaker_mention,
        cue: None,
        content: vec![span_of(content)],
    };
    assert!(super::says_something(
        &doc,
        &statement("the ferry will stop running in winter", speaker)
    ));
    assert!(super::says_something(
        &doc,
        &statement("the ferry will stop running in winter", None)
    ));
    assert!(super::says_something(&doc, &statement("the ferry", speaker)));
    assert!(!super::says_something(&doc, &statement("the ferry", None)));
    assert!(!super::says_something(&doc, &statement("ferry", speaker)));
}

#[test]
fn a_cue_without_a_labelled_source_takes_the_person_before_it() {
    // Labels as the labeller might leave them: cue and content, no source.
    let text = "In Oslo, Mayor Tilde Aas warned that the harbour would stay shut until May.";
    let (doc, mut labels) = labelled(
        text,
        "Mayor Tilde Aas",
        "warned",
        &["the harbour would stay shut until May"],
    );
    for l in labels.iter_mut() {
        if super::learned::role(*l) == super::learned::SRC {
            *l = 0;
        }
    }
    let speaker = |typed: bool| {
        let found = super::link(&doc, &labels, false, typed);
        found
            .first()
            .and_then(|f| f.speaker.clone())
            .map(|r| doc.slice(super::tok_span(&doc, &r)).to_string())
    };
    // The person, not the place named before her.
    assert_eq!(speaker(true).as_deref(), Some("Tilde Aas"));
}

/// Labels with only the given roles kept (as the labeller may leave them).
fn keep_roles(labels: &mut [u8], keep: &[u8]) {
    for l in labels.iter_mut() {
        if !keep.contains(&super::learned::role(*l)) {
            *l = 0;
        }
    }
}

#[test]
fn a_cue_without_a_labelled_source_takes_the_first_mention_not_the_nearest() {
    // The labeller took the separable particle for the cue and found no
    // source: the subject, not the object between it and the cue, speaks.
    let text = "Die Forscherin Greta Lund warf dem Ministerium Hansen vor, die Zahlen zu verschweigen.";
    let (doc, mut labels) = labelled(text, "Greta Lund", "vor", &["die Zahlen zu verschweigen"]);
    keep_roles(&mut labels, &[super::learned::CUE, super::learned::CNT]);
    let found = super::link(&doc, &labels, true, false);
    let speaker = found
        .first()
        .and_then(|f| f.speaker.clone())
        .map(|r| doc.slice(super::tok_span(&doc, &r)).to_string());
    let speaker = speaker.unwrap_or_default();
    assert!(speaker.contains("Greta Lund"), "{speaker:?}");
}

#[test]
fn a_quotation_after_a_colon_is_spoken_by_the_clause_before_it() {
    // No cue or source labelled: the quotation after the colon still gets
    // the person who introduces it, not the board named after her.
    let text = "Ola Brandt closed the meeting of the Harbour Board with these words: \"We will rebuild the bridge.\"";
    let (doc, mut labels) = labelled(text, "Ola Brandt", "closed", &["We will rebuild the bridge."]);
    keep_roles(&mut labels, &[super::learned::CNT]);
    let found = super::link(&doc, &labels, false, true);
    assert_eq!(found.len(), 1);
    let speaker = found[0]
        .speaker
        .clone()
        .map(|r| doc.slice(super::tok_span(&doc, &r)).to_string());
    assert_eq!(speaker.as_deref(), Some("Ola Brandt"));
    assert!(found[0].cue.is_none());
}

/// German Wikinews gives each reported sentence a statement of its own. One
/// whose own sentence names its source ("Greta Holm spekuliert …, der
/// Beton müsse …") is that source's, not the speaker of the last cue the
/// labeller found ("sagte" in the sentence before).
#[test]
fn a_german_reported_sentence_is_spoken_by_its_own_subject() {
    let text = "Der Bürgermeister Anton Krell sagte am Montag, die neue Brücke werde im Herbst fertig. \
                Greta Holm spekuliert in ihrem Gutachten, der Beton müsse erst aushärten.";
    let mut doc = Document::new("t", text.to_string(), None);
    let opts = crate::pipeline::Options {
        lang: crate::pipeline::Lang::De,
        ..Default::default()
    };
    crate::pipeline::run_with(&mut doc, opts);
    let r = rows(&doc);
    let beton = with_content(&r, "Beton müsse");
    assert!(beton.1.contains("Holm"), "{r:?}");
    let bruecke = with_content(&r, "Brücke");
    assert!(bruecke.1.contains("Krell"), "{r:?}");
}

/// A time expression is never a speaker, even where the labeller takes it
/// for the source ("released on Friday said").
#[test]
fn a_time_is_no_speaker() {
    let doc = process_text(
        "t",
        "A survey released on Friday said the country needed to ease limits on foreign investment.",
        Some("2024-03-09"),
    );
    let r = rows(&doc);
    let st = with_content(&r, "ease limits");
    assert!(!st.1.contains("Friday"), "{r:?}");
    for s in &doc.statements {
        if let Some(sp) = s.speaker {
            assert!(!doc.timexes.iter().any(|t| t.span.contains(sp)), "{r:?}");
        }
    }
}

/// Statements that put the content first: the whole clause before the
/// tag is what was said, not its first word or a piece of it — after a
/// dateline, with a description before the speaker's name, and with a
/// participle clause after the tag, which was not said.
#[test]
fn content_before_the_tag_is_the_whole_clause() {
    let text = "LAKETOWN, Norland — The ferry service on the northern lakes will stop in October, its operator \
Nordvik Lines said on Monday, ending a century of crossings.\n\n\
The council met on Tuesday.\n\n\
The last boat will sail on a Sunday, the operator said.\n\n\
The new bridge over the lake will open in May, the mayor said on Friday.";
    let doc = process_text("t", text, None);
    let r = rows(&doc);
    for want in [
        "The ferry service on the northern lakes will stop in October",
        "The last boat will sail on a Sunday",
        "The new bridge over the lake will open in May",
    ] {
        assert!(r.iter().any(|row| row.4 == vec![want.to_string()]), "{want}: {r:?}");
    }
    assert!(
        r.iter().all(|row| row.4.iter().all(|c| !c.contains("century"))),
        "{r:?}"
    );
}

/// Nor is a time expression a cue ("said on Sunday evening that …").
#[test]
fn a_time_is_no_cue() {
    let doc = process_text(
        "t",
        "Councillor Mira Holt said on Sunday evening that the council would hold an emergency session \
on Tuesday to release the money.",
        Some("2025-03-10"),
    );
    let r = rows(&doc);
    let st = with_content(&r, "emergency session");
    assert_eq!(st.3, "said", "{r:?}");
    for s in &doc.statements {
        if let Some(cue) = s.cue {
            assert!(!doc.timexes.iter().any(|t| t.span.contains(cue)), "{r:?}");
        }
    }
}

/// A speaker phrase with a postmodifier names its head: "Ines Varga of
/// the Tenants' Union" is Ines Varga, not the union.
#[test]
fn the_speaker_is_the_head_before_of_or_at() {
    let doc = process_text(
        "t",
        "Rents rose again in March. Ines Varga of the Tenants' Union said families were leaving the city. \
Economist Piet Mol at Rabo Markets said rents would keep rising.",
        None,
    );
    let r = rows(&doc);
    let by = |word: &str| with_content(&r, word);
    assert_eq!(by("families").2.as_deref(), Some("Ines Varga"), "{r:?}");
    assert_eq!(by("keep rising").2.as_deref(), Some("Piet Mol"), "{r:?}");
}

/// A place inside a longer speaker phrase modifies its head ("Madrid
/// officials", "traders in Lisbon"): the statement is not the place's. A
/// phrase that is the place is ("Spain said"). So for a nationality
/// ("Portuguese officials").
#[test]
fn a_place_or_nationality_that_modifies_the_speaker_is_not_the_speaker() {
    let doc = process_text(
        "t",
        "Madrid officials said the border crossing would reopen on Monday.\n\n\
Spain said it would send more guards to the crossing.\n\n\
Traders in Lisbon said shops near the crossing were empty.\n\n\
Portuguese officials said the queues had grown longer.",
        None,
    );
    let r = rows(&doc);
    let by = |word: &str| with_content(&r, word);
    assert_eq!(by("reopen").2, None, "{r:?}");
    assert_eq!(by("shops").2, None, "{r:?}");
    // A nationality modifies its head the same way.
    assert_eq!(by("queues").2, None, "{r:?}");
    assert_eq!(by("guards").2.as_deref(), Some("Spain"), "{r:?}");
}

/// A source the labeller cut short after its determiner takes the rest of
/// its noun phrase; one that is a comma alone is no source.
#[test]
fn a_source_cut_after_its_determiner_takes_its_noun_phrase() {
    let speaker = |text: &str, source: &str| {
        let (doc, labels) = labelled(text, source, "said", &["the pier would reopen in May"]);
        super::link(&doc, &labels, false, true)
            .first()
            .and_then(|f| f.speaker.clone())
            .map(|r| doc.slice(super::tok_span(&doc, &r)).to_string())
    };
    assert_eq!(
        speaker("The harbour authority said the pier would reopen in May.", "The").as_deref(),
        Some("The harbour authority")
    );
    // Only the comma of "Ruiz, who …" marked as the source.
    let sp = speaker("Ruiz, who chairs the board, said the pier would reopen in May.", ",");
    assert_ne!(sp.as_deref(), Some(","), "{sp:?}");
}

/// "It added …" continues an organisation that spoke just before; after a
/// person spoke, "it" is no one we can name.
#[test]
fn it_continues_the_organisation_that_spoke_before() {
    let doc = process_text(
        "t",
        "Harbour operator Nordvik Shipping Ltd said profits rose by a fifth last year.\n\n\
It added that it would hire 200 dock workers in the spring.\n\n\
Union leader Ana Ruiz said the new jobs were welcome.\n\n\
It also said the port would stay open.",
        None,
    );
    let r = rows(&doc);
    let by = |word: &str| with_content(&r, word);
    assert_eq!(by("dock workers").2.as_deref(), Some("Nordvik Shipping Ltd"), "{r:?}");
    assert_eq!(by("stay open").2, None, "{r:?}");
}

/// `finish` on a labelled source run `speaker` (words of `text`), the cue
/// "said" and the content `content`: the speaker's text and entity name.
fn finished_speaker(text: &str, speaker: &str, content: &str) -> (String, Option<String>) {
    let doc = process_text("t", text, None);
    let at = |w: &str| {
        let start = text.find(w).unwrap_or_else(|| panic!("{w:?} not in the text"));
        doc.token_at_or_after(start)..doc.token_at_or_after(start + w.len())
    };
    let c = text.find(content).expect("content in the text");
    let found = super::Found::new(
        Some(at("said")),
        Some(at(speaker)),
        vec![crate::document::Span::new(c, c + content.len())],
    );
    let st = super::finish(&doc, found).expect("a statement");
    let name = st
        .speaker_mention
        .and_then(|m| doc.mentions[m].entity)
        .map(|e| doc.entities[e].name.clone());
    (st.speaker.map_or(String::new(), |s| doc.slice(s).to_string()), name)
}

/// Linked speaker after the labeller took the words `from`..=`to` of the
/// gold source for content, as it does after an inverted verb.
fn speaker_labelled_as_content(
    text: &str,
    source: &str,
    cue: &str,
    content: &str,
    from: &str,
    to: &str,
) -> Option<String> {
    let (doc, mut labels) = labelled(text, source, cue, &[content]);
    let (a, e) = (token_of(&doc, from), token_of(&doc, to));
    for (j, l) in labels.iter_mut().enumerate().take(e + 1).skip(a) {
        *l = super::learned::label_of(super::learned::CNT, j == a);
    }
    super::mend_source_runs(&doc, &mut labels);
    first_linked(&doc, &labels).0
}

#[test]
fn a_description_or_a_name_after_an_inverted_verb_of_saying_is_its_speaker() {
    let text = "Schools must teach citizenship better, says the education watchdog.";
    let content = "Schools must teach citizenship better";
    let speaker = speaker_labelled_as_content(text, "the education watchdog", "says", content, "the", "watchdog");
    assert_eq!(speaker.as_deref(), Some("the education watchdog"));
    // Mid-sentence, a name up to the comma.
    let text = "Instead, said Mr Oake, the rules were meant to protect sellers.";
    let content = "the rules were meant to protect sellers";
    let speaker = speaker_labelled_as_content(text, "Mr Oake", "said", content, "Mr", "Oake");
    assert_eq!(speaker.as_deref(), Some("Mr Oake"));
}

#[test]
fn a_relative_pronoun_at_the_end_of_a_source_run_is_left_out() {
    let text = "Taxes were debated. Tory leader Martin Oake who spoke later said Labour would raise taxes.";
    let speaker = linked_speaker(text, "Tory leader Martin Oake who", "said", "Labour would raise taxes");
    assert_eq!(speaker.as_deref(), Some("Tory leader Martin Oake"));
    // An organisation written like one is kept.
    let text = "Vaccines ran short. A spokesman for the WHO said the funding gap was large.";
    let speaker = linked_speaker(text, "A spokesman for the WHO", "said", "the funding gap was large");
    assert_eq!(speaker.as_deref(), Some("A spokesman for the WHO"));
}

#[test]
fn a_source_run_that_begins_at_a_possessive_ending_leaves_it_out() {
    let text = "The ruling stands. Norland's Court of Appeal said the fine had to be paid.";
    let speaker = linked_speaker(text, "'s Court of Appeal", "said", "the fine had to be paid");
    assert_eq!(speaker.as_deref(), Some("Court of Appeal"));
}

#[test]
fn a_possessor_speaks_only_for_what_was_said_or_written() {
    // "His lawyers" are not Ruud Stam; "His report" is his words.
    let text = "Ruud Stam denied the charges. His lawyers said the money had been repaid in full.";
    let (span, name) = finished_speaker(text, "His lawyers", "the money had been repaid in full");
    assert_eq!((span.as_str(), name), ("His lawyers", None));
    let text = "Ruud Stam denied the charges. His report said the money had been repaid in full.";
    let (span, name) = finished_speaker(text, "His report", "the money had been repaid in full");
    assert_eq!((span.as_str(), name.as_deref()), ("His report", Some("Ruud Stam")));
}

#[test]
fn a_source_run_inside_a_name_or_description_stands_for_all_of_it() {
    let text = "Pieter Van Hallam, the council's chief engineer, said the harbour wall would be rebuilt by March.";
    // Part of a name: the whole name speaks.
    let (span, name) = finished_speaker(text, "Van Hallam", "the harbour wall would be rebuilt by March");
    assert_eq!(span, "Pieter Van Hallam");
    assert_eq!(name.as_deref(), Some("Pieter Van Hallam"));
    // The head of a description: the description, and so its entity.
    let text = "Heavy rain fell again. The mayor, Lena Okafor, said the bridge over the river would reopen in May.";
    let (span, name) = finished_speaker(text, "mayor", "the bridge over the river would reopen in May");
    assert_eq!(span, "The mayor");
    assert_eq!(name.as_deref(), Some("Lena Okafor"));
    // A two-word content keeps the source as labelled: its speaker must be
    // a mention as it stands (`says_something`).
    let (span, name) = finished_speaker(text, "mayor", "would reopen");
    assert_eq!(span, "mayor");
    assert_eq!(name, None);
}

#[test]
fn a_relative_pronoun_source_names_the_organisation_or_person_before_it() {
    // "which" after a comma: the organisation before it speaks; where the
    // relative clause closes with a comma before the cue, the span is the
    // organisation's mention too (PolNeAR marks the antecedent there).
    let text = "Fares rose again in March. Nordvik Shipping Ltd, which runs the coastal ferries, said the new timetable would start in June.";
    let (span, name) = finished_speaker(text, "which", "the new timetable would start in June");
    assert_eq!(span, "Nordvik Shipping Ltd");
    assert_eq!(name.as_deref(), Some("Nordvik Shipping Ltd"));
    // Across a dash, "who" takes the person; the span stays the pronoun.
    let text =
        "The hearing was adjourned. Mr Delano Reyes - who was cleared in 2019 - said the inquiry had been unfair.";
    let (span, name) = finished_speaker(text, "who", "the inquiry had been unfair");
    assert_eq!(span, "who");
    assert_eq!(name.as_deref(), Some("Delano Reyes"));
    // "which" never stands for a person: the book by the author spoke.
    let text = "Sales doubled. A new book by the writer Delano Reyes, which said the port had been sold too cheaply, was withdrawn.";
    let (_, name) = finished_speaker(text, "which", "the port had been sold too cheaply");
    assert_eq!(name, None);
}

#[test]
fn a_content_word_alone_inside_a_source_belongs_to_the_source() {
    let text = "Patients were divided. Retired teacher Gunnar Holm said the nurses deserved better pay.";
    let (doc, mut labels) = labelled(
        text,
        "Retired teacher Gunnar Holm",
        "said",
        &["the nurses deserved better pay"],
    );
    // As the labeller left it: "teacher" taken for content.
    let teacher = token_of(&doc, "teacher");
    labels[teacher] = super::learned::label_of(super::learned::CNT, true);
    labels[teacher + 1] = super::learned::label_of(super::learned::SRC, true);
    super::mend_source_runs(&doc, &mut labels);
    let (speaker, content) = first_linked(&doc, &labels);
    assert_eq!(speaker.as_deref(), Some("Retired teacher Gunnar Holm"));
    assert_eq!(content, vec!["the nurses deserved better pay"]);
    // A function word between source words stays as labelled.
    let (doc, mut labels) = labelled(text, "Retired teacher Gunnar Holm", "said", &["the nurses"]);
    let before = labels.clone();
    let to = token_of(&doc, "the");
    labels[to] = super::learned::label_of(super::learned::CNT, true);
    labels[to - 1] = super::learned::label_of(super::learned::SRC, true);
    labels[to + 1] = super::learned::label_of(super::learned::SRC, true);
    let mended = labels.clone();
    super::mend_source_runs(&doc, &mut labels);
    assert_eq!(labels, mended);
    assert_ne!(labels, before);
}

#[test]
fn a_share_polled_keeps_its_per_cent_and_an_age_is_no_speaker() {
    let speaker_of = |text: &str, source: &str, content: &str| linked_speaker(text, source, "said", content);
    let text = "In the survey of 900 drivers, 34% said they had never paid a toll.";
    assert_eq!(
        speaker_of(text, "34%", "they had never paid a toll").as_deref(),
        Some("34%")
    );
    let text = "The trial went on. Mr Arvid Dalen, 42, said he had never seen the accounts.";
    assert_eq!(
        speaker_of(text, "42", "he had never seen the accounts").as_deref(),
        Some("Mr Arvid Dalen")
    );
}

#[test]
fn a_possessive_ending_alone_as_source_is_the_possessor() {
    let text = "The council rejected Mr Arvid Dalen's claim that the accounts had been falsified.";
    let speaker = linked_speaker(text, "'s", "claim", "the accounts had been falsified");
    assert_eq!(speaker.as_deref(), Some("Arvid Dalen"));
}

#[test]
fn an_amount_after_by_is_no_speaker() {
    let text = "The ferry company Nordvik Shipping Ltd raised fares by 12 percent on Monday, saying fuel had doubled.";
    let speaker = linked_speaker(text, "12 percent", "saying", "fuel had doubled");
    assert_eq!(speaker.as_deref(), Some("Nordvik Shipping Ltd"));
}

#[test]
fn an_article_labelled_source_takes_its_noun_phrase_before_the_cue() {
    let text = "The appeal was heard on Monday. The district court is expected to rule on the appeal in May.";
    let (doc, mut labels) = labelled(
        text,
        "The district court",
        "is expected",
        &["to rule on the appeal in May"],
    );
    // As the labeller left it: only "The" a source, "district court" content.
    let court = text.find("district").expect("in the text");
    for (k, l) in labels.iter_mut().enumerate() {
        let t = doc.tokens[k].span;
        if t.start >= court && t.end <= court + "district court".len() {
            *l = super::learned::label_of(super::learned::CNT, t.start == court);
        }
    }
    super::mend_source_runs(&doc, &mut labels);
    let (speaker, content) = first_linked(&doc, &labels);
    assert_eq!(speaker.as_deref(), Some("The district court"));
    assert_eq!(content, vec!["to rule on the appeal in May"]);
}

#[test]
fn a_name_after_an_inverted_cue_is_its_speaker_not_content() {
    use super::learned::{label_of, CNT};
    let text = "Voters cannot be taken for granted, says Age Concern.";
    let (doc, mut labels) = labelled(text, "Age Concern", "says", &["Voters cannot be taken for granted"]);
    // As the labeller left it: the name after the cue taken for content.
    let age = token_of(&doc, "Age");
    labels[age] = label_of(CNT, false);
    labels[age + 1] = label_of(CNT, false);
    super::mend_source_runs(&doc, &mut labels);
    let (speaker, content) = first_linked(&doc, &labels);
    assert_eq!(speaker.as_deref(), Some("Age Concern"));
    assert_eq!(content, vec!["Voters cannot be taken for granted"]);
    // A verb's object is no speaker: "have praised Iran for its support".
    let text = "Regional groups have praised Iran for its support.";
    let (doc, mut labels) = labelled(text, "Regional groups", "have praised", &["Iran for its support"]);
    let before = labels.clone();
    super::mend_source_runs(&doc, &mut labels);
    assert_eq!(labels, before);
}

#[test]
fn a_relative_clause_cut_from_its_source_joins_it_again() {
    use super::learned::{label_of, SRC};
    let text = "Voting ended on Sunday. Tobias Reyne, who heads the Civic Renewal Party, on Monday told supporters that his party would appeal.";
    let (doc, mut labels) = labelled(
        text,
        "Tobias Reyne, who heads the Civic Renewal Party,",
        "told",
        &["his party would appeal"],
    );
    // The labeller's slip: the pronoun outside, the clause a source of its own.
    labels[token_of(&doc, "who")] = 0;
    labels[token_of(&doc, "heads")] = label_of(SRC, true);
    let speaker = |labels: &[u8]| first_linked(&doc, labels).0.unwrap_or_default();
    assert!(speaker(&labels).starts_with("heads"), "{}", speaker(&labels));
    super::mend_source_runs(&doc, &mut labels);
    assert!(speaker(&labels).starts_with("Tobias Reyne"), "{}", speaker(&labels));
}

#[test]
fn a_noun_taken_for_a_second_cue_gives_its_statement_to_the_verb_before_it() {
    use super::learned::{label_of, CUE, SRC};
    let text = "Fares were frozen. Auditor-general Ilse Marr warned in her annual report last month that the authority would run out of reserves.";
    let (doc, mut labels) = labelled(
        text,
        "Auditor-general Ilse Marr",
        "warned",
        &["the authority would run out of reserves"],
    );
    labels[token_of(&doc, "her")] = label_of(SRC, true);
    labels[token_of(&doc, "report")] = label_of(CUE, true);
    labels[token_of(&doc, "last")] = label_of(CUE, false);
    let first = |typed: bool| {
        let found = super::link(&doc, &labels, false, typed);
        let f = found.first().expect("a statement");
        let text = |r: &std::ops::Range<usize>| doc.slice(super::tok_span(&doc, r)).to_string();
        (f.cue.as_ref().map(text), f.speaker.as_ref().map(text))
    };
    assert_eq!(
        first(true),
        (
            Some("warned".to_string()),
            Some("Auditor-general Ilse Marr".to_string())
        )
    );
    // Not where the tags are not the text's language's (German).
    assert_eq!(first(false).0.as_deref(), Some("report last"));
}

#[test]
fn a_participle_of_saying_is_spoken_by_the_subject_of_its_clause() {
    // No mention is there to speak: the opening noun phrase is the speaker
    // (the labeller's source, an amount after "by", is no speaker).
    let text =
        "The harbour board raised fees by 12 percent on Monday, saying the money would pay for dredging the channel.";
    let (doc, labels) = labelled(
        text,
        "12 percent",
        "saying",
        &["the money would pay for dredging the channel"],
    );
    assert_eq!(first_linked(&doc, &labels).0.as_deref(), Some("The harbour board"));
    // Not for a participle that is no verb of saying.
    let text = "The harbour board raised fees by 12 percent on Monday, sparking fears the port would lose ships.";
    let (doc, labels) = labelled(text, "12 percent", "sparking", &["the port would lose ships"]);
    assert_eq!(first_linked(&doc, &labels).0, None);
}

#[test]
fn the_subject_of_a_relative_clause_without_that_is_the_speaker() {
    let text =
        "The council voted on Tuesday to close the old bridge to trucks, a decision engineers had urged for years.";
    let speaker = linked_speaker(
        text,
        "a decision engineers",
        "had urged",
        "The council voted on Tuesday to close the old bridge to trucks",
    );
    assert_eq!(speaker.as_deref(), Some("engineers"));
    // "a number of … ministers" is one phrase.
    let text = "A number of EU finance ministers said that the rules should stay.";
    let speaker = linked_speaker(
        text,
        "A number of EU finance ministers",
        "said",
        "the rules should stay",
    );
    assert_eq!(speaker.as_deref(), Some("A number of EU finance ministers"));
}

#[test]
fn content_cut_at_a_comma_is_one_fragment_again() {
    // The labeller ends the content at the subject's comma and starts
    // again at "which": the subject is part of the content, not a stray.
    let text =
        "The museum, which draws about 90,000 visitors a year, will stay closed until Thursday, according to a notice.";
    let (doc, labels) = labelled(
        text,
        "a notice",
        "according to",
        &[
            "The museum",
            "which draws about 90,000 visitors a year, will stay closed until Thursday",
        ],
    );
    assert_eq!(
        first_linked(&doc, &labels).1,
        ["The museum, which draws about 90,000 visitors a year, will stay closed until Thursday"]
    );
    // A trailing relative pronoun after the comma stays a stray.
    let text = "The ministry said that it had founded the agency, which was a mistake.";
    let (doc, labels) = labelled(text, "The ministry", "said", &["it had founded the agency", "which"]);
    assert_eq!(first_linked(&doc, &labels).1, ["it had founded the agency"]);
}

#[test]
fn a_stray_word_beside_a_content_is_dropped_unless_it_names_someone() {
    let text = "Sales fell again. Aldmoor Motors, which makes engines, said that demand had collapsed in every market.";
    let (doc, labels) = labelled(
        text,
        "Aldmoor Motors",
        "said",
        &["which", "demand had collapsed in every market"],
    );
    assert_eq!(first_linked(&doc, &labels).1, ["demand had collapsed in every market"]);
    // A name is kept: "Britain" is who is to retain the right.
    let text = "Talks resumed. The minister urged Britain to retain its opt-in right on asylum.";
    let (doc, labels) = labelled(
        text,
        "The minister",
        "urged",
        &["Britain", "to retain its opt-in right on asylum"],
    );
    assert_eq!(
        first_linked(&doc, &labels).1,
        ["Britain", "to retain its opt-in right on asylum"]
    );
}

#[test]
fn a_clause_before_the_tag_with_its_verb_misread_as_a_participle_is_said() {
    // The tagger reads the sentence-opening "Ticket" as a verb and "fell"
    // as a participle; the clause before "he said" is still what he said.
    let r = rows_of("PORTMERE, March 9 - Fares rose.\n\nTicket sales fell by a third last year, he said.");
    let row = with_content(&r, "Ticket sales");
    assert_eq!((row.1.as_str(), row.3.as_str()), ("he", "said"), "{r:?}");
    assert_eq!(row.4, vec!["Ticket sales fell by a third last year"]);
}

#[test]
fn the_commission_is_the_commission_named_before() {
    let text = "The Norland Electoral Commission published its report on Monday.\n\n\
                The commission said that the spending limits should cover the whole year.";
    let r = rows_of(text);
    let row = with_content(&r, "spending limits");
    assert_eq!(row.2.as_deref(), Some("Norland Electoral Commission"), "{r:?}");
    // Two commissions named before: no telling which.
    let text = "The Norland Electoral Commission and the Tarren Trade Commission met on Monday.\n\n\
                The commission said that the spending limits should cover the whole year.";
    let r = rows_of(text);
    assert_eq!(with_content(&r, "spending limits").2, None, "{r:?}");
    // A description with a word the name lacks is another organisation.
    let text = "The Harbour Retail Group published its report on Monday.\n\n\
                The industry group said that the spending limits should cover the whole year.";
    let r = rows_of(text);
    assert_eq!(with_content(&r, "spending limits").2, None, "{r:?}");
}

#[test]
fn a_relative_pronoun_after_a_bracketed_abbreviation_names_the_organisation() {
    let r =
        rows_of("The fares were reviewed by the Norland Fair Trade Office (NFTO), which said that they were too high.");
    let row = with_content(&r, "too high");
    assert_eq!(
        (row.1.as_str(), row.2.as_deref()),
        ("which", Some("Norland Fair Trade Office")),
        "{r:?}"
    );
}

#[test]
fn the_subject_of_a_passive_told_heard_the_words_and_did_not_say_them() {
    let r = rows_of("Mayor Tomas Reyne was told that the harbour fees had doubled.");
    let row = with_content(&r, "harbour fees");
    assert_eq!((row.1.as_str(), row.2.as_deref()), ("", None), "{r:?}");
    let r = rows_of("Mayor Tomas Reyne told the court that harbour fees had doubled since the spring.");
    let row = with_content(&r, "harbour fees");
    assert_eq!(row.2.as_deref(), Some("Tomas Reyne"), "{r:?}");
}

/// German puts the subject after the verb when another phrase opens the
/// sentence, and the labeller may mark that phrase a source too. A phrase
/// after a preposition or a genitive article is no subject, however near
/// the cue it stands.
#[test]
fn a_german_phrase_after_a_preposition_is_no_speaker() {
    use super::learned::{label_of, CUE, SRC};
    let german_speaker = |text: &str, source: &str, other: &[&str], cues: &[&str], content: &str| {
        let (doc, mut labels) = labelled(text, source, cues[0], &[content]);
        for (words, role) in [(other, SRC), (&cues[1..], CUE)] {
            for w in words {
                for (n, word) in w.split(' ').enumerate() {
                    labels[token_of(&doc, word)] = label_of(role, n == 0);
                }
            }
        }
        first_linked_de(&doc, &labels).0
    };
    let text = "In seiner Radioansprache begründete der Präsident Amadou Rell seine Position: „Wir bauen die Brücke.“";
    assert_eq!(
        german_speaker(
            text,
            "der Präsident Amadou Rell",
            &["seiner Radioansprache"],
            &["begründete"],
            "Wir bauen die Brücke."
        )
        .as_deref(),
        Some("der Präsident Amadou Rell")
    );
    let text = "Der Vorstand Louis Gallin kommentierte das Ende des Tankflugzeugprojekts mit den Worten: „Wir haben verloren.“";
    assert_eq!(
        german_speaker(
            text,
            "Der Vorstand Louis Gallin",
            &["Tankflugzeugprojekts"],
            &["kommentierte", "mit den Worten"],
            "Wir haben verloren."
        )
        .as_deref(),
        Some("Der Vorstand Louis Gallin")
    );
}

/// A source run the labeller began at punctuation: at a comma it is an
/// apposition and speaks for the name before it; at a per cent sign it
/// takes its number back; other punctuation goes.
#[test]
fn a_source_begun_at_punctuation_is_mended() {
    let speaker = |text: &str, source: &str| linked_speaker(text, source, "said", "the bridge was unsafe");
    let text = "Voting ended on Sunday. Pieter Hallam, the council's engineer, said the bridge was unsafe.";
    assert_eq!(
        speaker(text, ", the council's engineer").as_deref(),
        Some("Pieter Hallam")
    );
    let text = "In the survey, 34% of those polled said the bridge was unsafe.";
    assert_eq!(
        speaker(text, "% of those polled").as_deref(),
        Some("34% of those polled")
    );
    let text = "The Kestrel Hotels Federation (KHF) chairman Jon Mallory said the bridge was unsafe.";
    assert_eq!(
        speaker(text, ") chairman Jon Mallory").as_deref(),
        Some("chairman Jon Mallory")
    );
}

/// A source run that is an article alone names no one: the statement has
/// no speaker rather than "The".
#[test]
fn an_article_alone_is_no_speaker() {
    let text = "The eight new members will see strong growth, the report said.";
    let (doc, labels) = labelled(text, "The", "said", &["eight new members will see strong growth"]);
    assert_eq!(first_linked(&doc, &labels).0, None);
    // With its noun the phrase speaks.
    let (doc, labels) = labelled(
        text,
        "the report",
        "said",
        &["The eight new members will see strong growth"],
    );
    assert_eq!(first_linked(&doc, &labels).0.as_deref(), Some("the report"));
}

/// A content keeps no punctuation at its edges: not the comma after a
/// complementizer it drops, nor a dash where the labeller stopped.
#[test]
fn a_content_keeps_no_comma_or_dash_at_its_edges() {
    let text = "Opec members said that, given such high prices, the cartel saw no reason to cut output.";
    let (doc, labels) = labelled(
        text,
        "Opec members",
        "said",
        &["that, given such high prices, the cartel saw no reason to cut output"],
    );
    assert_eq!(
        first_linked(&doc, &labels).1,
        ["given such high prices, the cartel saw no reason to cut output"]
    );
    let text = "The airline warned that yields - average fares - would fall, analysts said.";
    let (doc, labels) = labelled(text, "The airline", "warned", &["yields - average fares -"]);
    assert_eq!(first_linked(&doc, &labels).1, ["yields - average fares"]);
}

/// "Added" and "declined" also name a change of amount; then they are no
/// cue, and there is no statement.
#[test]
fn a_change_of_amount_is_no_statement() {
    let cues = |text: &str| -> Vec<String> {
        let doc = process_text("t", text, None);
        doc.statements
            .iter()
            .filter_map(|s| s.cue.map(|c| doc.slice(c).to_string()))
            .collect()
    };
    let text = "Shares in Kestrel Bank climbed by 2.7% to 717 crowns, and Harwick Mining added 5.3% to 740 crowns.";
    let (doc, labels) = labelled(text, "Harwick Mining", "added", &["5.3% to 740 crowns"]);
    let found = super::link(&doc, &labels, false, true);
    let cue = found.first().and_then(|f| f.cue.clone()).expect("a cue");
    assert!(super::names_an_amount(&doc, super::tok_span(&doc, &cue)));
    let text = "Exports declined in the second half of the year, fuelling a rise in the trade deficit.";
    let (doc, labels) = labelled(text, "Exports", "declined", &["in the second half of the year"]);
    let found = super::link(&doc, &labels, false, true);
    let cue = found.first().and_then(|f| f.cue.clone()).expect("a cue");
    assert!(super::names_an_amount(&doc, super::tok_span(&doc, &cue)));
    // As verbs of saying they stay.
    let said = cues("The harbour board declined to comment. \"We will reopen,\" its chairwoman added.");
    assert!(said.iter().any(|c| c == "added"), "{said:?}");
    let text = "The board declined to comment on the report.";
    let (doc, labels) = labelled(text, "The board", "declined", &["to comment on the report"]);
    let found = super::link(&doc, &labels, false, true);
    let cue = found.first().and_then(|f| f.cue.clone()).expect("a cue");
    assert!(!super::names_an_amount(&doc, super::tok_span(&doc, &cue)));
}

/// German source markers ("nach ersten Meldungen", "Angaben der Polizei
/// zufolge") name their source in the phrase they open, whatever run the
/// labeller marked as the source, and their statement is the clause around
/// the phrase, whatever piece of it the labeller marked as content.
#[test]
fn a_german_source_marker_names_its_source_and_its_clause_is_the_content() {
    let linked = |text: &str, source: &str, cue: &str, content: &str| {
        let (doc, labels) = labelled(text, source, cue, &[content]);
        first_linked_de(&doc, &labels)
    };
    let (speaker, content) = linked(
        "Das Beben, das zehn Sekunden dauerte, soll nach ersten Meldungen Schäden an mehreren Gebäuden verursacht haben.",
        "Das Beben",
        "nach",
        "Schäden an mehreren Gebäuden",
    );
    assert_eq!(speaker.as_deref(), Some("ersten Meldungen"));
    assert_eq!(
        content,
        [
            "Das Beben, das zehn Sekunden dauerte, soll",
            "Schäden an mehreren Gebäuden verursacht haben"
        ]
    );
    // The marker's clause starts after a comma that opens a clause of its own.
    let (speaker, content) = linked(
        "Die ersten Funde machten sie im Jahr 2000, im Jahr 2004 war die Gruppe nach eigener Aussage am Ziel.",
        "die Gruppe",
        "nach",
        "am Ziel",
    );
    assert_eq!(speaker.as_deref(), Some("eigener Aussage"));
    assert_eq!(content, ["im Jahr 2004 war die Gruppe", "am Ziel"]);
    // A genitive attribute goes with the source; a verb after "von" does not.
    let (speaker, content) = linked(
        "Angaben der örtlichen Polizei zufolge wurden drei Menschen verletzt.",
        "drei Menschen",
        "zufolge",
        "verletzt",
    );
    assert_eq!(speaker.as_deref(), Some("Angaben der örtlichen Polizei"));
    assert_eq!(content, ["wurden drei Menschen verletzt"]);
    let (speaker, _) = linked(
        "Nach Angaben von n24 sind die Gruppen sehr mobil.",
        "die Gruppen",
        "Nach",
        "sehr mobil",
    );
    assert_eq!(speaker.as_deref(), Some("Angaben"));
    // "nach" after a source noun closes its phrase.
    let (speaker, content) = linked(
        "Die Reform ist seiner Meinung nach wachsenden Gefahren ausgesetzt.",
        "wachsenden Gefahren",
        "nach",
        "ausgesetzt",
    );
    assert_eq!(speaker.as_deref(), Some("seiner Meinung"));
    assert_eq!(content, ["Die Reform ist", "wachsenden Gefahren ausgesetzt"]);
}

/// A German sentence that reports a speech act with no reported clause is
/// a statement of its own, spoken by its subject; not where the verb is a
/// participle after an auxiliary, or "sprach" means talking with someone.
#[test]
fn a_german_sentence_reporting_a_speech_act_is_a_statement_of_its_subject() {
    let reported = |text: &str| -> Vec<(String, String)> {
        let doc = process_text("t", text, None);
        super::reported_sentences_de(&doc, &[])
            .iter()
            .map(|st| {
                let speaker = st.speaker.map_or(String::new(), |s| doc.slice(s).to_string());
                let content = st.content.iter().map(|c| doc.slice(*c)).collect::<Vec<_>>().join(" | ");
                (speaker, content)
            })
            .collect()
    };
    let text = "Die Gewerkschaft Nordbau fordert eine Rücknahme der Reform. \
                Dabei bezeichnete er die Reform als Irrweg. \
                Insgesamt spricht die Polizei von weniger Unfällen. \
                Als Taifun werden die Stürme im Pazifik bezeichnet. \
                Der Minister sprach mit seiner Frau.";
    let found = reported(text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].0.contains("Nordbau"), "{found:?}");
    assert_eq!(found[0].1, "Die Gewerkschaft Nordbau fordert eine Rücknahme der Reform");
    assert_eq!(found[1].0, "er");
    assert_eq!(found[2].0, "die Polizei");
}

/// A quotation that is a name ("der „Financial Times“", "die „Hvalur 9“")
/// reports no words, so it is no nested statement; a quoted phrase is.
#[test]
fn a_quoted_name_is_no_nested_quotation() {
    let text = "Laut der „Financial Times“ sagte der Minister Jon Arnason, die Bank sei „völlig überschuldet“ und die „Hvalur 9“ liege im Hafen.";
    let doc = process_text("t", text, None);
    let judged: Vec<(&str, bool)> = doc
        .quotations
        .iter()
        .map(|q| (doc.slice(q.inner), super::quotes_a_name(&doc, q.inner)))
        .collect();
    assert_eq!(
        judged,
        [
            ("Financial Times", true),
            ("völlig überschuldet", false),
            ("Hvalur 9", true)
        ]
    );
}

#[test]
fn a_bracket_after_a_name_is_no_part_of_the_speakers_name() {
    let r = one("Sen. Tomas Alder (R-Ky.) said the bill was dead.");
    assert_eq!(r.1, "Sen. Tomas Alder (R-Ky.)");
    assert_eq!(r.2.as_deref(), Some("Tomas Alder"));
    let r = one("The Harbour Workers Union (HWU) said the strike would go on.");
    assert_eq!(r.2.as_deref(), Some("Harbour Workers Union"));
    // A bracket inside the phrase leaves its head where it was.
    let r = one("Port Authority (PA) chief Lena Koval said the pier was safe.");
    assert_eq!(r.2.as_deref(), Some("Lena Koval"));
}

#[test]
fn a_few_function_words_are_no_statement_but_a_quotation_of_them_is() {
    use crate::document::{Span, Statement};
    let doc = process_text(
        "t",
        "Ines Baro said what it meant. “What is this?” asked Ines Baro.",
        None,
    );
    let span_of = |s: &str| {
        let a = doc.text.find(s).unwrap_or_else(|| panic!("{s:?} not in the text"));
        Span::new(a, a + s.len())
    };
    let mention = doc.mentions.iter().position(|m| doc.slice(m.span) == "Ines Baro");
    assert!(mention.is_some());
    let statement = |kind, content: &str| Statement {
        kind,
        speaker: Some(span_of("Ines Baro")),
        speaker_mention: mention,
        cue: Some(span_of("said")),
        content: vec![span_of(content)],
    };
    assert!(!super::says_something(
        &doc,
        &statement(StatementKind::Indirect, "what it")
    ));
    assert!(super::says_something(
        &doc,
        &statement(StatementKind::Indirect, "what it meant")
    ));
    assert!(super::says_something(
        &doc,
        &statement(StatementKind::Direct, "What is this?")
    ));
}

/// German: a pronoun opening the sentence is the subject of the cue that
/// follows it in the main clause, whatever run the labeller marked as
/// source; not of a cue after a comma.
#[test]
fn a_german_pronoun_opening_the_sentence_speaks_for_its_cue() {
    let text = "Die Ministerin Ada Rell lehnte ab. Sie warf der Regierung vor, die Lage auszunutzen.";
    let (doc, labels) = labelled(text, "der Regierung", "warf", &["die Lage auszunutzen"]);
    assert_eq!(first_linked_de(&doc, &labels).0.as_deref(), Some("Sie"));
    let text = "Die Ministerin Ada Rell lehnte ab. Sie sagte, der Minister Tom Berg habe erklärt, die Lage sei ernst.";
    let (doc, labels) = labelled(text, "der Minister Tom Berg", "erklärt", &["die Lage sei ernst"]);
    assert_eq!(
        first_linked_de(&doc, &labels).0.as_deref(),
        Some("der Minister Tom Berg")
    );
}

#[test]
fn a_source_run_of_modifiers_alone_names_no_one() {
    let text = "Mayor Tilde Aas posted a series of messages early Friday saying that the harbour would reopen.";
    assert_eq!(
        linked_speaker(text, "early", "saying", "the harbour would reopen").as_deref(),
        Some("Tilde Aas")
    );
    // A quantifier stands for people.
    let text = "Many expect the harbour to reopen in May, the port said.";
    assert_eq!(
        linked_speaker(text, "Many", "expect", "the harbour to reopen in May").as_deref(),
        Some("Many")
    );
}

/// German: a time is no speaker, and where nothing but an adverbial comes
/// before the cue, its subject follows the verb.
#[test]
fn a_german_time_is_no_speaker_and_the_subject_may_follow_the_verb() {
    let text =
        "Die Proteste gehen weiter. Am letzten Donnerstag drohte der oberste Gerichtshof den Anführern mit Haft.";
    let (doc, labels) = labelled(text, "", "drohte", &["den Anführern mit Haft"]);
    assert_eq!(
        first_linked_de(&doc, &labels).0.as_deref(),
        Some("der oberste Gerichtshof")
    );
    let doc = process_text("t", text, None);
    let donnerstag = token_of(&doc, "Donnerstag");
    assert!(super::is_time_de(&doc, donnerstag - 2..donnerstag + 1));
    let gericht = token_of(&doc, "Gerichtshof");
    assert!(!super::is_time_de(&doc, gericht - 2..gericht + 1));
}

/// German: a reported sentence of its own with no source labelled or
/// named in it but a personal pronoun before it ("Er fuhr fort: „…“") is
/// spoken by that pronoun, which stands for the cue's speaker: the
/// statement's span is the pronoun, its entity the cue speaker's.
#[test]
fn a_german_pronoun_before_a_reported_sentence_stands_for_the_cue_speaker() {
    let text = "Der Bürgermeister Anton Krell sagte, die Brücke werde im Herbst fertig. \
                Er fuhr fort: „Wir sind stolz auf die Arbeiter.“";
    let (doc, labels) = labelled(
        text,
        "Der Bürgermeister Anton Krell",
        "sagte",
        &["die Brücke werde im Herbst fertig", "Wir sind stolz auf die Arbeiter."],
    );
    let found = super::link(&doc, &labels, true, false);
    let own = found
        .iter()
        .find(|f| f.content.iter().any(|c| doc.slice(*c).contains("stolz")))
        .expect("the quotation's statement");
    let speaker = own
        .speaker
        .clone()
        .map(|r| doc.slice(super::tok_span(&doc, &r)).to_string());
    assert_eq!(speaker.as_deref(), Some("Er"));
    assert_eq!(own.stands_for, found[0].speaker);
    assert!(found[0].speaker.is_some());
    // The finished statement keeps the pronoun's span and names the
    // entity of the phrase it stands for.
    let f = super::Found {
        cue: None,
        speaker: own.speaker.clone(),
        content: own.content.clone(),
        stands_for: own.stands_for.clone(),
    };
    let st = super::finish(&doc, f).expect("a statement");
    assert_eq!(st.speaker.map(|s| doc.slice(s)), Some("Er"));
    let mention = st.speaker_mention.and_then(|k| doc.mentions.get(k)).expect("a mention");
    assert!(doc.slice(mention.span).contains("Krell"), "{}", doc.slice(mention.span));
}

/// German reports speech in the subjunctive with no verb of saying: such
/// a sentence is a statement of the person the sentence before it names;
/// an indicative sentence, "es sei denn" ("unless") and a quotation are
/// not.
#[test]
fn a_german_subjunctive_sentence_is_reported_speech() {
    let text = "Der Sprecher des Verbandes, Jonas Weller, sieht darin einen Rückschritt. \
                Die Ursache sei nie untersucht worden. \
                Das Werk schließt im Mai. \
                Es sei denn, die Stadt zahlt die Miete. \
                „Die Stadt habe keine Wahl.“";
    let mut doc = Document::new("t", text.to_string(), None);
    let opts = crate::pipeline::Options {
        lang: crate::pipeline::Lang::De,
        ..Default::default()
    };
    crate::pipeline::run_with(&mut doc, opts);
    let found: Vec<(String, String)> = super::subjunctive_sentences_de(&doc, &[])
        .iter()
        .map(|st| {
            let speaker = st.speaker.map_or(String::new(), |s| doc.slice(s).to_string());
            let content = st.content.iter().map(|c| doc.slice(*c)).collect::<Vec<_>>().join(" | ");
            (speaker, content)
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "Die Ursache sei nie untersucht worden");
    assert!(found[0].0.contains("Weller"), "{found:?}");
    // Names side by side are one speaker phrase.
    let text = "Greenpeace-Atomexperte Mathias Edler sieht darin Parallelen zu dem Brand im Jahr 2007. \
                Die Ursache für den Brand sei nie gefunden worden.";
    let mut doc = Document::new("t", text.to_string(), None);
    crate::pipeline::run_with(&mut doc, opts);
    let found = super::subjunctive_sentences_de(&doc, &[]);
    let speaker = found.first().and_then(|st| st.speaker).map(|s| doc.slice(s));
    assert_eq!(speaker, Some("Greenpeace-Atomexperte Mathias Edler"));
}

/// German: a content the labeller began a few words after the cue's comma
/// ("sagte, die Besorgnis … | dass …") starts right after the comma.
#[test]
fn a_german_content_starts_after_its_cues_comma() {
    use super::learned::{label_of, CNT, CUE, SRC};
    let text = "Der Forscher Jan Brandt sagte, die Sorge komme daher, dass die Stoffe sich schnell verbreiteten.";
    let doc = process_text("t", text, None);
    let at = |w: &str| {
        (0..doc.tokens.len())
            .find(|&k| doc.token_text(k) == w)
            .unwrap_or(usize::MAX)
    };
    let mut labels = vec![0u8; doc.tokens.len()];
    labels[at("Jan")] = label_of(SRC, true);
    labels[at("Brandt")] = label_of(SRC, false);
    labels[at("sagte")] = label_of(CUE, true);
    let dass = at("dass");
    labels[dass] = label_of(CNT, true);
    for l in labels.iter_mut().take(doc.tokens.len() - 1).skip(dass + 1) {
        *l = label_of(CNT, false);
    }
    super::content_after_comma_de(&doc, &mut labels);
    let first = (0..labels.len()).find(|&k| labels[k] == label_of(CNT, true));
    assert_eq!(first.map(|k| doc.token_text(k)), Some("die"));
    assert_eq!(labels[dass], label_of(CNT, false));
    // A content already right after the comma is left as it is.
    let before = labels.clone();
    super::content_after_comma_de(&doc, &mut labels);
    assert_eq!(labels, before);
}

#[test]
fn a_description_before_a_name_speaks_as_the_name() {
    let r = rows_of(
        "Lena Ortiz directed the film, which opens in June. The film's executive producer Anton Vehl said the budget had \
         doubled since spring.",
    );
    let row = with_content(&r, "budget");
    assert_eq!(row.2.as_deref(), Some("Anton Vehl"), "{r:?}");
    // Not a name inside a postmodifier: the lawyer is not Mr Wass.
    let r = rows_of(
        "Ivo Wass denied the charge. A lawyer representing Mr Wass said the pair strenuously denied the charges in court.",
    );
    let row = with_content(&r, "strenuously");
    assert_ne!(row.2.as_deref(), Some("Ivo Wass"), "{r:?}");
}

/// A reported content with no speaker and no verb is no statement: it says
/// nothing of anyone ("have praised the council for its steady support",
/// the source not found). With a speaker, or with a clause, it stays.
#[test]
fn a_verbless_content_with_no_speaker_is_no_statement() {
    use crate::document::{Span, Statement};
    let text = "Local fishing groups, for their part, have praised the council for its steady support. \
                Officials believe the harbour will reopen in May.";
    let doc = process_text("t", text, None);
    let span = |s: &str| {
        let start = text.find(s).unwrap_or(usize::MAX);
        Span {
            start,
            end: start + s.len(),
        }
    };
    let statement = |speaker: Option<&str>, cue: &str, content: &str| Statement {
        kind: StatementKind::Indirect,
        speaker: speaker.map(span),
        speaker_mention: None,
        cue: Some(span(cue)),
        content: vec![span(content)],
    };
    let praise = statement(None, "have praised", "the council for its steady support");
    assert!(!super::a_clause_or_a_source(&doc, &praise));
    let praise = statement(
        Some("Local fishing groups"),
        "have praised",
        "the council for its steady support",
    );
    assert!(super::a_clause_or_a_source(&doc, &praise));
    let clause = statement(None, "believe", "the harbour will reopen in May");
    assert!(super::a_clause_or_a_source(&doc, &clause));
}

/// A description that owns the speaker phrase's head is not the speaker:
/// "The singer's lawyer Hanna Roos" is Hanna Roos, "the singer's agent"
/// is no one named.
#[test]
fn a_description_owning_the_speaker_is_not_the_speaker() {
    let text = "Singer Mara Lind cancelled her tour on Monday. \
                The singer's lawyer Hanna Roos said the tour would resume in May. \
                The singer's agent said the dates were not yet fixed.";
    let doc = process_text("t", text, None);
    let tokens = |phrase: &str| {
        let start = text.find(phrase).unwrap_or(usize::MAX);
        doc.token_at_or_after(start)..doc.token_at_or_after(start + phrase.len())
    };
    let name = |phrase: &str, content: &str| {
        let start = text.find(content).unwrap_or(usize::MAX);
        let content = [crate::document::Span {
            start,
            end: start + content.len(),
        }];
        let (_, mention) = super::speaker_of(&doc, Some(&tokens(phrase)), &content, None);
        mention
            .and_then(|m| doc.mentions[m].entity)
            .map(|e| doc.entities[e].name.clone())
    };
    assert_eq!(
        name("The singer's lawyer Hanna Roos", "the tour would resume in May").as_deref(),
        Some("Hanna Roos")
    );
    assert_eq!(name("The singer's agent", "the dates were not yet fixed"), None);
}

/// A verb of naming reports no words when it names a thing ("a firm
/// called Baltmar"), and the thing named in a passive ("was named Ferry of
/// the Year") is no speaker; the same verbs with their subject report a
/// verdict and stay.
#[test]
fn a_naming_is_no_statement_and_the_named_no_speaker() {
    let text = "The port hired a firm called Baltmar to run the crossing. \
                The old ferry was named Ferry of the Year by the travel press. \
                Mayor Ilse Varga called the plan a disgrace. \
                The harbour board called for a new survey. \
                Petra Lund, who chairs the transport committee, called Baltmar a poor choice. \
                Councillor Aron Falk called Baltmar reckless. \
                Nina Berg, who sits on the board, called Baltmar reckless and slow. \
                At the rally the party leader called Baltmar to the stage. \
                One of the members who signed the letter called Baltmar a risk.";
    let doc = process_text("t", text, None);
    let cue = |s: &str| span_of(text, s);
    let naming = |s: &str| {
        let c = cue(s);
        super::names_a_thing(
            &doc,
            crate::document::Span {
                start: c.start,
                end: c.start + 6,
            },
        )
    };
    assert!(naming("called Baltmar to"));
    assert!(super::named_passive(&doc, Some(cue("was named"))));
    assert!(!super::names_a_thing(&doc, cue("was named")));
    for verdict in [
        "called the plan",
        "called for",
        "called Baltmar a poor",
        "called Baltmar reckless.",
        "called Baltmar reckless and",
        "called Baltmar to the stage",
        "called Baltmar a risk",
    ] {
        assert!(!naming(verdict), "{verdict}");
        assert!(!super::named_passive(&doc, Some(cue(verdict))), "{verdict}");
    }
}

/// The subject of a passive verb of saying or thinking is what is said
/// about, not its speaker ("The harbour board is expected to …"); a
/// speaker named elsewhere stays.
#[test]
fn the_subject_of_a_raised_passive_is_no_speaker() {
    use crate::document::{Span, Statement};
    let text = "The harbour board is expected to approve the fees on Monday. \
                Mayor Ilse Varga said the ferry is expected to resume in May. \
                The bridge is expected to reopen in June, according to the port authority. \
                The harbour board said it would approve the fees.";
    let doc = process_text("t", text, None);
    let span = |s: &str, nth: usize| {
        let start = text.match_indices(s).nth(nth).map_or(usize::MAX, |m| m.0);
        Span {
            start,
            end: start + s.len(),
        }
    };
    let statement = |speaker: Span, cue: Span, content: Span| Statement {
        kind: StatementKind::Indirect,
        speaker: Some(speaker),
        speaker_mention: None,
        cue: Some(cue),
        content: vec![content],
    };
    let board = statement(
        span("The harbour board", 0),
        span("is expected", 0),
        span("to approve the fees on Monday", 0),
    );
    assert!(super::raised_passive(&doc, &board));
    let mayor = statement(
        span("Mayor Ilse Varga", 0),
        span("is expected", 1),
        span("to resume in May", 0),
    );
    assert!(!super::raised_passive(&doc, &mayor));
    let authority = statement(
        span("the port authority", 0),
        span("is expected", 2),
        span("to reopen in June", 0),
    );
    assert!(!super::raised_passive(&doc, &authority));
    let said = statement(
        span("The harbour board", 1),
        span("said", 1),
        span("it would approve the fees", 0),
    );
    assert!(!super::raised_passive(&doc, &said));
}

/// Through the pipeline: the raised subject leaves the speaker and opens
/// the content.
#[test]
fn a_raised_subject_opens_the_content() {
    let text = "Port news\n\nThe harbour board is expected to approve the new fees on Monday, \
                ending a long dispute with the ferry lines.\n";
    let doc = process_text("t", text, None);
    let cue = text.find("is expected").unwrap_or(usize::MAX);
    let st = doc
        .statements
        .iter()
        .find(|s| s.cue.is_some_and(|c| c.start == cue))
        .expect("a statement with the cue \"is expected\"");
    assert_eq!(st.speaker, None);
    let subject = st.content.first().map(|c| doc.slice(*c));
    assert!(subject.is_some_and(|s| "The harbour board".ends_with(s)), "{subject:?}");
    assert!(st.content.iter().any(|c| doc.slice(*c).starts_with("to approve")));
}

/// A participle between an article or a possessive and its noun is no
/// cue ("the harbour board's proposed fee rise"); a noun cue after a
/// possessive stays ("the board's insistence that …").
#[test]
fn a_participle_modifying_a_noun_is_no_cue() {
    let text = "The harbour board's proposed fee rise was delayed again. \
                The worrying thing is the cost. \
                The board's insistence that fees must rise angered the ferry lines. \
                The Danish confirmed talks had failed. \
                Many expecting rises sold early. \
                The fees were higher than the proposed. \
                Ferry users cite the board's fee rise.";
    let doc = process_text("t", text, None);
    let cue = |s: &str| span_of(text, s);
    assert!(super::modifies_a_noun(&doc, cue("proposed")));
    assert!(super::modifies_a_noun(&doc, cue("worrying")));
    assert!(!super::modifies_a_noun(&doc, cue("insistence")));
    assert!(!super::modifies_a_noun(&doc, cue("confirmed")));
    assert!(!super::modifies_a_noun(&doc, cue("proposed fee")));
    assert!(!super::modifies_a_noun(&doc, cue("expecting")));
    assert!(!super::modifies_a_noun(&doc, span_in(text, "proposed", "proposed.")));
    assert!(!super::modifies_a_noun(&doc, span_in(text, "fee", "fee rise.")));
}

/// The byte span of the first `s` in `text` (an empty span past the end
/// when there is none, which no assertion can mistake for a word).
fn span_of(text: &str, s: &str) -> crate::document::Span {
    let start = text.find(s).unwrap_or(usize::MAX);
    crate::document::Span {
        start,
        end: start.saturating_add(s.len()),
    }
}

/// The byte span of `word` where the first `context` in `text` begins
/// with it ("have" in "have what"), for a word that occurs earlier too.
fn span_in(text: &str, word: &str, context: &str) -> crate::document::Span {
    let at = span_of(text, context);
    crate::document::Span {
        start: at.start,
        end: at.start.saturating_add(word.len()),
    }
}

/// The raised subject `raised_subject` finds in `text` for a statement
/// whose speaker is `speaker` and whose cue is `verb` where the first
/// `cue_at` begins.
fn raised_subject_in(text: &str, speaker: &str, cue_at: &str, verb: &str) -> Option<String> {
    let doc = process_text("t", text, None);
    let st = crate::document::Statement {
        kind: StatementKind::Indirect,
        speaker: Some(span_of(text, speaker)),
        speaker_mention: None,
        cue: Some(span_in(text, verb, cue_at)),
        content: Vec::new(),
    };
    super::raised_subject(&doc, &st).map(|s| doc.slice(s).to_string())
}

/// The raised subject put into the content is the whole noun phrase up to
/// the cue, not the labeller's piece of it, and never an empty "it".
#[test]
fn a_raised_subject_is_its_whole_noun_phrase() {
    let text = "Japan's population, meanwhile, is expected to peak in 2030. \
                Lensworth, but it is expected to return cash. \
                It is thought the board will meet.";
    let subject = |speaker: &str, cue_at: &str, verb: &str| raised_subject_in(text, speaker, cue_at, verb);
    let expected = "is expected";
    assert_eq!(
        subject("Japan's", "is expected to peak", expected).as_deref(),
        Some("Japan's population")
    );
    assert_eq!(
        subject("Lensworth", "is expected to return", expected).as_deref(),
        Some("Lensworth")
    );
    assert_eq!(subject("It", "is thought", "is thought"), None);
    // A clause before a comma is no part of the subject; a list is all of it;
    // a relative pronoun is none.
    let text = "Despite Ola Dahl's role in the firm, the new engine is expected to fail. \
                Nordvik, Halden and Brekke are expected to bid. \
                The club, which is expected to lose, met.";
    let subject = |speaker: &str, cue_at: &str, verb: &str| raised_subject_in(text, speaker, cue_at, verb);
    assert_eq!(
        subject("Ola Dahl", "is expected to fail", expected).as_deref(),
        Some("the new engine")
    );
    assert_eq!(
        subject("Nordvik", "are expected to bid", "are expected").as_deref(),
        Some("Nordvik, Halden and Brekke")
    );
    assert_eq!(subject("which", "is expected to lose", expected), None);
}

#[test]
fn the_subject_of_a_verb_of_seeming_is_no_speaker() {
    let text = "Shipping news\n\nNordvik Shipping now seems to have lost the ferry contract to a rival. \
                Harbour chief Ola Dahl appeared in court on Monday and said the yard would appeal.";
    let r = rows_of(text);
    let yard = with_content(&r, "to have lost the ferry contract");
    assert_eq!(yard.1, "", "{r:?}");
    assert_eq!(yard.4.first().map(String::as_str), Some("Nordvik Shipping"), "{r:?}");
    // "appeared in court" raises nothing.
    let appeal = with_content(&r, "the yard would appeal");
    assert_eq!(appeal.2.as_deref(), Some("Ola Dahl"), "{r:?}");
}

#[test]
fn a_named_persons_relative_or_agent_is_not_that_person() {
    let text = "The singer Maren Vollan was released on bail on Monday. \
                Maren Vollan's mother said her daughter had done nothing wrong. \
                Vollan's agent said the tour would go ahead in March. \
                Vollan's campaign said it would appeal against the ruling.";
    let r = rows_of(text);
    let mother = with_content(&r, "done nothing wrong");
    assert_eq!(mother.1, "Maren Vollan's mother");
    assert_ne!(mother.2.as_deref(), Some("Maren Vollan"), "{r:?}");
    let agent = with_content(&r, "the tour would go ahead");
    assert_ne!(agent.2.as_deref(), Some("Maren Vollan"), "{r:?}");
    // A campaign speaks for its owner.
    let campaign = with_content(&r, "appeal against the ruling");
    assert_eq!(campaign.2.as_deref(), Some("Maren Vollan"), "{r:?}");
    // So do an organisation's board and lawyers.
    let r = rows_of("Nordvik Bank's board said the payments had been legal.");
    assert_eq!(
        with_content(&r, "payments had been legal").2.as_deref(),
        Some("Nordvik Bank"),
        "{r:?}"
    );
}

#[test]
fn a_description_speaks_as_the_name_in_apposition_after_it() {
    let text = "The harbour board met in Tromlo on Friday. \
                A lawyer for the fishermen, Ingrid Halvorsen, told reporters that the ban was unlawful.";
    let r = rows_of(text);
    let lawyer = with_content(&r, "the ban was unlawful");
    assert_eq!(lawyer.1, "A lawyer for the fishermen");
    assert_eq!(lawyer.2.as_deref(), Some("Ingrid Halvorsen"), "{r:?}");
    // One item of a list is no apposition.
    let text = "A spokesman for the board, Ingrid Halvorsen, Petter Dahl and the union said \
                the talks would resume on Monday.";
    let r = rows_of(text);
    let listed = with_content(&r, "the talks would resume");
    assert_ne!(listed.2.as_deref(), Some("Ingrid Halvorsen"), "{r:?}");
}

#[test]
fn a_run_on_quotation_paragraph_stays_with_its_speaker() {
    let text =
        "Shop sales rise\n\nAnnouncing the figures, Mr Ola Brekke said: \"Sales have risen for the third month. \
                \"Far from slowing down, the shops were busier than ever in December.\" His deputy, Siv Lund, \
                argued a change in opening hours was needed to meet demand.";
    let r = rows_of(text);
    let brekke = with_content(&r, "Sales have risen");
    assert_eq!(brekke.2.as_deref(), Some("Ola Brekke"), "{r:?}");
    assert!(brekke.4.iter().any(|c| c.starts_with("Far from slowing down")), "{r:?}");
    assert!(brekke.4.iter().all(|c| !c.contains("Siv Lund")), "{r:?}");
    let lund = with_content(&r, "a change in opening hours");
    assert_eq!(lund.2.as_deref(), Some("Siv Lund"), "{r:?}");
    assert!(lund.4.iter().all(|c| !c.contains("Far from")), "{r:?}");
}

#[test]
fn the_subject_of_a_passive_ask_urge_or_warn_is_no_speaker() {
    let text = "Ferry news\n\nHarbour manager Ola Dahl was asked to explain why the ferry had been late all week. \
                Passengers are being urged to check the timetable before they travel.";
    let r = rows_of(text);
    for content in ["why the ferry had been late", "to check the timetable"] {
        let row = with_content(&r, content);
        assert_eq!((row.1.as_str(), row.2.as_deref()), ("", None), "{r:?}");
    }
}

#[test]
fn a_cue_of_one_empty_word_makes_no_statement() {
    let text = "Analysts have said little. Analysts have what little spending there is.";
    let doc = process_text("t", text, None);
    assert!(super::empty_cue(&doc, span_in(text, "have", "have what")));
    assert!(!super::empty_cue(&doc, span_in(text, "have said", "have said")));
    assert!(!super::empty_cue(&doc, span_in(text, "said", "said little")));
}

/// German puts the finite verb second: a source run that opens the
/// sentence is its subject, not the object or genitive the labeller also
/// marked nearer the cue; an article alone takes its noun. Not a dative
/// ("Der englischsprachigen Zeitung sagte …"), an object that opens the
/// sentence, or over a source after the cue.
#[test]
fn a_german_sentence_opener_speaks_over_an_object_nearer_the_cue() {
    use super::learned::{label_of, CUE, SRC};
    let german_speaker = |text: &str, runs: &[(&str, u8)], content: &str| {
        let (doc, mut labels) = labelled(text, runs[0].0, runs[1].0, &[content]);
        for (words, role) in runs {
            for (n, word) in words.split(' ').enumerate() {
                labels[token_of(&doc, word)] = label_of(*role, n == 0);
            }
        }
        first_linked_de(&doc, &labels).0
    };
    let text = "Der Vorsitzende des Bauverbands, Karl Brenner, kritisierte die Entscheidung der Aufsicht scharf: „Das ist ein Fehler.“";
    let runs = [
        ("Der", SRC),
        ("kritisierte", CUE),
        ("des Bauverbands , Karl Brenner", SRC),
        ("Entscheidung der Aufsicht", SRC),
        ("scharf", CUE),
    ];
    assert_eq!(
        german_speaker(text, &runs, "Das ist ein Fehler.").as_deref(),
        Some("Der Vorsitzende")
    );
    let text = "Die Ministerin Lea Sorn vertritt wie Jan Terbo die Ansicht, dass die Steuer sinken müsse.";
    let runs = [
        ("Die Ministerin Lea Sorn", SRC),
        ("die Ansicht", CUE),
        ("Jan Terbo", SRC),
    ];
    assert_eq!(
        german_speaker(text, &runs, "dass die Steuer sinken müsse").as_deref(),
        Some("Die Ministerin Lea Sorn")
    );
    let text = "Der englischsprachigen Zeitung sagte Aron Velt, die Lage sei ernst.";
    let runs = [("Der", SRC), ("sagte", CUE), ("Aron Velt", SRC)];
    assert_eq!(
        german_speaker(text, &runs, "die Lage sei ernst").as_deref(),
        Some("Aron Velt")
    );
    // A source inside the quotation is named by the quoted words.
    let text = "Der Sprecher Tom Vell erklärte: „Wenn Ministerin Ada Rinn meint, was sie sagt, ist alles gut.“";
    let runs = [("Ministerin Ada Rinn", SRC), ("erklärte", CUE)];
    let speaker = german_speaker(
        text,
        &runs,
        "Wenn Ministerin Ada Rinn meint, was sie sagt, ist alles gut.",
    );
    assert!(
        speaker.as_deref().is_some_and(|s| s.starts_with("Der Sprecher")),
        "{speaker:?}"
    );
    let text = "Die Maßnahme der Notenbank sollte beruhigen, so Notenbankchef Ben Korr, die Lage sei ernst.";
    let runs = [
        ("Die Maßnahme der Notenbank", SRC),
        ("so", CUE),
        ("Notenbankchef Ben Korr", SRC),
    ];
    assert_eq!(
        german_speaker(text, &runs, "die Lage sei ernst").as_deref(),
        Some("Notenbankchef Ben Korr")
    );
}

/// German: the subject or dative of a passive of accusing, asking or
/// urging was spoken to; an agent after "von" spoke.
#[test]
fn a_german_passive_of_addressing_has_no_speaker_but_its_agent() {
    let text = "Dem Händler Piet Marn wurde vorgeworfen, die Waren gefälscht zu haben. \
                Die Anwohner wurden gebeten, ihr Haus nicht zu verlassen. \
                Die Miliz wurde von der Regierung Solans beschuldigt, die Brücke gesprengt zu haben. \
                Der Händler Piet Marn hat vorgeworfen, die Waren seien gefälscht.";
    let doc = process_text("t", text, None);
    let told = |cue: &str, context: &str, speaker: &str, speaker_context: &str| {
        super::told_passive_de(
            &doc,
            Some(span_in(text, cue, context)),
            Some(span_in(text, speaker, speaker_context)),
        )
    };
    assert!(told(
        "vorgeworfen",
        "vorgeworfen, die Waren gefälscht",
        "Händler",
        "Händler Piet Marn wurde"
    ));
    assert!(told("gebeten", "gebeten", "Die Anwohner", "Die Anwohner"));
    assert!(!told(
        "beschuldigt",
        "beschuldigt",
        "der Regierung Solans",
        "der Regierung Solans"
    ));
    assert!(!told(
        "vorgeworfen",
        "vorgeworfen, die Waren seien",
        "Der Händler",
        "Der Händler Piet Marn hat"
    ));
}

/// German: with no source labelled, no mention and no pronoun, the short
/// noun phrase before the finite verb is the subject ("Eine DNA-Analyse
/// hat bestätigt, …"); an adverb, a bare common noun, a passive or a
/// preposition's phrase is none.
#[test]
fn a_german_sentence_opened_by_its_subject_names_the_speaker() {
    let first = |text: &str, verb: &str| {
        let doc = process_text("t", text, None);
        let cue = token_of(&doc, verb);
        super::first_constituent_de(&doc, 0, cue).map(|r| doc.slice(super::tok_span(&doc, &r)).to_string())
    };
    assert_eq!(
        first("Eine DNA-Analyse hat bestätigt, dass der Mann tot ist.", "hat").as_deref(),
        Some("Eine DNA-Analyse")
    );
    assert_eq!(
        first("Diese bestätigte, dass ein Haftbefehl besteht.", "bestätigte").as_deref(),
        Some("Diese")
    );
    assert_eq!(
        first("Zunächst bestätigte die Firma, dass er floh.", "bestätigte"),
        None
    );
    assert_eq!(
        first("Einigkeit besteht darüber, dass das Duell wichtig war.", "besteht"),
        None
    );
    assert_eq!(
        first("Insbesondere wird kritisiert, dass die Wahl unfair war.", "wird"),
        None
    );
    assert_eq!(
        first("Als Begründung wurde angegeben, dass die Kosten stiegen.", "angegeben"),
        None
    );
}

/// German: an impersonal report ("hieß es", "es heißt", "war die Rede")
/// names no speaker, unless a phrase after a preposition or "laut" names
/// its source, or a relative clause reports for its antecedent.
#[test]
fn a_german_impersonal_report_has_no_speaker_but_its_document() {
    let text = "Kurzzeitig war die Rede, dass zwei Täter beteiligt waren. \
                Aus Paris hieß es, das Vorgehen sei falsch. \
                Die Behörde veröffentlichte eine Erklärung, in der es heißt, die Sperre sei nötig. \
                Der Minister Ivo Brand sagte, die Sperre sei nötig.";
    let doc = process_text("t", text, None);
    let impersonal = |cue: &str, cue_context: &str, speaker: &str, speaker_context: &str| {
        super::impersonal_de(
            &doc,
            Some(span_in(text, cue, cue_context)),
            Some(span_in(text, speaker, speaker_context)),
        )
    };
    assert!(impersonal("Rede", "Rede, dass", "Rede", "Rede, dass"));
    assert!(!impersonal("hieß", "hieß es", "Paris", "Paris hieß"));
    assert!(!impersonal("heißt", "heißt, die", "Die Behörde", "Die Behörde"));
    assert!(!impersonal(
        "sagte",
        "sagte",
        "Der Minister Ivo Brand",
        "Der Minister Ivo Brand"
    ));
}

/// "X, who …, said": where the relative clause closes before the cue,
/// the speaker is the antecedent's mention, not "who"; inside the clause
/// ("X, who said …") the pronoun stays the span, its entity X's.
#[test]
fn a_speaker_before_a_closed_relative_clause_is_the_antecedent() {
    let r = rows_of("Harbour news\n\nCorvanta, which saw its shares rise 25%, said the bid undervalued the business.");
    let row = with_content(&r, "undervalued");
    assert_eq!(
        (row.1.as_str(), row.2.as_deref()),
        ("Corvanta", Some("Corvanta")),
        "{r:?}"
    );
    let r = rows_of(
        "Harbour dispute\n\nThe fees were set by Mayor Tomas Reyne, who said the harbour fees would rise in May.",
    );
    let row = with_content(&r, "harbour fees");
    assert_eq!(
        (row.1.as_str(), row.2.as_deref()),
        ("who", Some("Tomas Reyne")),
        "{r:?}"
    );
}

/// The subject of a passive of criticising or accusing is spoken about,
/// not the speaker; an agent after the verb speaks.
#[test]
fn the_subject_of_a_passive_criticise_or_accuse_is_no_speaker() {
    let text =
        "Harbour row\n\nHarbour manager Ola Dahl has been criticised for saying that the ferry fees would double. \
                Mayor Tomas Reyne was accused of claiming that the harbour was safe.";
    let r = rows_of(text);
    for content in ["the ferry fees would double", "the harbour was safe"] {
        let row = with_content(&r, content);
        assert_eq!(row.2.as_deref(), None, "{r:?}");
    }
}

/// "Asked whether …, X said …": the question that opens the sentence is
/// no words of X's; the answer is.
#[test]
fn a_question_opening_with_asked_has_no_speaker() {
    let text = "Harbour row\n\nOfficials said the ferry was late. \
                Asked to describe the damage to the pier, Mayor Tomas Reyne said it was severe.";
    let r = rows_of(text);
    let question = with_content(&r, "describe the damage");
    assert_eq!((question.1.as_str(), question.2.as_deref()), ("", None), "{r:?}");
    let answer = with_content(&r, "it was severe");
    assert_eq!(answer.2.as_deref(), Some("Tomas Reyne"), "{r:?}");
}

/// A source after "like" or "unlike" is a comparison, not the subject,
/// however near the cue.
#[test]
fn a_source_compared_with_like_is_not_the_speaker() {
    use super::learned::{label_of, SRC};
    let text = "Mayor Lena Okafor, like Tomas Reyne, has said the bridge would reopen in May.";
    let (doc, mut labels) = labelled(
        text,
        "Mayor Lena Okafor",
        "has said",
        &["the bridge would reopen in May"],
    );
    for (n, word) in ["Tomas", "Reyne"].iter().enumerate() {
        labels[token_of(&doc, word)] = label_of(SRC, n == 0);
    }
    assert_eq!(first_linked(&doc, &labels).0.as_deref(), Some("Mayor Lena Okafor"));
}

/// "…, a source said." closing the sentence owns the content before it,
/// whatever cue the labeller also marked inside that content; a content
/// run before the inner cue joins it.
#[test]
fn a_closing_source_and_verb_own_the_sentence_before_them() {
    use super::learned::{label_of, CNT, CUE};
    let text = "The harbour board decided to raise the fees in May, a spokesman said.";
    let (doc, mut labels) = labelled(text, "a spokesman", "said", &["to raise the fees in May"]);
    for (word, role, first) in [
        ("The", CNT, true),
        ("harbour", CNT, false),
        ("board", CNT, false),
        ("decided", CUE, true),
    ] {
        labels[token_of(&doc, word)] = label_of(role, first);
    }
    let found = super::link(&doc, &labels, false, true);
    assert_eq!(found.len(), 1, "one statement, not one per cue");
    let (speaker, content) = first_of(&doc, &found);
    assert_eq!(speaker.as_deref(), Some("a spokesman"));
    assert_eq!(content, vec!["The harbour board decided to raise the fees in May"]);
}

/// A source the labeller took inside a relative clause that closes right
/// before the cue ("X, who treated Y, said") gives way to the antecedent.
#[test]
fn a_source_inside_a_closed_relative_clause_gives_way_to_its_antecedent() {
    let text = "Harbour row. Dr. Lena Okafor, who treated the mayor Tomas Reyne last year, said the bridge was unsafe.";
    let speaker = linked_speaker(text, "Tomas Reyne", "said", "the bridge was unsafe");
    assert!(
        speaker.as_deref().is_some_and(|s| s.ends_with("Lena Okafor")),
        "{speaker:?}"
    );
    let text = "Harbour row. Dr. Lena Okafor met the mayor Tomas Reyne last year and said the bridge was unsafe.";
    let speaker = linked_speaker(text, "Tomas Reyne", "said", "the bridge was unsafe");
    assert_eq!(speaker.as_deref(), Some("Tomas Reyne"));
}
