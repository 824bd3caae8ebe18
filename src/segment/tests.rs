use crate::document::{Document, QuoteStyle, TokenKind};

fn seg(text: &str) -> Document {
    let mut doc = Document::new("t", text, None);
    crate::dateline::detect(&mut doc);
    super::segment(&mut doc);
    doc
}

fn sentences(doc: &Document) -> Vec<&str> {
    doc.sentences.iter().map(|s| doc.slice(s.span)).collect()
}

fn quoted(doc: &Document) -> Vec<&str> {
    doc.quotations.iter().map(|q| doc.slice(q.inner)).collect()
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let doc = seg("Gen. Amara Osei met Mr. Lind in the U.S. capital on Jan. 5 to discuss aid. She left on Friday.");
    assert_eq!(
        sentences(&doc),
        vec![
            "Gen. Amara Osei met Mr. Lind in the U.S. capital on Jan. 5 to discuss aid.",
            "She left on Friday."
        ]
    );
}

#[test]
fn sentence_final_abbreviation_before_a_new_sentence() {
    let doc = seg("The firm moved its headquarters to the U.S. The move cost millions.");
    assert_eq!(sentences(&doc).len(), 2);
}

#[test]
fn closing_quotes_stay_with_their_sentence_and_tags_stay_with_quotes() {
    let doc = seg("\"How long must we wait?\" Reyne asked. \"Not long.\" The crowd cheered.");
    assert_eq!(
        sentences(&doc),
        vec![
            "\"How long must we wait?\" Reyne asked.",
            "\"Not long.\"",
            "The crowd cheered."
        ]
    );
}

#[test]
fn dateline_is_its_own_segment() {
    let doc = seg(" date 2024-03-09 PORTMERE- According to the union, the strike goes on.");
    assert_eq!(sentences(&doc)[0], "date 2024-03-09 PORTMERE-");
}

#[test]
fn paragraphs_split_on_blank_lines_and_finished_lines() {
    let doc = seg("Headline Of The Day\n\nFirst paragraph here.\nSecond one.\n\n  Third.");
    let paras: Vec<&str> = doc.paragraphs.iter().map(|p| doc.slice(*p)).collect();
    assert_eq!(
        paras,
        vec!["Headline Of The Day", "First paragraph here.", "Second one.", "Third."]
    );
}

#[test]
fn hard_wrapped_lines_stay_one_paragraph() {
    let long = "This line is long enough to be a wrapped line of running prose in a plain text file and";
    let doc = seg(&format!("{long}\ncontinues here."));
    assert_eq!(doc.paragraphs.len(), 1);
}

#[test]
fn quote_marks_of_every_style_pair() {
    let doc = seg("He said “curly one” and \"straight one\" and «guillemets» and ‘single one’ too.");
    assert_eq!(
        quoted(&doc),
        vec!["curly one", "straight one", "guillemets", "single one"]
    );
    let styles: Vec<QuoteStyle> = doc.quotations.iter().map(|q| q.style).collect();
    assert_eq!(
        styles,
        vec![
            QuoteStyle::Double,
            QuoteStyle::Double,
            QuoteStyle::Guillemet,
            QuoteStyle::Single
        ]
    );
}

#[test]
fn a_right_double_quote_typed_as_an_opener_opens() {
    let doc = seg("Readers wrote in.\n\n”We are tired of the noise.” ― Ada Rell\n”And so are we,” said Tom Berg.");
    assert_eq!(quoted(&doc), vec!["We are tired of the noise.", "And so are we,"]);
    // Closing where one is open, and after a word, as before.
    let doc = seg("He said “the pier is safe” and left.");
    assert_eq!(quoted(&doc), vec!["the pier is safe"]);
}

#[test]
fn apostrophes_are_not_quote_marks() {
    let doc = seg("The Corps' budget and Norland’s plan were 'approved' in the '90s, didn't they?");
    assert_eq!(quoted(&doc), vec!["approved"]);
    // The possessive is split from its word.
    let toks: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    assert!(toks.contains(&"Norland") && toks.contains(&"’s"), "{toks:?}");
}

#[test]
fn contractions_split_as_the_treebanks_write_them() {
    let doc = seg("I'm sure they can’t, O'Neill's men won't and DON'T; we'd rock'n'roll.");
    let toks: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    assert_eq!(
        toks,
        vec![
            "I",
            "'m",
            "sure",
            "they",
            "ca",
            "n’t",
            ",",
            "O'Neill",
            "'s",
            "men",
            "wo",
            "n't",
            "and",
            "DO",
            "N'T",
            ";",
            "we",
            "'d",
            "rock'n'roll",
            "."
        ]
    );
    // The clitic is no capitalised word, and tokens still tile the text.
    assert!(!doc.tokens[1].cap && doc.tokens[0].cap);
    assert!(!doc.tokens[1].space_before);
}

#[test]
fn quote_continued_across_paragraphs() {
    let doc = seg("“The first part goes on,\n\n“and the second part ends here,” she said.");
    assert_eq!(doc.quotations.len(), 2);
    assert!(doc.quotations[0].unclosed);
    assert!(doc.quotations[1].continues_previous);
    assert_eq!(doc.slice(doc.quotations[1].inner), "and the second part ends here,");
}

#[test]
fn unbalanced_quote_closes_at_paragraph_end() {
    let doc = seg("She said “this never closes.\n\nNext paragraph has none.");
    assert_eq!(doc.quotations.len(), 1);
    assert!(doc.quotations[0].unclosed);
    assert_eq!(doc.slice(doc.quotations[0].inner), "this never closes.");
}

#[test]
fn deeply_nested_quotes_do_not_blow_up() {
    let text = "“".repeat(10_000) + "x" + &"”".repeat(10_000);
    let doc = seg(&text);
    assert_eq!(doc.quotations.len(), 10_000);
}

#[test]
fn dotted_acronyms_and_numbers_are_single_tokens() {
    let doc = seg("The U.S. sent 10,000 tonnes on 2023-05-13 at 10:30 a.m. to Al-Ain.");
    let toks: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    for t in ["U.S.", "10,000", "2023-05-13", "10:30", "a.m.", "Al-Ain"] {
        assert!(toks.contains(&t), "{t} in {toks:?}");
    }
    let nums = doc.tokens.iter().filter(|t| t.kind == TokenKind::Number).count();
    assert_eq!(nums, 3);
}

#[test]
fn a_german_ordinal_before_a_month_or_a_counted_noun_ends_no_sentence() {
    let doc = seg("Der Song erscheint am 12. Oktober weltweit. In der 88. Minute fiel das Tor. Sie kamen auf 12. Dann gingen sie.");
    assert_eq!(
        sentences(&doc),
        vec![
            "Der Song erscheint am 12. Oktober weltweit.",
            "In der 88. Minute fiel das Tor.",
            "Sie kamen auf 12.",
            "Dann gingen sie."
        ]
    );
}

#[test]
fn a_quote_reopened_after_a_sentence_is_its_next_paragraph() {
    // The source lost the paragraph break between the two parts of one
    // quotation: the first ends where the second opens.
    let doc = seg(
        "Manager Ola Brekke said: \"It has been a busy week. \"The shop was full every day.\" \
         Union official Siv Lund said on Saturday: \"We are tired.\"",
    );
    assert_eq!(
        quoted(&doc),
        vec![
            "It has been a busy week.",
            "The shop was full every day.",
            "We are tired."
        ]
    );
    assert!(doc.quotations[0].unclosed);
    assert!(doc.quotations[1].continues_previous);
    assert!(!doc.quotations[2].continues_previous);
    // A quotation inside a sentence of another is no new paragraph.
    let doc = seg("He said: \"They called it \"a fair deal\" at the time.\"");
    assert_eq!(
        quoted(&doc),
        vec!["They called it \"a fair deal\" at the time.", "a fair deal"]
    );
}
