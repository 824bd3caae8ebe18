//! The one `Document` that flows through every stage.
//!
//! The text is never modified. Every layer holds byte spans into it; the
//! conversion to Unicode code points happens once, at the output edge,
//! through the [`OffsetMap`] built when the document is created.

use chrono::NaiveDate;

/// A half-open byte range `[start, end)` into `Document::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Byte offset → code point offset, built once per document.
///
/// ASCII text (most wire copy) needs no table at all.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// For each char boundary, `(byte, codepoint)` checkpoints every 64 chars;
    /// empty when the text is ASCII.
    checkpoints: Vec<(usize, usize)>,
    ascii: bool,
}

impl OffsetMap {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return OffsetMap {
                checkpoints: Vec::new(),
                ascii: true,
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / 64 + 1);
        for (cp, (byte, _)) in text.char_indices().enumerate() {
            if cp % 64 == 0 {
                checkpoints.push((byte, cp));
            }
        }
        OffsetMap {
            checkpoints,
            ascii: false,
        }
    }

    /// Code point offset of a byte offset that lies on a char boundary
    /// (offsets inside a char round down to its start).
    pub fn to_char(&self, text: &str, byte: usize) -> usize {
        if self.ascii {
            return byte.min(text.len());
        }
        let byte = byte.min(text.len());
        let idx = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        let (b0, c0) = if idx == 0 { (0, 0) } else { self.checkpoints[idx - 1] };
        c0 + text.get(b0..byte).map_or(0, |s| s.chars().count())
    }

    /// Byte offset of a code point offset (clamped to the text end).
    pub fn to_byte(&self, text: &str, cp: usize) -> usize {
        if self.ascii {
            return cp.min(text.len());
        }
        let idx = self.checkpoints.partition_point(|&(_, c)| c <= cp);
        let (b0, c0) = if idx == 0 { (0, 0) } else { self.checkpoints[idx - 1] };
        text.get(b0..)
            .and_then(|rest| rest.char_indices().nth(cp - c0).map(|(b, _)| b0 + b))
            .unwrap_or(text.len())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// A quotation mark that opens or closes a quotation (decided by `segment::quotes`).
    Quote,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// First character is upper case.
    pub cap: bool,
    /// Whitespace (or a paragraph break) precedes the token.
    pub space_before: bool,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    /// Token index range.
    pub tokens: std::ops::Range<usize>,
    pub paragraph: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStyle {
    Double,
    Single,
    Guillemet,
}

/// A paired quotation: `inner` is the quoted text, `outer` includes the marks.
#[derive(Debug, Clone, Copy)]
pub struct Quotation {
    pub outer: Span,
    pub inner: Span,
    pub style: QuoteStyle,
    /// The closing mark was missing (closed at paragraph end, or continued).
    pub unclosed: bool,
    /// This quotation continues one from the previous paragraph.
    pub continues_previous: bool,
    pub paragraph: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Org,
    Place,
    Misc,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Place => "PLACE",
            EntityType::Misc => "MISC",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Nominal,
    Pronoun,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Nominal => "nominal",
            MentionKind::Pronoun => "pronoun",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
    /// Type as guessed for this mention alone (the entity's type may differ).
    pub etype: Option<EntityType>,
    /// Index into `Document::entities`, once coreference has run.
    pub entity: Option<usize>,
    /// Title or role words attached to a name ("Brigadier General"), or the
    /// head noun of a nominal ("commander"), lower-cased.
    pub roles: Vec<String>,
    /// Token index range of the mention.
    pub tokens: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub etype: EntityType,
    pub name: String,
    /// Indices into `Document::mentions`, in text order.
    pub mentions: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementKind {
    Direct,
    Mixed,
    Indirect,
}

impl StatementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Direct => "direct",
            StatementKind::Mixed => "mixed",
            StatementKind::Indirect => "indirect",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub kind: StatementKind,
    /// The speaker phrase the cue attaches to.
    pub speaker: Option<Span>,
    /// The mention (index) the speaker phrase is, when it is one.
    pub speaker_mention: Option<usize>,
    pub cue: Option<Span>,
    pub content: Vec<Span>,
}

/// The loaded-language techniques flagged (PTC names, lower-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LoadedLabel {
    LoadedLanguage,
    NameCalling,
}

impl LoadedLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadedLabel::LoadedLanguage => "loaded_language",
            LoadedLabel::NameCalling => "name_calling",
        }
    }
}

/// A span of loaded language or name-calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub span: Span,
    pub label: LoadedLabel,
}

/// Where a statement's time or place was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingSource {
    /// The statement's own sentence ("Last month, an official stated …").
    Sentence,
    /// Another sentence about the same speaker ("Qaani made the statements
    /// on Saturday … in Mashhad"), or the speaker's other statements.
    Speaker,
    /// The article's dateline, for want of anything closer.
    Dateline,
    /// The publication date given with the input (no span in the text).
    Published,
}

impl SettingSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingSource::Sentence => "sentence",
            SettingSource::Speaker => "speaker",
            SettingSource::Dateline => "dateline",
            SettingSource::Published => "published",
        }
    }
}

/// When and where a statement was made, each with the text it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setting {
    /// TIMEX3 value and the span of the expression (or dateline date;
    /// none for a publication date given with the input).
    pub time: Option<(String, Option<Span>, SettingSource)>,
    /// Place name and the span it was read from.
    pub place: Option<(String, Option<Span>, SettingSource)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Timex {
    pub span: Span,
    pub ttype: TimexType,
    pub value: String,
}

/// A date known to day, month or year precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }
    pub fn to_naive(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }
}

#[derive(Debug, Clone)]
pub struct Dateline {
    pub span: Span,
    pub place: Option<String>,
    pub place_span: Option<Span>,
    /// "Kenya" in "NAIROBI, Kenya —".
    pub region_span: Option<Span>,
    pub date: Option<PartialDate>,
    pub date_span: Option<Span>,
    pub agency: Option<String>,
}

/// One article and every layer the stages add to it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    /// Publication date given by the caller (JSONL `date`), if any.
    pub date: Option<NaiveDate>,
    pub offsets: OffsetMap,

    pub dateline: Option<Dateline>,
    pub paragraphs: Vec<Span>,
    pub tokens: Vec<Token>,
    /// Lower-cased form of each token (apostrophes made straight), for
    /// lexicon look-ups; parallel to `tokens`.
    pub norms: Vec<String>,
    /// Part-of-speech class of each token (an index into the tagger's
    /// classes); empty when the backbone is off. Parallel to `tokens`.
    pub pos: Vec<u16>,
    /// Dependency head of each token (a token index; `u32::MAX` for a
    /// sentence root) and its relation (an index into the parser's labels);
    /// empty unless the parser ran. Parallel to `tokens`.
    pub heads: Vec<u32>,
    pub deprels: Vec<u16>,
    pub sentences: Vec<Sentence>,
    pub quotations: Vec<Quotation>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub statements: Vec<Statement>,
    pub timexes: Vec<Timex>,
    /// Time and place of each statement; parallel to `statements` (empty
    /// until the time stage has run).
    pub settings: Vec<Setting>,
    /// Loaded language and name-calling, in text order.
    pub loaded: Vec<Loaded>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>, date: Option<NaiveDate>) -> Self {
        let text = text.into();
        let offsets = OffsetMap::new(&text);
        Document {
            id: id.into(),
            text,
            date,
            offsets,
            ..Default::default()
        }
    }

    /// The surface string of a span (empty if the span is not on char boundaries).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Lower-cased token `i` ("" past the end).
    pub fn norm(&self, i: usize) -> &str {
        self.norms.get(i).map_or("", String::as_str)
    }

    pub fn token_text(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| self.slice(t.span))
    }

    /// Is token `i` a word (not punctuation, a number or a quotation
    /// mark)? False past the end.
    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// `[start, end)` in code points, for output.
    pub fn char_span(&self, span: Span) -> [usize; 2] {
        [
            self.offsets.to_char(&self.text, span.start),
            self.offsets.to_char(&self.text, span.end),
        ]
    }

    /// The reference date for resolving relative time: the dateline's full
    /// date, else the caller's date.
    pub fn reference_date(&self) -> Option<NaiveDate> {
        self.dateline
            .as_ref()
            .and_then(|d| d.date)
            .and_then(|d| d.to_naive())
            .or(self.date)
    }

    /// Index of the first token whose span starts at or after `byte`.
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < byte)
    }

    /// The index of the sentence that holds byte `byte`, if any.
    pub fn sentence_at(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= byte);
        (i < self.sentences.len()).then_some(i)
    }

    /// The mentions whose first token lies in `tokens` (mentions are kept
    /// in text order once entities have run, so this is a binary search).
    pub fn mentions_starting_in(&self, tokens: std::ops::Range<usize>) -> &[Mention] {
        let from = self.mentions.partition_point(|m| m.tokens.start < tokens.start);
        let to = self.mentions.partition_point(|m| m.tokens.start < tokens.end).max(from);
        self.mentions.get(from..to).unwrap_or(&[])
    }

    /// A mention's type: its entity's when it has one, else its own guess.
    pub fn mention_type(&self, m: &Mention) -> Option<EntityType> {
        m.entity.and_then(|e| self.entities.get(e)).map(|e| e.etype).or(m.etype)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_map_round_trips_multibyte_text() {
        let text = "Iran’s «front» — naïve 😀 end";
        let map = OffsetMap::new(text);
        for (cp, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(map.to_char(text, byte), cp);
            assert_eq!(map.to_byte(text, cp), byte);
        }
        assert_eq!(map.to_char(text, text.len()), text.chars().count());
    }

    #[test]
    fn offset_map_long_text_uses_checkpoints() {
        let text: String = "é".repeat(1000) + "abc";
        let map = OffsetMap::new(&text);
        assert_eq!(map.to_char(&text, 2000), 1000);
        assert_eq!(map.to_byte(&text, 1001), 2001);
    }
}
