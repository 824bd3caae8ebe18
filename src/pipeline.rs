//! The stages, in order. Each adds its layer to the `Document`.

use crate::document::Document;
use crate::ingest::Input;
use crate::{dateline, entities, segment, statements, time};

/// Which stages run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Run the statistical backbone (tagger, NER). Off (`--fast`), names
    /// come from capitalisation rules and gazetteers: about ten times
    /// faster, less accurate on entities.
    pub backbone: bool,
    /// Run the dependency parser too (fills `Document::heads`). Off by
    /// default until a later stage uses the trees.
    pub parse: bool,
    /// Statements from the learned attribution model (needs the backbone);
    /// off, the rule extractor's statements stand.
    pub learned: bool,
    /// Language of the articles: picks the attribution model.
    pub lang: Lang,
}

/// Languages with an attribution model. The other stages are the same for
/// both (the German model learned to read their English-trained output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            backbone: true,
            parse: false,
            learned: true,
            lang: Lang::En,
        }
    }
}

/// Run every stage on one document.
pub fn run(doc: &mut Document) {
    run_with(doc, Options::default());
}

pub fn run_with(doc: &mut Document, opts: Options) {
    run_timed(doc, opts);
}

/// The stages `run_timed` times, in the order they run.
pub const STAGE_NAMES: [&str; 10] = [
    "dateline",
    "sentences and tokens",
    "tagger",
    "parser",
    "entities (NER, coreference)",
    "time expressions",
    "statements (rules)",
    "statements (learned)",
    "statements' time and place",
    "loaded language",
];

/// Time spent in each stage of [`STAGE_NAMES`].
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes(pub [std::time::Duration; STAGE_NAMES.len()]);

impl std::ops::Add for StageTimes {
    type Output = StageTimes;
    fn add(mut self, other: StageTimes) -> StageTimes {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
        self
    }
}

/// Run the stages on one document and say how long each took (a clock
/// read per stage: tens of nanoseconds against milliseconds of work).
pub fn run_timed(doc: &mut Document, opts: Options) -> StageTimes {
    let mut times = StageTimes::default();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: usize| {
        let now = std::time::Instant::now();
        if let Some(t) = times.0.get_mut(stage) {
            *t += now - clock;
        }
        clock = now;
    };
    dateline::detect(doc);
    lap(0);
    segment::segment(doc);
    lap(1);
    if opts.backbone {
        crate::backbone::annotate::tag(doc);
        lap(2);
        if opts.parse {
            crate::backbone::annotate::parse(doc);
            lap(3);
        }
    }
    match opts.lang {
        Lang::En => entities::extract(doc, opts.backbone),
        Lang::De => entities::extract_de(doc, opts.backbone),
    }
    lap(4);
    // Time expressions before statements: a time is no speaker ("a survey
    // released on Friday said …").
    time::extract(doc);
    lap(5);
    statements::extract(doc);
    lap(6);
    if opts.backbone && opts.learned {
        if let Ok(model) = crate::backbone::models::attribution(opts.lang) {
            statements::extract_learned(doc, model);
        }
        lap(7);
    }
    time::setting::attach(doc);
    lap(8);
    if opts.backbone {
        crate::loaded::extract(doc);
        lap(9);
    }
    times
}

/// The backbone alone, for `dateline bench --backbone`: dateline, sentences
/// and tokens, tagger and NER (and the parser with `parse`), none of the
/// stages built on them. Returns the number of entity spans found.
pub fn run_backbone(doc: &mut Document, parse: bool) -> usize {
    dateline::detect(doc);
    segment::segment(doc);
    crate::backbone::annotate::tag(doc);
    let spans = crate::backbone::annotate::entity_spans(doc).map_or(0, |s| s.len());
    if parse {
        crate::backbone::annotate::parse(doc);
    }
    spans
}

/// Build a document from an input and run the pipeline on it.
pub fn process(input: Input) -> Document {
    process_with(input, Options::default())
}

pub fn process_with(input: Input, opts: Options) -> Document {
    let mut doc = Document::new(input.id, input.text, input.date);
    run_with(&mut doc, opts);
    doc
}

/// Convenience for tests and embedding: process a bare text.
pub fn process_text(id: &str, text: &str, date: Option<&str>) -> Document {
    let mut doc = Document::new(id, text, date.and_then(crate::ingest::parse_date));
    run(&mut doc);
    doc
}
