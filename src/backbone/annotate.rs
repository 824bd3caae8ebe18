//! Running the backbone models over a `Document`'s own tokens and sentences.

use crate::document::{Document, EntityType};

use super::{models, ner};

/// The form a model sees: typographic quotes and apostrophes made plain, as
/// in the treebanks and CoNLL data the models learned from.
pub fn model_form(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '’' | '‘' | '‚' | '′' => '\'',
                '“' | '”' | '„' | '«' | '»' | '″' => '"',
                '—' | '–' => '-',
                c => c,
            })
            .collect(),
    )
}

/// Fill `doc.pos` with the tagger's classes. Returns false when the model is
/// unavailable (the pipeline then runs its rules without part of speech).
pub fn tag(doc: &mut Document) -> bool {
    let Ok(tagger) = models::tagger() else { return false };
    let mut pos = vec![0u16; doc.tokens.len()];
    for s in &doc.sentences {
        let forms: Vec<std::borrow::Cow<str>> = s.tokens.clone().map(|i| model_form(doc.token_text(i))).collect();
        let words: Vec<&str> = forms.iter().map(|f| f.as_ref()).collect();
        for (i, t) in s.tokens.clone().zip(tagger.tag(&words)) {
            if let Some(p) = pos.get_mut(i) {
                *p = t.0;
            }
        }
    }
    doc.pos = pos;
    true
}

/// XPOS of token `i` ("" without the tagger).
pub fn xpos(doc: &Document, i: usize) -> &'static str {
    match (models::tagger(), doc.pos.get(i)) {
        (Ok(t), Some(&p)) => t.xpos(super::tagger::Tag(p)),
        _ => "",
    }
}

pub fn upos(doc: &Document, i: usize) -> &'static str {
    match (models::tagger(), doc.pos.get(i)) {
        (Ok(t), Some(&p)) => t.upos(super::tagger::Tag(p)),
        _ => "",
    }
}

/// Named-entity token spans (start, end exclusive, type) over the whole
/// document; `None` when the model is unavailable.
pub fn entity_spans(doc: &Document) -> Option<Vec<(usize, usize, EntityType)>> {
    let model = models::ner().ok()?;
    let forms: Vec<Vec<std::borrow::Cow<str>>> = doc
        .sentences
        .iter()
        .map(|s| s.tokens.clone().map(|i| model_form(doc.token_text(i))).collect())
        .collect();
    let words: Vec<Vec<&str>> = forms.iter().map(|f| f.iter().map(|x| x.as_ref()).collect()).collect();
    let pos: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| s.tokens.clone().map(|i| xpos(doc, i)).collect())
        .collect();
    let inputs = ner::inputs(&words, &pos);
    let labels = model.label_document(&inputs);
    let mut out = Vec::new();
    for (s, l) in doc.sentences.iter().zip(labels) {
        for (a, b, t) in ner::spans(&l) {
            let etype = match t {
                0 => EntityType::Person,
                1 => EntityType::Org,
                2 => EntityType::Place,
                _ => EntityType::Misc,
            };
            out.push((s.tokens.start + a, s.tokens.start + b, etype));
        }
    }
    Some(out)
}

/// Fill `doc.heads` / `doc.deprels` with the parser (needs `doc.pos`).
pub fn parse(doc: &mut Document) -> bool {
    let (Ok(parser), Ok(_)) = (models::parser(), models::tagger()) else {
        return false;
    };
    let n = doc.tokens.len();
    let mut heads = vec![u32::MAX; n];
    let mut rels = vec![0u16; n];
    for s in &doc.sentences {
        let forms: Vec<std::borrow::Cow<str>> = s.tokens.clone().map(|i| model_form(doc.token_text(i))).collect();
        let words: Vec<&str> = forms.iter().map(|f| f.as_ref()).collect();
        // The parser's own tagger, if it has one, else the document's tags.
        let (tags, upos): (Vec<&str>, Vec<&str>) = match parser.tagger() {
            Some(t) => t.tag(&words).into_iter().map(|x| (t.xpos(x), t.upos(x))).unzip(),
            None => s.tokens.clone().map(|i| (xpos(doc, i), upos(doc, i))).unzip(),
        };
        for (k, arc) in parser.parse(&words, &tags, &upos).into_iter().enumerate() {
            let i = s.tokens.start + k;
            if let Some(h) = heads.get_mut(i) {
                *h = if arc.head == 0 {
                    u32::MAX
                } else {
                    (s.tokens.start + arc.head - 1) as u32
                };
            }
            if let Some(r) = rels.get_mut(i) {
                *r = parser.label_index(&arc.label);
            }
        }
    }
    doc.heads = heads;
    doc.deprels = rels;
    true
}
