//! dateline: who said what, about whom, when and where, from news articles.
//!
//! One [`document::Document`] flows through the stages in [`pipeline`]; each
//! stage adds a layer of byte spans; [`output`] turns it into the JSON
//! contract with code-point offsets.

pub mod backbone;
pub mod bench;
pub mod dateline;
pub mod document;
pub mod entities;
pub mod eval;
pub mod ingest;
pub mod lexicon;
pub mod loaded;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod server;
pub mod statements;
pub mod store;
pub mod time;
pub mod train;
