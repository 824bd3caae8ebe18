//! The statistical backbone: part-of-speech tagger (UPOS + XPOS + lemma),
//! dependency parser and named-entity model, trained by our own code from
//! `../shared/data` and shipped as small files under `models/`.
//!
//! All three are greedy averaged perceptrons over hashed features, the design
//! that made early spaCy fast: one pass, a few dozen feature look-ups per
//! token, no matrices.

pub mod annotate;
pub mod bio;
pub mod clusters;
pub mod conllu;
pub mod features;
pub mod models;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod tagger;

pub use perceptron::{Model, ModelError};
