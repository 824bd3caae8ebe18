//! The `dateline` command line: a thin layer over the library.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use dateline::ingest::{self, Input, Item, Reader};
use dateline::output::tables::Rows;
use dateline::output::Processed;
use dateline::{bench, eval, output, pipeline};

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "Who said what, about whom, when and where — from news articles.",
    long_about = "dateline reads news articles (text, JSON Lines, HTML pages, RSS/Atom feeds, WARC \
archives) and writes, for each, its dateline, the people, organisations and places it names \
(every mention merged into one entity), the statements it reports (direct quotes and reported \
speech, with speaker, cue, content, and when and where they were made), its time expressions \
resolved to dates and its loaded language. Every record carries exact Unicode code-point \
offsets into the original text. Store articles to search them, serve them over HTTP and \
browse them in the web UI.\n\nExamples:\n  dateline demo                       (the bundled examples, in the browser)\n  \
dateline extract examples/ --pretty\n  dateline extract articles.jsonl > out.jsonl\n  \
cat article.txt | dateline extract\n  dateline ingest corpus/ --db news.db && dateline serve --db news.db\n  \
dateline search \"harbour wall\" --speaker \"Pieter Hallam\" --db news.db\n  \
dateline eval statements --gold gold.jsonl\n  dateline bench news.jsonl"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract dateline, entities, statements (with time and place), time expressions and loaded language (JSON Lines out).
    ///
    /// Inputs: .txt files (one article each), .jsonl files (one {"id","text","date"?}
    /// per line; a .json file may also be one such document over several lines,
    /// or an array of them), directories (every file below, recursively) or "-" for stdin
    /// (JSON Lines if it starts with "{", a JSON array of documents if it starts with "[{", else one plain-text article).
    /// Output: one JSON object per document, in input order (see SCHEMA.md). A
    /// document that cannot be read gives an {"id","error"} line instead, the
    /// run goes on, and the exit code is 1.
    ///
    /// As a streaming filter (Spark's RDD.pipe, Hadoop Streaming, xargs):
    /// JSON Lines in on stdin, one line out per input line, in order, flushed
    /// as it goes, in constant memory; `-j 1` processes line by line.
    /// `--format tables` gives each line as flat rows instead (the columns:
    /// `dateline schema`), `--format parquet -o DIR` the same rows as
    /// Parquet files: DIR/statements.parquet, entities, timexes, loaded,
    /// articles and errors.
    Extract {
        /// Files, directories or "-" (stdin); none means stdin.
        paths: Vec<PathBuf>,
        /// json: the record (SCHEMA.md); tables: the record as rows, one JSON
        /// line per document; parquet: the rows as Parquet files in -o DIR.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
        /// Indented, human-readable JSON (one document spans several lines).
        #[arg(long)]
        pretty: bool,
        /// Write to FILE instead of stdout (with --format parquet: a directory).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Worker threads (default: all cores). Output order never changes.
        #[arg(short = 'j', long)]
        threads: Option<usize>,
        /// Largest document accepted, in bytes; larger ones are reported as errors.
        #[arg(long, default_value_t = 10 * 1024 * 1024)]
        max_doc_bytes: usize,
        /// The encoding of text and JSON Lines input that is not UTF-8:
        /// windows-1252 (also latin1), iso-8859-15, iso-8859-2, shift_jis, gbk, …
        /// HTML, feeds and WARC name their own; UTF-16 with a byte-order mark
        /// is recognised without it.
        #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
        encoding: Option<&'static encoding_rs::Encoding>,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
        /// Skip the statistical models (tagger, NER, attribution): names and
        /// statements from rules only; about ten times faster, less accurate.
        #[arg(long)]
        fast: bool,
        /// Language of the articles: picks the statement model (en: PolNeAR,
        /// de: German Wikinews).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Score predictions against gold data, exactly as shared/eval/score_*.py do.
    ///
    /// With no PRED file, dateline extracts the gold documents' texts itself
    /// (using each gold document's date) and scores that.
    Eval {
        /// What to score.
        task: Task,
        /// Gold JSON Lines file.
        #[arg(long)]
        gold: String,
        /// Predictions (dateline extract output); default: run extraction now.
        pred: Option<String>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the predictions made to FILE (when no PRED is given;
        /// for deps: CoNLL-U with the tags the parser saw and its trees;
        /// for pos: CoNLL-U with the tagger's tags and lemmas, no trees).
        #[arg(long, value_name = "FILE")]
        save_pred: Option<PathBuf>,
        /// For pos/deps on a GUM-style folder: which split (dev, train, all).
        #[arg(long, default_value = "dev")]
        split: String,
        /// For pos/deps: a model file instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Language of the gold texts, when extracting them (see extract --lang).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Train a model from ../shared/data and write it under models/
    /// (clusters: resources/clusters.tsv).
    ///
    /// Deterministic for a given --seed. tagger and parser: GUM train, GUM
    /// dev figures (the folder's splits.md decides the split); ner:
    /// CoNLL-2003, five runs averaged per stage; attribution: PolNeAR
    /// train, five runs (seeds --seed to --seed + 4) averaged into one
    /// model, dev figures through the statement scorer (--lang de: German
    /// Wikinews quotes, one run; --gold-labels: score linking alone);
    /// loaded: PTC train, with CoNLL-2003 train's newswire as articles with
    /// no spans, five runs averaged; clusters: the
    /// unlabelled text of the training splits, for the parser (retrain the
    /// parser after them). Rebuild
    /// (cargo build --release) after training to embed the new model.
    Train(TrainArgs),
    /// The columns of `extract --format tables|parquet`, table by table.
    ///
    /// Every table starts with article, date (the partition key) and outlet;
    /// offsets are Unicode code points. The Spark job declares its schema
    /// from `dateline schema --json`, so both paths write the same columns.
    Schema {
        /// As JSON: [{"name", "columns": [{"name", "type", "required"}]}].
        #[arg(long)]
        json: bool,
    },
    /// Loaded language by outlet or by speaker: spans per 1,000 words and
    /// the most frequent labels.
    ///
    /// Reads articles like extract (JSONL with an optional "outlet" field,
    /// text files, directories). By outlet: all words and spans of the
    /// outlet's articles (outlet: the input's "outlet", else the dateline's
    /// agency). By speaker: the words and spans inside each speaker's
    /// statements. With --db, the articles of a store and what was
    /// extracted when they were stored (nothing is extracted again).
    /// Examples:
    ///   dateline report --by outlet articles.jsonl
    ///   dateline report --by speaker --db news.db
    Report {
        /// JSON Lines or text files, or directories.
        paths: Vec<PathBuf>,
        /// Report on a store made by `dateline ingest` instead of files.
        #[arg(long, conflicts_with = "paths")]
        db: Option<PathBuf>,
        /// Group by outlet or by speaker.
        #[arg(long, value_enum, default_value_t = ByArg::Outlet)]
        by: ByArg,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// How many frequent phrases to list per row.
        #[arg(long, default_value_t = 5)]
        top: usize,
    },
    /// Store articles and what was extracted from them in a searchable
    /// SQLite file.
    ///
    /// Idempotent: an article already stored (same text) is skipped, so an
    /// interrupted ingest resumes where it stopped when run again; articles
    /// are committed in batches, and a killed ingest loses none that were
    /// committed. Example:
    ///   dateline ingest articles.jsonl --db news.db
    ///
    /// A directory of tables (`extract --format parquet -o DIR`, or the
    /// Spark job's output) is stored as it is, without extracting again:
    ///   dateline ingest spark-out/ --db news.db
    Ingest {
        /// JSON Lines (id, text, date?, outlet?), text, HTML, feeds, WARC,
        /// directories of them, or directories of tables.
        paths: Vec<PathBuf>,
        /// The store (created when missing).
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
        /// The encoding of text and JSON Lines input that is not UTF-8 (see
        /// `extract --help`).
        #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
        encoding: Option<&'static encoding_rs::Encoding>,
    },
    /// Search stored statements: words in the content, by speaker, date,
    /// outlet, kind.
    ///
    /// The query is plain words, all required (no search syntax). Dates
    /// compare as ISO prefixes: --from 2023-04 --to 2023-05 is April and
    /// May. Example:
    ///   dateline search "resistance front" --speaker "Esmail Qaani" --from 2023-05
    Search {
        /// Words to find (all of them); empty: every statement that
        /// passes the filters.
        #[arg(default_value = "")]
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
        /// One JSON object per line instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export stored statements (with article id, outlet, date, speaker,
    /// time and place) as JSON Lines, CSV or Parquet (-o FILE).
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Words the content must contain (all of them).
        #[arg(long)]
        query: Option<String>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Serve the HTTP API and the web UI over a store.
    ///
    /// API under /api (OpenAPI document at /api/openapi.json); the UI at /.
    /// POST /api/ingest needs --token (or $DATELINE_TOKEN) as a Bearer token.
    Serve {
        /// The store (created when missing).
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Token that allows POST /api/ingest (default: $DATELINE_TOKEN; ingest is off without one).
        #[arg(long, env = "DATELINE_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// Try it: ingest the bundled example articles into a temporary store
    /// and serve the UI on http://127.0.0.1:8080/.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Measure throughput (documents/s, MB/s, words/s) and peak memory.
    ///
    /// Loads the documents into memory first, then runs every stage and the
    /// JSON writer over them, and says how long each stage took (a model's
    /// loading, on its first use, counts in its stage). Use a release build:
    /// cargo run --release -- bench FILE
    Bench {
        /// JSON Lines or text files, or directories.
        paths: Vec<PathBuf>,
        /// Worker threads.
        #[arg(short = 'j', long, default_value_t = 1)]
        threads: usize,
        /// Passes over the input.
        #[arg(long, default_value_t = 1)]
        repeat: usize,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Measure the rules-only pipeline (see extract --fast).
        #[arg(long)]
        fast: bool,
        /// Also run the dependency parser (models/parser.bin or
        /// $DATELINE_PARSER, from `dateline train parser`).
        #[arg(long, conflicts_with = "fast")]
        parse: bool,
        /// Measure the backbone alone: sentences, tagger and NER (with
        /// --parse, the parser too); no entities, statements, times, loaded
        /// language or output. The backbone issue's speed targets are set
        /// on these figures.
        #[arg(long, conflicts_with = "fast")]
        backbone: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Task {
    Statements,
    Entities,
    Timexes,
    /// Loaded language + name-calling spans (PTC gold: {"id","text","spans"}).
    Loaded,
    /// He/she pronouns linked to the right named person, against
    /// coreference chains (GUM: ../shared/data/gum/dev.jsonl).
    Pronouns,
    /// UPOS / XPOS / lemma accuracy on gold CoNLL-U (--gold FILE or a GUM folder with --split).
    Pos,
    /// UAS / LAS on gold CoNLL-U, with the built-in tagger's tags.
    Deps,
}

#[derive(Clone, Copy, ValueEnum)]
enum TrainWhat {
    Tagger,
    Ner,
    Parser,
    /// Learned attribution (source / cue / content) on PolNeAR.
    Attribution,
    /// Loaded language and name-calling on the propaganda-techniques corpus.
    Loaded,
    /// Time-expression recogniser on TempEval-3 silver + TimeBank +
    /// AQUAINT; figures from runs with each hand-annotated set held out.
    Timexes,
    /// Word clusters (resources/clusters.tsv) from the unlabelled text of
    /// the training splits under ../shared/data, for the parser.
    Clusters,
    /// First names' usual gender (resources/first_names.tsv) from the
    /// pronouns and titles of the people named in the training splits'
    /// text, for matching "he" / "she" to the right person.
    Names,
    /// German common nouns (resources/common_nouns_de.txt) from the text of
    /// the German Wikinews training split: a capitalised German word that
    /// mostly follows an article is no name.
    Nouns,
}

#[derive(clap::Args)]
struct FilterArgs {
    /// The store.
    #[arg(long, default_value = "dateline.db")]
    db: PathBuf,
    /// Speaker's canonical name (case-insensitive).
    #[arg(long)]
    speaker: Option<String>,
    /// Statements made on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Statements made on or before this date (prefix: 2023-05 is all of May).
    #[arg(long)]
    to: Option<String>,
    /// Outlet (case-insensitive).
    #[arg(long)]
    outlet: Option<String>,
    /// direct, indirect or mixed.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// At most this many statements.
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Direct,
    Indirect,
    Mixed,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExtractFormat {
    Json,
    Tables,
    /// Needs -o DIR.
    Parquet,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
    /// Needs -o FILE.
    Parquet,
}

impl FilterArgs {
    fn filter(&self, query: Option<String>) -> Result<dateline::store::Filter> {
        for d in [&self.from, &self.to].into_iter().flatten() {
            let ok = d.len() >= 4
                && d.len() <= 10
                && d.chars().all(|c| c.is_ascii_digit() || c == '-')
                && d.bytes().take(4).all(|b| b.is_ascii_digit());
            if !ok {
                anyhow::bail!("{d:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD");
            }
        }
        Ok(dateline::store::Filter {
            query: query.filter(|q| !q.trim().is_empty()),
            speaker: self.speaker.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            outlet: self.outlet.clone(),
            kind: self.kind.map(|k| {
                match k {
                    KindArg::Direct => "direct",
                    KindArg::Indirect => "indirect",
                    KindArg::Mixed => "mixed",
                }
                .to_string()
            }),
            limit: self.limit,
            chronological: false,
        })
    }

    /// The store, which must exist already (searching creates nothing).
    fn open(&self) -> Result<dateline::store::Store> {
        open_store(&self.db)
    }
}

/// A store that exists already (reading one creates nothing).
fn open_store(db: &std::path::Path) -> Result<dateline::store::Store> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (create one with: dateline ingest FILES --db {})",
            db.display(),
            db.display()
        );
    }
    Ok(dateline::store::Store::open(db)?)
}

#[derive(Clone, Copy, ValueEnum)]
enum ByArg {
    Outlet,
    Speaker,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    De,
}

impl From<LangArg> for pipeline::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => pipeline::Lang::En,
            LangArg::De => pipeline::Lang::De,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err((var, e)) = dateline::backbone::models::check_overrides() {
        eprintln!("dateline: error: ${var}: {e} (unset it for the built-in model, or set it to \"off\")");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Extract {
            paths,
            format,
            pretty,
            output,
            threads,
            max_doc_bytes,
            encoding,
            quiet,
            fast,
            lang,
        } => {
            let format = match (format, pretty) {
                (ExtractFormat::Json, pretty) => Ok(Format::Json { pretty }),
                (_, true) => Err(anyhow::anyhow!("--pretty is for --format json")),
                (ExtractFormat::Tables, false) => Ok(Format::Tables),
                (ExtractFormat::Parquet, false) => Ok(Format::Parquet),
            };
            let opts = ingest::Options {
                max_doc_bytes,
                encoding,
            };
            format.and_then(|f| extract(&paths, f, output, threads, opts, quiet, fast, lang.into()))
        }
        Command::Eval {
            task: task @ (Task::Pos | Task::Deps),
            gold,
            json,
            split,
            model,
            save_pred,
            ..
        } => {
            let e = SyntaxEval {
                gold,
                split,
                model,
                json,
                save_pred,
            };
            if matches!(task, Task::Pos) {
                run_eval_pos(e)
            } else {
                run_eval_deps(e)
            }
        }
        Command::Eval {
            task,
            gold,
            pred,
            json,
            save_pred,
            lang,
            ..
        } => run_eval(task, &gold, pred, json, save_pred, lang.into()),
        Command::Train(args) => run_train(args),
        Command::Bench {
            paths,
            threads,
            repeat,
            json,
            fast,
            parse,
            backbone,
        } => run_bench(&paths, threads, repeat, json, fast, parse, backbone),
        Command::Report {
            paths,
            db,
            by,
            json,
            top,
        } => run_report(&paths, db.as_deref(), by, json, top),
        Command::Schema { json } => run_schema(json),
        Command::Ingest {
            paths,
            db,
            quiet,
            encoding,
        } => run_ingest(&paths, &db, quiet, encoding),
        Command::Serve { db, addr, token } => dateline::server::serve(dateline::server::Config { db, addr, token })
            .map(|()| ExitCode::SUCCESS)
            .map_err(Into::into),
        Command::Demo { addr } => run_demo(addr),
        Command::Search { query, filter, json } => run_search(query, &filter, json),
        Command::Export {
            format,
            query,
            filter,
            output,
        } => run_export(format, query, &filter, output),
    };
    match result {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.chain().any(|c| io_error_kind(c) == Some(io::ErrorKind::BrokenPipe)) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy)]
enum Format {
    Json { pretty: bool },
    Tables,
    Parquet,
}

/// What one document gives: an output line, or rows for the Parquet files.
enum Rendered {
    Line(Vec<u8>),
    Rows(dateline::output::tables::Rows),
}

/// Process items in batches across threads, writing in input order.
#[allow(clippy::too_many_arguments)]
fn extract(
    paths: &[PathBuf],
    format: Format,
    output: Option<PathBuf>,
    threads: Option<usize>,
    opts: ingest::Options,
    quiet: bool,
    fast: bool,
    lang: pipeline::Lang,
) -> Result<ExitCode> {
    let stages = pipeline::Options {
        backbone: !fast,
        parse: false,
        learned: !fast,
        lang,
    };
    let reader = open_inputs(paths, opts);
    let mut tables = match (format, &output) {
        (Format::Parquet, Some(dir)) => Some(dateline::output::parquet::TableSet::create(dir)?),
        (Format::Parquet, None) => anyhow::bail!("--format parquet writes files: give a directory with -o DIR"),
        _ => None,
    };
    let sink: Box<dyn Write> = match (&output, &tables) {
        (_, Some(_)) => Box::new(io::sink()),
        (Some(p), None) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?)
        }
        (None, None) => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let bar = progress_bar(paths, quiet, 1 << 20, "{spinner}");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("thread pool")?;
    let batch_size = if threads == Some(1) { 1 } else { 64 };
    let mut failed = 0usize;
    let mut done = 0usize;
    let mut batch: Vec<Item> = Vec::with_capacity(batch_size);
    let mut items = reader.peekable();
    // Line-by-line flushing keeps pipes (Spark, xargs) responsive.
    // Errors and warnings go to stderr in input order, the first few of
    // each: a corpus with a bad field on every line must not bury the
    // terminal (the error records in the output keep them all).
    const SHOWN: usize = 20;
    let (mut errors_seen, mut warnings_seen) = (0usize, 0usize);
    while items.peek().is_some() {
        batch.clear();
        batch.extend(items.by_ref().take(batch_size));
        for item in &batch {
            match item {
                Err(e) => {
                    errors_seen += 1;
                    if errors_seen <= SHOWN {
                        eprintln!("dateline: {e}");
                    }
                }
                Ok(input) => {
                    for w in &input.warnings {
                        warnings_seen += 1;
                        if warnings_seen <= SHOWN {
                            eprintln!("dateline: warning: {w}");
                        }
                    }
                }
            }
        }
        let rendered: Vec<(Rendered, bool, usize)> =
            pool.install(|| batch.par_drain(..).map(|item| render(item, format, stages)).collect());
        for (r, ok, bytes) in rendered {
            match r {
                Rendered::Line(line) => {
                    out.write_all(&line)?;
                    out.write_all(b"\n")?;
                }
                Rendered::Rows(rows) => {
                    if let Some(t) = tables.as_mut() {
                        t.push(rows)?;
                    }
                }
            }
            failed += usize::from(!ok);
            done += 1;
            if let Some(b) = &bar {
                b.inc(bytes as u64);
                b.set_message(format!("{done} docs"));
            }
        }
        if batch_size == 1 || output.is_none() {
            out.flush()?;
        }
    }
    out.flush()?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(t) = tables {
        let dir = t.dir().display().to_string();
        let counts = t.finish()?;
        if !quiet {
            let counts: Vec<String> = counts.iter().map(|(name, n)| format!("{n} {name}")).collect();
            eprintln!("dateline: wrote {dir}/: {}", counts.join(", "));
        }
    }
    if warnings_seen > SHOWN {
        eprintln!(
            "dateline: {} more warnings not shown ({warnings_seen} in all)",
            warnings_seen - SHOWN
        );
    }
    if errors_seen > SHOWN {
        eprintln!(
            "dateline: {} more read errors not shown ({errors_seen} in all; each has its error line in the output)",
            errors_seen - SHOWN
        );
    }
    if failed > 0 {
        eprintln!("dateline: {failed} of {done} documents could not be processed (see the error lines)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_schema(json: bool) -> Result<ExitCode> {
    let tables = dateline::output::tables::TABLES;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &tables)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for t in tables {
        writeln!(out, "{}", t.name)?;
        for c in t.columns {
            let ty = serde_json::to_value(c.ty)?;
            let null = if c.required { "" } else { "  (may be null)" };
            writeln!(out, "  {:<16} {}{null}", c.name, ty.as_str().unwrap_or(""))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar over the input files' bytes, on stderr when it is a
/// terminal and the files hold at least `min_bytes` (`lead`: the bar's
/// first element, a spinner or a bar).
fn progress_bar(paths: &[PathBuf], quiet: bool, min_bytes: u64, lead: &str) -> Option<indicatif::ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    (total >= min_bytes).then(|| {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template(&format!(
                "{lead} {{bytes}}/{{total_bytes}} {{bytes_per_sec}} ETA {{eta}} {{msg}}"
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    })
}

/// One input item's output: its record (or rows), or an error record (or
/// error row); whether it succeeded; its size in bytes.
fn render(item: Item, format: Format, opts: pipeline::Options) -> (Rendered, bool, usize) {
    let failure = |id: Option<&str>, kind: &'static str, message: String, source: &str| {
        let r = match format {
            Format::Json { .. } => {
                let rec = output::ErrorRecord {
                    id,
                    error: output::ErrorOut { kind, message, source },
                };
                Rendered::Line(serde_json::to_vec(&rec).unwrap_or_default())
            }
            Format::Tables => Rendered::Line(
                serde_json::to_vec(&Rows::error(id, source, kind, &message).to_json()).unwrap_or_default(),
            ),
            Format::Parquet => Rendered::Rows(Rows::error(id, source, kind, &message)),
        };
        (r, false)
    };
    // (Errors and warnings reached stderr before, in input order.)
    let input = match item {
        Ok(input) => input,
        Err(e) => {
            let (r, ok) = failure(None, e.kind(), e.to_string(), e.source_name());
            return (r, ok, 0);
        }
    };
    let bytes = input.text.len();
    let id = input.id.clone();
    let source = input.source.clone();
    let outlet = input.outlet.clone();
    // A bug must cost one document, not the batch: report it as an error
    // record and go on (the panic message still reaches stderr).
    let Ok(doc) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline::process_with(input, opts))) else {
        let message = "internal error while processing this document (please report it)".to_string();
        let (r, ok) = failure(Some(&id), "internal", message, &source);
        return (r, ok, bytes);
    };
    let rows = || dateline::output::tables::flatten(&Processed::from_document(&doc, outlet.as_deref(), &source));
    let (r, ok) = match format {
        Format::Parquet => (Rendered::Rows(rows()), true),
        Format::Tables => match serde_json::to_vec(&rows().to_json()) {
            Ok(line) => (Rendered::Line(line), true),
            Err(e) => failure(Some(&id), "output", e.to_string(), &source),
        },
        Format::Json { pretty } => {
            let mut buf = Vec::with_capacity(4096);
            match output::to_json(&doc, pretty, &mut buf) {
                Ok(()) => (Rendered::Line(buf), true),
                Err(e) => failure(Some(&id), "output", e.to_string(), &source),
            }
        }
    };
    (r, ok, bytes)
}

fn run_eval(
    task: Task,
    gold: &str,
    pred: Option<String>,
    json: bool,
    save_pred: Option<PathBuf>,
    lang: pipeline::Lang,
) -> Result<ExitCode> {
    // Predictions made here live in a temporary file removed on the way out.
    let mut _cleanup: Option<RemoveOnDrop> = None;
    let pred_path = match pred {
        Some(p) => p,
        None => {
            // Extract the gold texts now.
            let inputs: Vec<Input> = Reader::new(&[PathBuf::from(gold)], ingest::Options::default())
                .collect::<Result<_, _>>()
                .with_context(|| format!("reading {gold}"))?;
            let lines: Vec<Vec<u8>> = inputs
                .into_par_iter()
                .map(|i| {
                    let doc = pipeline::process_with(
                        i,
                        pipeline::Options {
                            lang,
                            ..Default::default()
                        },
                    );
                    let mut b = Vec::new();
                    let _ = output::to_json(&doc, false, &mut b);
                    b
                })
                .collect();
            let path = match save_pred {
                Some(p) => p,
                None => {
                    let tmp = tempfile_path();
                    _cleanup = Some(RemoveOnDrop(tmp.clone()));
                    tmp
                }
            };
            let mut f = BufWriter::new(
                std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
            );
            for l in lines {
                f.write_all(&l)?;
                f.write_all(b"\n")?;
            }
            f.flush()?;
            path.display().to_string()
        }
    };
    let (res, text) = match task {
        Task::Statements => {
            let r = eval::statements::score(gold, &pred_path)?;
            let t = eval::statements::report(&r);
            (r, t)
        }
        Task::Entities => {
            let r = eval::entities::score(gold, &pred_path)?;
            let t = eval::entities::report(&r);
            (r, t)
        }
        Task::Timexes => {
            let r = eval::timexes::score(gold, &pred_path)?;
            let t = eval::timexes::report(&r);
            (r, t)
        }
        Task::Loaded => {
            let r = eval::loaded::score(gold, &pred_path)?;
            let t = eval::loaded::report(&r);
            (r, t)
        }
        Task::Pronouns => {
            let r = eval::pronouns::score(gold, &pred_path)?;
            let t = eval::pronouns::report(&r);
            (r, t)
        }
        Task::Pos | Task::Deps => unreachable!("handled by run_eval_pos / run_eval_deps"),
    };
    // A gold file with nothing to score is most often the wrong file (an
    // article file, another task's gold): all zeros would not say so.
    if res.pointer("/counts/gold").and_then(serde_json::Value::as_u64) == Some(0) {
        let field = match task {
            Task::Statements => "\"quotes\"",
            Task::Entities => "\"entities\"",
            Task::Timexes => "\"timexes\"",
            Task::Loaded => "\"spans\"",
            _ => "gold annotations",
        };
        eprintln!(
            "dateline: warning: {} holds nothing to score for this task (no line has any {field}): is it the gold file for it?",
            gold
        );
    }
    if json {
        println!("{}", serde_json::to_string(&res)?);
    } else {
        print!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Deletes its file when dropped (also on early error returns).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn tempfile_path() -> PathBuf {
    std::env::temp_dir().join(format!("dateline-eval-{}.jsonl", std::process::id()))
}

/// An article on its way into the store: to extract, or extracted already
/// (read back from tables).
enum Pending {
    Raw(Input),
    Done(Processed),
}

fn run_ingest(
    paths: &[PathBuf],
    db: &std::path::Path,
    quiet: bool,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<ExitCode> {
    if paths.is_empty() {
        anyhow::bail!("give articles to store, e.g. dateline ingest articles.jsonl --db news.db");
    }
    if let Some(p) = paths.iter().find(|p| p.extension().is_some_and(|e| e == "parquet")) {
        anyhow::bail!(
            "{}: give the directory that holds the tables (articles, statements, … from `dateline extract --format parquet` or scale/spark_extract.py), not one file",
            p.display()
        );
    }
    let (table_dirs, files): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| ingest::tables::is_table_dir(p));
    let mut store = dateline::store::Store::open(db)?;
    let bar = progress_bar(&files, quiet, 0, "{bar:30}");
    let (mut added, mut skipped, mut failed, mut seen) = (0usize, 0usize, 0usize, 0usize);
    let mut batch: Vec<Pending> = Vec::new();
    // One transaction per batch: a kill loses at most the batch in flight.
    // Returns (added, repeats): repeats inside one batch are stored once,
    // like repeats across runs.
    let flush = |batch: &mut Vec<Pending>, store: &mut dateline::store::Store| -> Result<(usize, usize)> {
        let docs: Vec<Processed> = std::mem::take(batch)
            .into_par_iter()
            .map(|p| match p {
                Pending::Done(p) => p,
                Pending::Raw(i) => {
                    let (outlet, source) = (i.outlet.clone(), i.source.clone());
                    Processed::from_document(&pipeline::process(i), outlet.as_deref(), &source)
                }
            })
            .collect();
        let new = store.add(&docs)?;
        Ok((new, docs.len() - new))
    };
    let mut tables = Vec::new();
    for dir in &table_dirs {
        let t = ingest::tables::articles(dir)?;
        if !t.errors.is_empty() {
            eprintln!(
                "dateline: {}: {} documents were not processed in that run (its errors table)",
                dir.display(),
                t.errors.len()
            );
            failed += t.errors.len();
        }
        tables.push(t);
    }
    let raw = (!files.is_empty())
        .then(|| {
            open_inputs(
                &files,
                ingest::Options {
                    encoding,
                    ..Default::default()
                },
            )
        })
        .into_iter()
        .flatten()
        .map(|item| item.map(Pending::Raw).map_err(anyhow::Error::from));
    let from_tables = tables
        .into_iter()
        .flatten()
        .map(|item| item.map(Pending::Done).map_err(anyhow::Error::from));
    for item in from_tables.chain(raw) {
        match item {
            Ok(p) => {
                let text = match &p {
                    Pending::Raw(i) => &i.text,
                    Pending::Done(d) => &d.text,
                };
                seen += 1;
                if let Some(b) = &bar {
                    b.inc(text.len() as u64);
                    b.set_message(format!("{seen} articles"));
                }
                if store.has(&dateline::store::content_hash(text))? {
                    skipped += 1;
                    continue;
                }
                batch.push(p);
                if batch.len() >= 64 {
                    let (new, repeats) = flush(&mut batch, &mut store)?;
                    added += new;
                    skipped += repeats;
                }
            }
            Err(e) => {
                eprintln!("dateline: skipping: {e}");
                failed += 1;
            }
        }
    }
    let (new, repeats) = flush(&mut batch, &mut store)?;
    added += new;
    skipped += repeats;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!(
        "{}: {added} articles added, {skipped} already stored, {failed} unreadable; {} articles, {} statements in the store",
        db.display(),
        store.count("articles")?,
        store.count("statements")?
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The bundled example articles, compiled in so that `demo` works from any
/// directory and from an installed binary.
const EXAMPLES: &[(&str, &str, &str, &str)] = &include!(concat!(env!("OUT_DIR"), "/examples.rs"));

fn run_demo(addr: std::net::SocketAddr) -> Result<ExitCode> {
    let dir = std::env::temp_dir().join(format!("dateline-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let db = dir.join("demo.db");
    let _cleanup = RemoveOnDrop(db.clone());
    let mut store = dateline::store::Store::open(&db)?;
    let docs: Vec<Processed> = EXAMPLES
        .par_iter()
        .map(|(name, outlet, date, text)| {
            let id = name.trim_end_matches(".txt").to_string();
            let mut doc = dateline::document::Document::new(id, *text, ingest::parse_date(date));
            pipeline::run(&mut doc);
            Processed::from_document(&doc, Some(outlet).filter(|o| !o.is_empty()).copied(), "examples")
        })
        .collect();
    let added = store.add(&docs)?;
    drop(store);
    eprintln!("dateline demo: {added} example articles in a temporary store; open http://{addr}/ (Ctrl-C to stop)");
    dateline::server::serve(dateline::server::Config { db, addr, token: None })?;
    Ok(ExitCode::SUCCESS)
}

fn run_search(query: String, args: &FilterArgs, json: bool) -> Result<ExitCode> {
    let store = args.open()?;
    let hits = store.search(&args.filter(Some(query))?)?;
    let mut out = BufWriter::new(io::stdout().lock());
    for h in &hits {
        if json {
            serde_json::to_writer(&mut out, h)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}  {}  {}  [{}]  {}{}\n    {}\n",
                h.date.as_deref().unwrap_or("----------"),
                h.outlet.as_deref().unwrap_or("-"),
                h.speaker.as_deref().unwrap_or("(no speaker)"),
                h.kind,
                h.cue.as_deref().unwrap_or(""),
                h.place.as_deref().map(|p| format!(" ({p})")).unwrap_or_default(),
                h.content
            )?;
        }
    }
    out.flush()?;
    if !json {
        eprintln!("{} statements", hits.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_export(
    format: ExportFormat,
    query: Option<String>,
    args: &FilterArgs,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let store = args.open()?;
    let mut filter = args.filter(query)?;
    if filter.limit == 50 {
        // The search default is for people; an export wants everything.
        filter.limit = usize::MAX / 2;
    }
    let rows = store.statement_records(&filter)?;
    if let ExportFormat::Parquet = format {
        let Some(path) = &output else {
            anyhow::bail!(
                "Parquet is binary: give a file with -o, e.g. dateline export --format parquet -o statements.parquet"
            );
        };
        let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        dateline::store::parquet::write(&rows, file).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("{}: {} statements", path.display(), rows.len());
        return Ok(ExitCode::SUCCESS);
    }
    let sink: Box<dyn Write> = match &output {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    match format {
        ExportFormat::Jsonl => {
            for (h, rec) in &rows {
                let line = serde_json::json!({
                    "article": h.article, "outlet": h.outlet, "date": h.date, "speaker": h.speaker,
                    "kind": h.kind, "cue": h.cue, "content": h.content, "place": h.place, "statement": rec,
                });
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let columns = dateline::store::parquet::EXPORT.columns;
            w.write_record(columns.iter().map(|c| c.name))?;
            for row in &rows {
                let row = dateline::store::parquet::row(row);
                w.write_record(columns.iter().map(|c| match row.get(c.name) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    _ => String::new(),
                }))?;
            }
            w.flush()?;
        }
        ExportFormat::Parquet => {}
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_report(paths: &[PathBuf], db: Option<&std::path::Path>, by: ByArg, json: bool, top: usize) -> Result<ExitCode> {
    let by = match by {
        ByArg::Outlet => dateline::report::By::Outlet,
        ByArg::Speaker => dateline::report::By::Speaker,
    };
    let print = |report: &dateline::report::Report| -> Result<()> {
        let rows = report.rows(top);
        if json {
            say(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?;
        } else {
            say(&dateline::report::table(&rows, by))?;
        }
        Ok(())
    };
    if let Some(db) = db {
        let store = open_store(db)?;
        let mut report = dateline::report::Report::default();
        store.each_article(|a| report.add_record(&a.text, &a.record, a.outlet.as_deref(), by))?;
        print(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    if paths.is_empty() {
        anyhow::bail!(
            "give articles to report on, e.g. dateline report --by outlet articles.jsonl, or a store: --db news.db"
        );
    }
    let mut report = dateline::report::Report::default();
    let mut failed = false;
    // Documents are processed in parallel batches and added in order, so
    // memory stays flat however large the corpus.
    let mut batch: Vec<Input> = Vec::new();
    let flush = |batch: &mut Vec<Input>, report: &mut dateline::report::Report| {
        let docs: Vec<(Option<String>, dateline::document::Document)> = std::mem::take(batch)
            .into_par_iter()
            .map(|i| (i.outlet.clone(), pipeline::process(i)))
            .collect();
        for (outlet, d) in &docs {
            report.add(d, outlet.as_deref(), by);
        }
    };
    for item in open_inputs(paths, ingest::Options::default()) {
        match item {
            Ok(i) => {
                batch.push(i);
                if batch.len() >= 256 {
                    flush(&mut batch, &mut report);
                }
            }
            Err(e) => {
                eprintln!("dateline: skipping: {e}");
                failed = true;
            }
        }
    }
    flush(&mut batch, &mut report);
    print(&report)?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn run_bench(
    paths: &[PathBuf],
    threads: usize,
    repeat: usize,
    json: bool,
    fast: bool,
    parse: bool,
    backbone: bool,
) -> Result<ExitCode> {
    if paths.is_empty() {
        anyhow::bail!("give a file to benchmark, e.g. dateline bench ../shared/data/bbc_news/news.jsonl");
    }
    let mut inputs = Vec::new();
    for item in open_inputs(paths, ingest::Options::default()) {
        match item {
            Ok(i) => inputs.push(i),
            Err(e) => eprintln!("dateline: skipping: {e}"),
        }
    }
    // Which parser was timed, for the figure's record (a beam parses
    // several times slower than the greedy one).
    let parser = if parse {
        // Fail now with the reason, not after timing a run without it.
        let p = dateline::backbone::models::parser()
            .map_err(|e| anyhow::anyhow!("no parser model ({e}); train one with `dateline train parser`"))?;
        Some(serde_json::json!({
            "file": dateline::backbone::models::parser_path().display().to_string(),
            "beam": p.beam(),
            "own_tagger": p.tagger().is_some(),
        }))
    } else {
        None
    };
    let stages = if backbone {
        bench::Stages::Backbone { parse }
    } else {
        bench::Stages::Pipeline(pipeline::Options {
            backbone: !fast,
            parse,
            learned: !fast,
            lang: pipeline::Lang::En,
        })
    };
    let r = bench::run(&inputs, threads, repeat, stages);
    if json {
        let mut v = serde_json::to_value(&r)?;
        if let Some(p) = parser {
            v["parser"] = p;
        }
        say(&format!("{v}\n"))?;
    } else {
        use std::fmt::Write as _;
        let mut text = String::new();
        if let Some(p) = &parser {
            writeln!(
                text,
                "parser {}: beam {}, {}",
                p["file"].as_str().unwrap_or_default(),
                p["beam"],
                if p["own_tagger"] == true {
                    "its own tagger"
                } else {
                    "the built-in tagger's tags"
                }
            )?;
        }
        writeln!(
                text,
            "{} documents, {:.2} MB, {} words, {} thread(s): {:.3} s\n{:.0} documents/s  {:.2} MB/s  {:.0} words/s  ({} {})\npeak memory {}",
            r.documents,
            r.bytes as f64 / 1e6,
            r.words,
            r.threads,
            r.seconds,
            r.docs_per_sec,
            r.mb_per_sec,
            r.words_per_sec,
            r.statements.or(r.entity_spans).unwrap_or(0),
            if backbone { "entity spans" } else { "statements" },
            r.peak_rss_mb.map_or("unknown".into(), |m| format!("{m:.1} MB"))
        )?;
        // Where the time went: the stages that ran, slowest first.
        let total: f64 = r.stages.iter().map(|s| s.seconds).sum();
        let mut ran: Vec<&dateline::bench::StageTime> = r.stages.iter().collect();
        ran.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        if !ran.is_empty() {
            writeln!(
                text,
                "time by stage{}:",
                if r.threads > 1 { " (summed over threads)" } else { "" }
            )?;
            for s in ran {
                writeln!(
                    text,
                    "  {:<30} {:>8.3} s  {:>5.1}%",
                    s.stage,
                    s.seconds,
                    100.0 * s.seconds / total.max(1e-9)
                )?;
            }
        }
        say(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `dateline train`'s arguments.
#[derive(clap::Args)]
struct TrainArgs {
    /// Which model.
    what: TrainWhat,
    /// Training data (default: the standard location under ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output model file (default: models/<what>.bin).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Passes over the training data (default: the committed model's:
    /// 10 for the tagger and NER, 15 for the parser, 20 for timexes, 8
    /// for the others).
    #[arg(long)]
    iterations: Option<usize>,
    /// Seed for shuffling.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// For attribution: the language (de trains on German Wikinews and
    /// writes models/attribution-de.bin).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// For attribution: train nothing; link the dev split's gold role
    /// labels into statements and score them — what linking and the
    /// output conventions lose with a perfect labeller (-o FILE: write
    /// those statements there).
    #[arg(long, conflicts_with_all = ["seed", "iterations"])]
    gold_labels: bool,
    /// For the parser: beam width (1: greedy with a dynamic oracle;
    /// more: beam search with global training, parsing with the same
    /// width — beam 8: about +1.4 UAS on GUM dev, 4–5 times slower).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    beam: u16,
    /// For the parser: learn from and parse with the built-in tagger's
    /// tags. By default the parser trains a tagger of its own, with
    /// word-cluster features, stored in its file: beam 8 +0.6 UAS / +0.7
    /// LAS on GUM dev (three seeds), greedy parsing about 10% slower. (The
    /// built-in tagger has no clusters: its tags feed the NER and
    /// attribution models, which lost more than they gained with them.)
    #[arg(long)]
    built_in_tagger: bool,
    /// For the parser: train this many runs (seeds S, S+100, …; two at a
    /// time on two cores) and average their weights — beam 8, three runs:
    /// GUM dev 86.07 / 82.86 against 85.35–85.85 / 82.10–82.65 for one
    /// run (19 min on two cores).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
    runs: u16,
}

fn run_train(args: TrainArgs) -> Result<ExitCode> {
    let TrainArgs {
        what,
        data,
        output,
        iterations,
        seed,
        lang,
        gold_labels,
        beam,
        built_in_tagger,
        runs,
    } = args;
    let (lang, beam): (pipeline::Lang, usize) = (lang.into(), beam.into());
    if beam > 1 && !matches!(what, TrainWhat::Parser) {
        anyhow::bail!("--beam applies to `train parser` only");
    }
    if lang != pipeline::Lang::En && !matches!(what, TrainWhat::Attribution) {
        anyhow::bail!("--lang {} applies to `train attribution` only", lang.code());
    }
    if gold_labels && !matches!(what, TrainWhat::Attribution) {
        anyhow::bail!("--gold-labels applies to `train attribution` only");
    }
    if (built_in_tagger || runs > 1) && !matches!(what, TrainWhat::Parser) {
        anyhow::bail!("--built-in-tagger and --runs apply to `train parser` only");
    }
    // Default data folder, output file and passes of each model (the ones
    // that rebuild the committed files).
    let (dir, file, passes) = match (what, lang) {
        (TrainWhat::Tagger, _) => ("../shared/data/gum/conllu", "models/tagger.bin", 10),
        (TrainWhat::Parser, _) => ("../shared/data/gum/conllu", "models/parser.bin", 15),
        (TrainWhat::Ner, _) => ("../shared/data/conll2003", "models/ner.bin", 10),
        (TrainWhat::Attribution, pipeline::Lang::En) => ("../shared/data/polnear", "models/attribution.bin", 8),
        (TrainWhat::Timexes, _) => ("../shared/data/tempeval3", "models/timex.bin", 20),
        (TrainWhat::Loaded, _) => ("../shared/data/ptc_semeval2020", "models/loaded.bin", 8),
        (TrainWhat::Clusters, _) => ("../shared/data", "resources/clusters.tsv", 0),
        (TrainWhat::Names, _) => ("../shared/data", "resources/first_names.tsv", 0),
        (TrainWhat::Nouns, _) => (
            "../shared/data/german_wikinews_quotes",
            "resources/common_nouns_de.txt",
            0,
        ),
        (TrainWhat::Attribution, pipeline::Lang::De) => {
            ("../shared/data/german_wikinews_quotes", "models/attribution-de.bin", 8)
        }
    };
    let data = data.unwrap_or_else(|| PathBuf::from(dir));
    if gold_labels {
        let (report, preds) = dateline::train::gold_label_ceiling(&data, lang)?;
        println!("{report}");
        if let Some(p) = output {
            std::fs::write(&p, preds).with_context(|| format!("cannot write {}", p.display()))?;
            eprintln!("wrote the predictions to {}", p.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let out = output.unwrap_or_else(|| PathBuf::from(file));
    let iterations = iterations.unwrap_or(passes);
    let start = std::time::Instant::now();
    let mut log = |m: String| eprintln!("{m}");
    match what {
        TrainWhat::Tagger => drop(dateline::train::tagger(&data, &out, iterations, seed, &mut log)?),
        TrainWhat::Parser => drop(dateline::train::parser(
            &data,
            &out,
            dateline::train::ParserOptions {
                iterations,
                seed,
                beam,
                own_tagger: !built_in_tagger,
                runs: runs.into(),
            },
            &mut log,
        )?),
        TrainWhat::Ner => drop(dateline::train::ner(&data, &out, iterations, seed, &mut log)?),
        TrainWhat::Attribution => drop(dateline::train::attribution(
            &data, &out, iterations, seed, lang, &mut log,
        )?),
        TrainWhat::Timexes => drop(dateline::train::timexes(&data, &out, iterations, seed, &mut log)?),
        TrainWhat::Loaded => drop(dateline::train::loaded(&data, &out, iterations, seed, &mut log)?),
        TrainWhat::Clusters => dateline::train::clusters(&data, &out, seed, &mut log)?,
        TrainWhat::Names => dateline::train::names(&data, &out, &mut log)?,
        TrainWhat::Nouns => dateline::train::nouns_de(&data, &out, &mut log)?,
    }
    eprintln!("wrote {} in {:.0} s", out.display(), start.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

fn write_conllu(path: &std::path::Path, sents: &[dateline::backbone::conllu::Sentence]) -> Result<()> {
    std::fs::write(path, dateline::backbone::conllu::to_text(sents))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// `eval pos|deps`: gold CoNLL-U (a file, or a GUM-style folder and its
/// split), an optional model file, and where to save the predictions.
struct SyntaxEval {
    gold: String,
    split: String,
    model: Option<PathBuf>,
    json: bool,
    save_pred: Option<PathBuf>,
}

fn run_eval_pos(e: SyntaxEval) -> Result<ExitCode> {
    let sents = dateline::train::load_conllu(std::path::Path::new(&e.gold), &e.split)?;
    let tagger = match e.model {
        Some(p) => {
            let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
            dateline::backbone::tagger::Tagger::from_bytes(&bytes)?
        }
        None => dateline::backbone::models::tagger()
            .map_err(|e| anyhow::anyhow!("built-in tagger: {e}"))?
            .clone(),
    };
    let pred = eval::syntax::tag_gold(&tagger, &sents);
    if let Some(p) = &e.save_pred {
        write_conllu(p, &pred)?;
    }
    let r = eval::syntax::score_pos_of(&pred, &sents);
    if e.json {
        println!("{}", serde_json::to_string(&r)?);
    } else {
        println!(
            "tokens {}\nUPOS   {:.2}\nXPOS   {:.2}\nlemma  {:.2}",
            r.tokens,
            r.upos * 100.0,
            r.xpos * 100.0,
            r.lemma * 100.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_eval_deps(e: SyntaxEval) -> Result<ExitCode> {
    let sents = dateline::train::load_conllu(std::path::Path::new(&e.gold), &e.split)?;
    let tagger = dateline::backbone::models::tagger().map_err(|e| anyhow::anyhow!("built-in tagger: {e}"))?;
    let bytes = match &e.model {
        Some(p) => std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
        None => {
            let p = dateline::backbone::models::parser_path();
            std::fs::read(&p)
                .with_context(|| format!("cannot read {} (train it with: dateline train parser)", p.display()))?
        }
    };
    let parser = dateline::backbone::parser::Parser::from_bytes(&bytes)?;
    let pred = eval::syntax::parse_gold(&parser, tagger, &sents);
    if let Some(p) = &e.save_pred {
        write_conllu(p, &pred)?;
    }
    let r = eval::syntax::score_deps_of(&pred, &sents);
    let own_tagger = parser.tagger().is_some();
    if e.json {
        let mut v = serde_json::to_value(r)?;
        v["beam"] = parser.beam().into();
        v["own_tagger"] = own_tagger.into();
        println!("{v}");
    } else {
        println!(
            "tokens {}\nUAS    {:.2}\nLAS    {:.2}\nbeam   {}\ntags   {}",
            r.tokens,
            r.uas * 100.0,
            r.las * 100.0,
            parser.beam(),
            if own_tagger {
                "the parser's own tagger"
            } else {
                "the built-in tagger"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--encoding LABEL`.
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    ingest::Options::encoding_for(label)
}

/// The documents under `paths`, saying on stderr which directories hold
/// no file (they give no output at all, which would otherwise pass in
/// silence).
fn open_inputs(paths: &[PathBuf], opts: ingest::Options) -> Reader {
    let reader = Reader::new(paths, opts);
    for d in reader.empty_dirs() {
        eprintln!("dateline: {}: no files in this directory", d.display());
    }
    reader
}

/// Write to stdout, returning the error (a closed pipe: `| head`) where
/// `print!` would panic; `main` takes a closed pipe for a normal end.
fn say(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The I/O error kind inside an error, also where the JSON and CSV
/// writers wrap it.
fn io_error_kind(e: &(dyn std::error::Error + 'static)) -> Option<io::ErrorKind> {
    if let Some(io) = e.downcast_ref::<io::Error>() {
        return Some(io.kind());
    }
    if let Some(j) = e.downcast_ref::<serde_json::Error>() {
        return j.io_error_kind();
    }
    match e.downcast_ref::<csv::Error>()?.kind() {
        csv::ErrorKind::Io(io) => Some(io.kind()),
        _ => None,
    }
}
