use crate::document::TimexType;
use crate::pipeline::process_text;

/// (surface, type, value) of every time expression.
fn timexes(text: &str, date: Option<&str>) -> Vec<(String, String, String)> {
    let doc = process_text("t", text, date);
    doc.timexes
        .iter()
        .map(|t| {
            (
                doc.slice(t.span).to_string(),
                t.ttype.as_str().to_string(),
                t.value.clone(),
            )
        })
        .collect()
}

fn value_of(text: &str, date: &str, surface: &str) -> String {
    timexes(text, Some(date))
        .into_iter()
        .find(|t| t.0 == surface)
        .unwrap_or_else(|| panic!("{surface:?} not found in {:?}", timexes(text, Some(date))))
        .2
}

#[test]
fn relative_days_lean_to_the_past() {
    // 2024-03-09 is a Saturday.
    assert_eq!(
        value_of("The rally took place on Saturday.", "2024-03-09", "Saturday"),
        "2024-03-09"
    );
    assert_eq!(
        value_of("The rally took place on Tuesday.", "2024-03-09", "Tuesday"),
        "2024-03-05"
    );
    assert_eq!(
        value_of("Talks will resume on Tuesday.", "2024-03-09", "Tuesday"),
        "2024-03-12"
    );
    assert_eq!(
        value_of("Nobody came yesterday.", "2024-03-09", "yesterday"),
        "2024-03-08"
    );
}

#[test]
fn this_coming_weekday_looks_ahead() {
    // 2024-03-07 is a Thursday; no tense leans either way.
    let t = timexes("Women's Day is this coming Sunday.", Some("2024-03-07"));
    assert!(t.iter().any(|x| x.2 == "2024-03-10"), "{t:?}");
}

#[test]
fn months_weeks_and_years_relative_to_the_article() {
    let d = "2023-05-13";
    assert_eq!(value_of("Last month, officials met.", d, "Last month"), "2023-04");
    assert_eq!(value_of("They met in April.", d, "April"), "2023-04");
    assert_eq!(value_of("They met in November.", d, "November"), "2022-11");
    assert_eq!(
        value_of("The strike began two weeks ago.", d, "two weeks ago"),
        "2023-W17"
    );
    assert_eq!(value_of("It rose earlier this year.", d, "earlier this year"), "2023");
    assert_eq!(value_of("Prices rose last year.", d, "last year"), "2022");
    assert_eq!(
        value_of("The decline began a few years ago.", d, "a few years ago"),
        "PAST_REF"
    );
}

#[test]
fn absolute_dates_durations_and_sets() {
    let d = "2023-05-13";
    assert_eq!(
        value_of("It opened on March 3, 2021.", d, "March 3, 2021"),
        "2021-03-03"
    );
    assert_eq!(value_of("It opened on 3 March 2021.", d, "3 March 2021"), "2021-03-03");
    assert_eq!(value_of("Engineers have urged it since 2019.", d, "2019"), "2019");
    assert_eq!(value_of("The ban will last for three years.", d, "three years"), "P3Y");
    assert_eq!(value_of("Ferries run every week.", d, "every week"), "P1W");
    let t = timexes("The vote is at 3:30 p.m. today.", Some(d));
    assert!(
        t.contains(&("3:30 p.m. today".into(), "TIME".into(), "2023-05-13T15:30".into())),
        "{t:?}"
    );
}

#[test]
fn dateline_date_is_the_reference() {
    let v = value_of(
        " date 2023-05-13 TEHRAN- The meeting was held on Saturday.",
        "2020-01-01",
        "Saturday",
    );
    assert_eq!(v, "2023-05-13");
}

#[test]
fn without_a_reference_values_stay_underspecified() {
    let t = timexes("They met on Tuesday and again last year.", None);
    assert_eq!(t[0].2, "XXXX-WXX-2");
    assert_eq!(t[1].2, "PAST_REF");
}

#[test]
fn may_the_verb_is_not_a_month() {
    let t = timexes(
        "Officials may decide in May whether the port may reopen.",
        Some("2023-01-10"),
    );
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].2, "2023-05");
}

/// (speaker name, time value, time source, place name, place source) of
/// each statement.
fn settings(text: &str) -> Vec<(String, String, String, String, String)> {
    let doc = process_text("t", text, None);
    doc.statements
        .iter()
        .zip(&doc.settings)
        .map(|(st, set)| {
            let name = st
                .speaker_mention
                .and_then(|m| doc.mentions.get(m))
                .and_then(|m| m.entity)
                .and_then(|e| doc.entities.get(e))
                .map_or(String::new(), |e| e.name.clone());
            let (tv, ts) = set
                .time
                .as_ref()
                .map_or((String::new(), String::new()), |t| (t.0.clone(), t.2.as_str().into()));
            let (pn, ps) = set
                .place
                .as_ref()
                .map_or((String::new(), String::new()), |p| (p.0.clone(), p.2.as_str().into()));
            (name, tv, ts, pn, ps)
        })
        .collect()
}

#[test]
fn statements_take_time_and_place_from_their_speakers_event() {
    let text =
        " date 2024-03-09 PORTMERE- Union leader Marta Velkova made the remarks on Thursday at a rally in Harwick.\n\n\
                She said that the strike would go on.\n\n\
                Last month, Mayor Tomas Reyne told reporters that the port was safe.\n\n\
                \"Nothing has changed,\" Reyne said.";
    let s = settings(text);
    let velkova = s.iter().find(|x| x.0 == "Marta Velkova").expect("Velkova's statement");
    assert_eq!(velkova.1, "2024-03-07");
    assert_eq!(velkova.2, "speaker");
    assert_eq!((velkova.3.as_str(), velkova.4.as_str()), ("Harwick", "speaker"));
    let reyne: Vec<_> = s.iter().filter(|x| x.0 == "Tomas Reyne").collect();
    assert_eq!(reyne.len(), 2, "{s:?}");
    assert_eq!((reyne[0].1.as_str(), reyne[0].2.as_str()), ("2024-02", "sentence"));
    // The quote inherits the time of the speaker's earlier statement; no
    // place is given for Reyne, so the dateline's stands, marked as such.
    assert_eq!((reyne[1].1.as_str(), reyne[1].2.as_str()), ("2024-02", "speaker"));
    assert_eq!((reyne[1].3.as_str(), reyne[1].4.as_str()), ("Portmere", "dateline"));
}

#[test]
fn what_one_statement_says_does_not_date_another_of_its_sentence() {
    // "in October" is when the raise was offered, inside the second
    // statement's content: it dates neither that statement nor the first,
    // nor, through the speaker, the next one.
    let text = " date 2024-11-06 BRENNFORD- Nurses walked out on Wednesday.\n\n\
                Health commissioner Daniel Achterberg called the strike \"regrettable and avoidable\" and said the city had offered a 4 percent raise in October.\n\n\
                He added that the offer remained on the table.";
    let s = settings(text);
    let his: Vec<_> = s.iter().filter(|x| x.0 == "Daniel Achterberg").collect();
    assert!(his.len() >= 2, "{s:?}");
    for x in his {
        assert_eq!((x.1.as_str(), x.2.as_str()), ("2024-11-06", "dateline"), "{s:?}");
    }
}

#[test]
fn a_bare_year_about_the_speaker_elsewhere_does_not_date_their_words() {
    let text = " date 2024-03-09 PORTMERE- Fares rose.\n\n\
                In 2019 Mayor Tomas Reyne told a rally that the bridge would open.\n\n\
                Reyne said that the fares were fair.";
    // (time value, time source) of Reyne's later statement, the one not
    // dated by its own sentence.
    let later = |text: &str| {
        let s = settings(text);
        let x = s
            .iter()
            .find(|x| x.0 == "Tomas Reyne" && x.2 != "sentence")
            .unwrap_or_else(|| panic!("no later statement: {s:?}"));
        (x.1.clone(), x.2.clone())
    };
    assert_eq!(later(text), ("2024-03-09".into(), "dateline".into()));
    // Nor does a month of another year.
    assert_eq!(later(&text.replace("In 2019", "In February 2019")).1, "dateline");
    // A month of the article's time carries over.
    assert_eq!(
        later(&text.replace("In 2019", "In February")),
        ("2024-02".into(), "speaker".into())
    );
}

#[test]
fn only_a_place_where_the_speaker_spoke_carries_to_their_other_statements() {
    // (place, source) of Reyne's quote, the statement after the one that
    // names a place.
    let quote = |first: &str| {
        let text = format!(
            " date 2024-03-09 PORTMERE- Fares rose.\n\n{first}\n\n\"Nobody pays more than before,\" Reyne said."
        );
        let s = settings(&text);
        let x = s.get(1).unwrap_or_else(|| panic!("two statements: {s:?}"));
        (x.3.clone(), x.4.clone())
    };
    // Where he once opened a ferry line is not where he spoke.
    assert_eq!(
        quote("Mayor Tomas Reyne opened a ferry line in Harwick last year and said the fares were fair."),
        ("Portmere".into(), "dateline".into())
    );
    // A scene set for his words, or a public act of speaking, carries.
    assert_eq!(
        quote("At the ferry terminal in Harwick, Mayor Tomas Reyne said that the fares were fair."),
        ("Harwick".into(), "speaker".into())
    );
    assert_eq!(
        quote("Mayor Tomas Reyne told a meeting of traders in Harwick that the fares were fair."),
        ("Harwick".into(), "speaker".into())
    );
}

#[test]
fn a_place_in_someones_role_places_no_statement() {
    let text = " date 2024-03-09 PORTMERE- Fares rose.\n\n\
                Tomas Reyne, managing director of Harbour Lines in Harwick, said that the fares were fair.";
    let s = settings(text);
    assert_eq!((s[0].3.as_str(), s[0].4.as_str()), ("Portmere", "dateline"), "{s:?}");
    // Where the words were said still counts.
    let text = " date 2024-03-09 PORTMERE- Fares rose.\n\n\
                Speaking at a rally in Harwick, Tomas Reyne said that the fares were fair.";
    let s = settings(text);
    assert_eq!((s[0].3.as_str(), s[0].4.as_str()), ("Harwick", "sentence"), "{s:?}");
}

#[test]
fn a_place_that_modifies_a_noun_places_no_statement_unless_the_noun_is_a_venue() {
    let text = " date 2024-03-09 PORTMERE- Fares rose.\n\n\
                After a week in the Harwick wine trade, Mayor Tomas Reyne said that the fares were fair.";
    let s = settings(text);
    assert_eq!((s[0].3.as_str(), s[0].4.as_str()), ("Portmere", "dateline"), "{s:?}");
    // A venue after the place: the words were said there.
    let text = " date 2024-03-09 PORTMERE- Fares rose.\n\n\
                Speaking at the Harwick motor show, Mayor Tomas Reyne said that the fares were fair.";
    let s = settings(text);
    assert_eq!((s[0].3.as_str(), s[0].4.as_str()), ("Harwick", "sentence"), "{s:?}");
}

#[test]
fn where_someone_lives_or_a_name_with_a_place_in_it_does_not_place_a_statement() {
    // Where the speaker lives and the newspaper that printed the words say
    // nothing of where the words were said: the dateline's place stands.
    let text = " date 2024-03-09 PORTMERE- Fares rose again.\n\n\
                \"Nobody asked us,\" said Lena Okafor, who lives in Harwick.\n\n\
                Mayor Tomas Reyne said in the San Francisco Chronicle that the fares were fair.";
    let s = settings(text);
    for name in ["Lena Okafor", "Tomas Reyne"] {
        let x = s
            .iter()
            .find(|x| x.0 == name)
            .unwrap_or_else(|| panic!("{name}: {s:?}"));
        assert_eq!((x.3.as_str(), x.4.as_str()), ("Portmere", "dateline"), "{s:?}");
    }
    // A place of the act of saying still counts.
    let s = settings(" date 2024-03-09 PORTMERE- Fares rose.\n\nAt a rally in Harwick, Mayor Tomas Reyne said that the fares were fair.");
    assert_eq!((s[0].3.as_str(), s[0].4.as_str()), ("Harwick", "sentence"), "{s:?}");
}

#[test]
fn a_year_of_someones_past_of_a_named_thing_or_a_bound_does_not_date_a_statement() {
    let text = " date 2024-03-09 PORTMERE- Fares rose.\n\n\
                Lena Okafor, who won the city prize in 2019, said that the fares were unfair.\n\n\
                Tomas Reyne said after the 2021 budget vote that fares had to rise.\n\n\
                Ruth Alder, a councillor since 2015, said that fares were fair.\n\n\
                In 2023 Mayor Ines Marr said that fares would stay.";
    let s = settings(text);
    for name in ["Lena Okafor", "Tomas Reyne", "Ruth Alder"] {
        let x = s
            .iter()
            .find(|x| x.0 == name)
            .unwrap_or_else(|| panic!("{name}: {s:?}"));
        assert_eq!((x.1.as_str(), x.2.as_str()), ("2024-03-09", "dateline"), "{s:?}");
    }
    // A year that opens the sentence dates it.
    let marr = s.iter().find(|x| x.0 == "Ines Marr").expect("Marr's statement");
    assert_eq!((marr.1.as_str(), marr.2.as_str()), ("2023", "sentence"), "{s:?}");
}

#[test]
fn without_any_setting_the_dateline_is_used_and_marked() {
    let s = settings(" date 2024-03-09 PORTMERE- The minister said that talks would resume.");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!((s[0].1.as_str(), s[0].2.as_str()), ("2024-03-09", "dateline"));
}

#[test]
fn compounds_quarters_and_decades() {
    let d = "1989-11-02";
    assert_eq!(
        value_of("Its third-quarter loss widened.", d, "third-quarter"),
        "1989-Q3"
    );
    assert_eq!(value_of("It adopted a two-year plan.", d, "two-year"), "P2Y");
    assert_eq!(
        value_of("Prices have not been this low for two decades.", d, "two decades"),
        "P20Y"
    );
    // In a report on the quarter, "a year ago" is that quarter a year back.
    let t = timexes(
        "Net income rose 11% in the third quarter. It was $3 million a year ago.",
        Some(d),
    );
    assert!(
        t.iter().any(|x| x.0.ends_with("a year ago") && x.2 == "1988-Q3"),
        "{t:?}"
    );
}

#[test]
fn dates_without_a_year_follow_the_tense_within_limits() {
    let d = "1989-11-02";
    // Past tense, but a date weeks ahead is this year's (a deadline).
    assert_eq!(
        value_of("The company extended its offer to Nov. 20.", d, "Nov. 20"),
        "1989-11-20"
    );
    // Past tense and months ahead: last year's.
    assert_eq!(value_of("The plant closed in August.", d, "August"), "1989-08");
    assert_eq!(
        value_of("The plant closed on Dec. 28.", "1989-03-02", "Dec. 28"),
        "1988-12-28"
    );
    // Future tense and months behind: next year's.
    assert_eq!(value_of("The plant will reopen in March.", d, "March"), "1990-03");
}

#[test]
fn the_next_day_follows_the_story_not_the_article_date() {
    let t = timexes(
        "The council met on May 3, 2021, to debate the plan. The next day, it voted against it.",
        Some("2023-05-13"),
    );
    assert!(t.iter().any(|x| x.0 == "May 3, 2021" && x.2 == "2021-05-03"), "{t:?}");
    assert!(
        t.iter()
            .any(|x| x.0.to_lowercase().ends_with("next day") && x.2 == "2021-05-04"),
        "{t:?}"
    );
}

#[test]
fn a_time_inside_a_reported_clause_does_not_date_the_saying() {
    let doc = process_text(
        "t",
        "Engineer Pieter Hallam said that inspections last year found corrosion.",
        Some("2024-10-15"),
    );
    let set = doc.settings.first().expect("one statement");
    let (value, span, source) = set.time.clone().expect("a time");
    // Not "last year" (2023): the article's publication date, marked so.
    assert_eq!(
        (value.as_str(), span, source.as_str()),
        ("2024-10-15", None, "published")
    );
}

#[test]
fn numbers_in_words_halves_and_centuries() {
    assert_eq!(
        value_of(
            "The plant was founded in nineteen ninety-six.",
            "1998-02-13",
            "nineteen ninety-six"
        ),
        "1996"
    );
    assert_eq!(
        value_of(
            "The talks lasted for two and a half years.",
            "2023-05-13",
            "two and a half years"
        ),
        "P2Y6M"
    );
    assert_eq!(
        value_of(
            "The road was built in the 20th century.",
            "2023-05-13",
            "the 20th century"
        ),
        "19"
    );
    assert_eq!(
        value_of(
            "Rents doubled in the last half of 1989.",
            "1990-02-01",
            "the last half of 1989"
        ),
        "1989-H2"
    );
}

#[test]
fn last_month_name_is_the_latest_one_before() {
    // In November, "last June" is June of the same year; in May, the year before.
    assert_eq!(value_of("Prices fell last June.", "1989-11-01", "last June"), "1989-06");
    assert_eq!(value_of("Prices fell last June.", "2023-05-13", "last June"), "2022-06");
    assert_eq!(
        value_of("Prices fell last summer.", "1989-11-01", "last summer"),
        "1989-SU"
    );
}

#[test]
fn clock_times_take_their_day() {
    // 1998-02-13 is a Friday: "Wednesday" is the 11th.
    let t = timexes(
        "The minister spoke at 10 p.m. Wednesday in the capital.",
        Some("1998-02-13"),
    );
    assert!(t.iter().any(|x| x.1 == "TIME" && x.2 == "1998-02-11T22:00"), "{t:?}");
    let t = timexes(
        "Bids are due by 5 p.m. EST Nov. 9, the agency said.",
        Some("1989-11-02"),
    );
    assert!(t.iter().any(|x| x.1 == "TIME" && x.2 == "1989-11-09T17:00"), "{t:?}");
}

#[test]
fn quarters_of_named_years_and_holidays() {
    assert_eq!(
        value_of(
            "Results for next year's first quarter will be weak.",
            "1989-10-31",
            "next year's first quarter"
        ),
        "1990-Q1"
    );
    // Thanksgiving 1999 was the fourth Thursday of November, the 25th.
    let t = timexes(
        "Sales have been slow since Thanksgiving, the chain said.",
        Some("2000-01-07"),
    );
    assert!(t.iter().any(|x| x.2 == "1999-11-25"), "{t:?}");
}

#[test]
fn a_year_before_a_noun_is_a_date() {
    assert_eq!(
        value_of("A nurse was hurt in the 1998 clinic bombing.", "2000-01-07", "1998"),
        "1998"
    );
    assert_eq!(
        value_of("Analysts trimmed their 1990 earnings forecasts.", "1989-11-02", "1990"),
        "1990"
    );
    // A count of things is not a year.
    let t = timexes(
        "The plant employs 1999 workers and 45 percent of them.",
        Some("2023-05-13"),
    );
    assert!(t.iter().all(|x| x.0 != "1999"), "{t:?}");
}

#[test]
fn the_story_year_and_the_weekend_just_gone() {
    // "the following year" leans on the year the story named, not the article's.
    let t = timexes(
        "The mill opened in 1995. The following year, it closed.",
        Some("1998-04-18"),
    );
    assert!(
        t.iter().any(|x| x.0.ends_with("following year") && x.2 == "1996"),
        "{t:?}"
    );
    // 1989-10-30 is a Monday: "the weekend" told of the past is the one before.
    assert_eq!(
        value_of(
            "Talks broke down over the weekend, officials said.",
            "1989-10-30",
            "the weekend"
        ),
        "1989-W43-WE"
    );
}

#[test]
fn quantifiers_and_the_past_stay_inside_the_expression() {
    let t = timexes("Prices have risen for nearly two weeks.", Some("2023-05-13"));
    assert!(t.iter().any(|x| x.0 == "nearly two weeks" && x.2 == "P2W"), "{t:?}");
    let t = timexes("The plant will stay shut for at least 30 days.", Some("2023-05-13"));
    assert!(t.iter().any(|x| x.0 == "at least 30 days" && x.2 == "P30D"), "{t:?}");
    let t = timexes("Sales fell in the past two years.", Some("2023-05-13"));
    assert!(t.iter().any(|x| x.0 == "the past two years"), "{t:?}");
}

#[test]
fn a_possessive_is_not_a_present_tense() {
    // 1989-10-30 is a Monday; "Friday's" is the Friday before, not "is".
    assert_eq!(
        value_of(
            "Friday's trading volume totaled 132.8 million shares.",
            "1989-10-30",
            "Friday"
        ),
        "1989-10-27"
    );
}

#[test]
fn a_preposition_is_not_part_of_the_expression() {
    let t = timexes("The union's strike fund can last until the summer.", Some("2024-03-09"));
    assert!(t.iter().any(|x| x.0 == "the summer" && x.2 == "2024-SU"), "{t:?}");
}

#[test]
fn punctuation_is_never_part_of_an_expression() {
    let t = timexes(
        "Profit rose in the third quarter. A year earlier, net income was $2.1 million.",
        Some("1989-11-02"),
    );
    assert!(t.iter().any(|x| x.0 == "the third quarter"), "{t:?}");
    assert!(
        t.iter().all(|x| x.0.chars().last().is_some_and(char::is_alphanumeric)),
        "{t:?}"
    );
}

#[test]
fn deadlines_and_arrangements_look_ahead() {
    // 2024-03-09 is a Saturday.
    assert_eq!(
        value_of(
            "Officials gave the families until Tuesday to sign the agreement.",
            "2024-03-09",
            "Tuesday"
        ),
        "2024-03-12"
    );
    assert_eq!(
        value_of(
            "The prosecutor has scheduled a news conference Thursday to announce charges.",
            "2024-03-09",
            "Thursday"
        ),
        "2024-03-14"
    );
    // Told in the past perfect, "until" looks back.
    assert_eq!(
        value_of(
            "Until Thursday, the police had not named a suspect.",
            "2024-03-09",
            "Thursday"
        ),
        "2024-03-07"
    );
}

#[test]
fn a_year_in_words_is_sure_in_form() {
    let sure = |text: &str| -> Vec<(String, bool)> {
        let doc = process_text("t", text, Some("1998-01-08"));
        let (matches, _) = super::grammar_matches(&doc);
        matches
            .iter()
            .map(|m| {
                let a = doc.tokens[m.a].span.start;
                let e = doc.tokens[m.e - 1].span.end;
                (doc.text[a..e].to_string(), super::sure_in_form(&doc, m))
            })
            .collect()
    };
    let years = sure("The verdict was thrown out in nineteen ninety-six on a technicality.");
    assert!(years.contains(&("nineteen ninety-six".into(), true)), "{years:?}");
    // A four-digit value is not enough: "last year" is 1997 here.
    let deixis = sure("The verdict was thrown out last year.");
    assert!(deixis.contains(&("last year".into(), false)), "{deixis:?}");
}

#[test]
fn the_span_words_and_the_participle_s_own_auxiliary_decide_the_lean() {
    // 2024-03-08 is a Friday.
    let d = "2024-03-08";
    // "are" belongs to "Below are", not to "made": Thursday is past.
    assert_eq!(
        value_of(
            "Below are the remarks made Friday and Thursday by the mayor.",
            d,
            "Thursday"
        ),
        "2024-03-07"
    );
    // An adverb between auxiliary and participle keeps the auxiliary's tense.
    assert_eq!(
        value_of("The boat was last sighted on Tuesday near the pier.", d, "Tuesday"),
        "2024-03-05"
    );
    // "coming" points ahead whatever the verb's tense; "ago" back.
    let (_, _, v) = timexes("Sales fell, and he warned of losses in the coming months.", Some(d))
        .into_iter()
        .find(|t| t.0.contains("coming months"))
        .expect("coming months found");
    assert_eq!(v, "FUTURE_REF");
    let (_, _, v) = timexes("The plan was shelved months ago.", Some(d))
        .into_iter()
        .find(|t| t.0.contains("months ago"))
        .expect("months ago found");
    assert_eq!(v, "PAST_REF");
}

#[test]
fn every_quarter_is_a_set_and_a_couple_counts_two() {
    let d = "1989-10-26";
    let every = timexes("The company pays a dividend every quarter.", Some(d));
    assert!(
        every
            .iter()
            .any(|t| t.0 == "every quarter" && t.1 == "SET" && t.2 == "P1Q"),
        "{every:?}"
    );
    assert_eq!(
        value_of(
            "Prices will rise over the next couple of years.",
            d,
            "the next couple of years"
        ),
        "P2Y"
    );
}

/// The value `normalise` gives `surface` when the recogniser types it `t`.
fn normalised_as(text: &str, date: &str, surface: &str, t: TimexType) -> (TimexType, String) {
    let doc = process_text("t", text, Some(date));
    let (matches, _) = super::grammar_matches(&doc);
    let start = text.find(surface).expect("surface in text");
    let end = start + surface.len();
    let toks: Vec<usize> = (0..doc.tokens.len())
        .filter(|&k| doc.tokens[k].span.start >= start && doc.tokens[k].span.end <= end)
        .collect();
    let (a, e) = (toks[0], toks[toks.len() - 1] + 1);
    super::normalise(&doc, a, e, t, doc.tokens.len(), &matches, doc.reference_date(), false)
}

#[test]
fn an_ordinal_quarter_is_a_quarter_even_when_read_as_a_length() {
    let d = "1989-11-01";
    let text = "Earnings rose in the fourth quarter, and the company expects more.";
    for t in [TimexType::Date, TimexType::Duration] {
        assert_eq!(
            normalised_as(text, d, "the fourth quarter", t),
            (TimexType::Date, "1989-Q4".to_string()),
            "{t:?}"
        );
    }
    // With no ordinal a length stays a length.
    let (tt, v) = normalised_as("Sales fell over the quarter.", d, "the quarter", TimexType::Duration);
    assert_eq!((tt, v.as_str()), (TimexType::Duration, "P1Q"));
}

#[test]
fn a_place_in_what_was_said_places_no_statement() {
    let text = "TARREN, Norland -- \"If we reject this treaty, Norland will be weak in Europe,\" said \
Foreign Minister Arvid Dalen, urging a yes vote in the referendum.";
    let s = settings(text);
    assert!(!s.is_empty(), "{s:?}");
    for row in &s {
        assert_ne!(row.3, "Europe", "{s:?}");
    }
}

#[test]
fn a_time_word_inside_a_longer_name_is_no_time() {
    use crate::document::{EntityType, Mention, MentionKind};
    let text = "Harlow Wednesday lost again on Monday, the club said.";
    let mut doc = process_text("t", text, Some("2024-03-06"));
    let found = |doc: &crate::document::Document| -> Vec<String> {
        doc.timexes.iter().map(|t| doc.slice(t.span).to_string()).collect()
    };
    assert!(found(&doc).contains(&"Wednesday".to_string()), "{:?}", found(&doc));
    // The club's name, as the NER finds it in better-known cases
    // ("Sheffield Wednesday"): the weekday inside it is no time.
    let club = Mention {
        span: crate::document::Span::new(0, "Harlow Wednesday".len()),
        kind: MentionKind::Name,
        etype: Some(EntityType::Org),
        entity: None,
        roles: Vec::new(),
        tokens: 0..2,
    };
    doc.mentions.push(club);
    crate::time::extract(&mut doc);
    assert_eq!(found(&doc), vec!["Monday".to_string()]);
}

/// The first statement's (time, its source, place, its source) in `text`
/// after a Portmere dateline of 2024-03-09.
fn first_in_portmere(text: &str) -> (String, String, String, String) {
    let s = settings(&format!(" date 2024-03-09 PORTMERE- Fares rose.\n\n{text}"));
    s.into_iter().next().map(|x| (x.1, x.2, x.3, x.4)).unwrap_or_default()
}

#[test]
fn a_place_in_what_was_said_or_in_another_clause_does_not_place_a_statement() {
    let place = |text: &str| {
        let x = first_in_portmere(text);
        (x.2, x.3)
    };
    let dateline = ("Portmere".to_string(), "dateline".to_string());
    let harwick = ("Harwick".to_string(), "sentence".to_string());
    // The place opens a content that comes before its cue: it is said.
    assert_eq!(
        place("In Harwick, the fares will rise in April, Mayor Tomas Reyne said."),
        dateline
    );
    // The place is in another clause than the saying.
    assert_eq!(
        place("The fares will rise in Harwick, and Mayor Tomas Reyne said that they were too high."),
        dateline
    );
    assert_eq!(
        place("The ferries stopped in Harwick, when the union said that the fares were too high."),
        dateline
    );
    // Where the saying happened still counts.
    assert_eq!(
        place("In Harwick, Mayor Tomas Reyne said that the fares were too high."),
        harwick
    );
    assert_eq!(
        place("Mayor Tomas Reyne told reporters in Harwick that the fares were too high."),
        harwick
    );
}

#[test]
fn a_time_in_another_clause_does_not_date_a_statement_unless_a_when_ties_them() {
    let time = |text: &str| {
        let x = first_in_portmere(text);
        (x.0, x.1)
    };
    assert_eq!(
        time("The ferry line collapsed in 2019 and prosecutors said that losses had been hidden."),
        ("2024-03-09".to_string(), "dateline".to_string())
    );
    assert_eq!(
        time("The ferry line lost a court case in October 2022, when a judge said that the fares were unlawful."),
        ("2022-10".to_string(), "sentence".to_string())
    );
}

#[test]
fn each_or_every_before_a_day_month_or_season_makes_a_set() {
    // The recogniser may leave the quantifier out; glue takes it in.
    let text = "The third flight departs each Thursday from August 6.";
    let doc = process_text("t", text, Some("1998-02-13"));
    let (matches, _) = super::grammar_matches(&doc);
    let k = (0..doc.tokens.len())
        .find(|&k| doc.norm(k) == "thursday")
        .expect("Thursday");
    let (mut a, mut e, mut t) = (k, k + 1, TimexType::Date);
    super::glue(&doc, &mut a, &mut e, &mut t, 0..doc.tokens.len(), &matches);
    assert_eq!(doc.norm(a), "each");
    let (tt, v) = super::normalise(&doc, a, e, t, doc.tokens.len(), &matches, doc.reference_date(), false);
    assert_eq!((tt, v.as_str()), (TimexType::Set, "XXXX-WXX-4"));
    assert_eq!(
        normalised_as(
            "Crowds come every summer.",
            "1998-02-13",
            "every summer",
            TimexType::Set
        ),
        (TimexType::Set, "XXXX-SU".to_string())
    );
    // Not a set: "each" before a count, "every" before a noun.
    assert_eq!(
        value_of("They met on Thursday, each side firm.", "1998-02-13", "Thursday"),
        "1998-02-12"
    );
}

#[test]
fn an_infinitive_after_a_past_perfect_looks_back() {
    // 1989-10-30 is a Monday.
    let d = "1989-10-30";
    assert_eq!(
        value_of("The offer had been due to expire Friday evening.", d, "Friday evening"),
        "1989-10-27TEV"
    );
    assert_eq!(value_of("The staff had to leave on Friday.", d, "Friday"), "1989-10-27");
    // Without the past perfect the infinitive still looks ahead.
    assert_eq!(
        value_of("The offer is due to expire on Friday.", d, "Friday"),
        "1989-11-03"
    );
    assert_eq!(value_of("The staff has to leave on Friday.", d, "Friday"), "1989-11-03");
}
