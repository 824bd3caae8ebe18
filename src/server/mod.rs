//! `dateline serve`: the HTTP API over a store and the web UI, from one
//! binary (the UI's files are compiled in; nothing to build or install).
//!
//! Every error is JSON (`{"error": {"status", "message"}}`) with its
//! status code: unknown filters and bad dates 400, a missing token 401, a
//! wrong one 403, an unknown article 404, an oversized body 413, too many
//! requests 429. Queries are plain words (never SQL or FTS syntax, see
//! `store::fts_terms`), so no request can damage the store.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::store::{Filter, Store};

/// Largest request body accepted (an ingest of a few articles).
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Requests per client address per minute.
pub const RATE_PER_MINUTE: u32 = 600;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("cannot listen on {addr}: {err}")]
    Bind { addr: SocketAddr, err: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

pub struct Config {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Bearer token that allows POST /api/ingest (ingest is off without one).
    pub token: Option<String>,
}

#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    token: Option<Arc<str>>,
    limiter: Arc<Mutex<HashMap<IpAddr, (Instant, u32)>>>,
}

/// A JSON error response.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.0.as_u16(), "message": self.1}});
        (self.0, Json(body)).into_response()
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, msg.into())
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::Query(m) => bad(m),
            other => ApiError(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// Run a store call off the async threads.
async fn with_store<T: Send + 'static>(
    st: &AppState,
    f: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let store = st.store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .map_err(|_| ApiError(StatusCode::INTERNAL_SERVER_ERROR, "store lock poisoned".into()))?;
        f(&mut guard)
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

fn is_date(d: &str) -> bool {
    (4..=10).contains(&d.len())
        && d.bytes().take(4).all(|b| b.is_ascii_digit())
        && d.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// Statement filters from query parameters; anything unknown is an error.
fn filter_from(q: &HashMap<String, String>, allowed_extra: &[&str]) -> Result<Filter, ApiError> {
    const KNOWN: [&str; 7] = ["q", "speaker", "from", "to", "outlet", "kind", "limit"];
    for k in q.keys() {
        if !KNOWN.contains(&k.as_str()) && !allowed_extra.contains(&k.as_str()) {
            return Err(bad(format!("unknown parameter {k:?}; known: {}", KNOWN.join(", "))));
        }
    }
    for k in ["from", "to"] {
        if let Some(d) = q.get(k) {
            if !is_date(d) {
                return Err(bad(format!("{k}={d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")));
            }
        }
    }
    if let Some(kind) = q.get("kind") {
        if !matches!(kind.as_str(), "direct" | "indirect" | "mixed") {
            return Err(bad(format!("kind={kind:?}: use direct, indirect or mixed")));
        }
    }
    let limit = match q.get("limit") {
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| bad(format!("limit={l:?}: a number from 1 to 1000")))?,
        None => 50,
    };
    let nonempty = |k: &str| q.get(k).filter(|v| !v.trim().is_empty()).cloned();
    Ok(Filter {
        query: nonempty("q"),
        speaker: nonempty("speaker"),
        from: nonempty("from"),
        to: nonempty("to"),
        outlet: nonempty("outlet"),
        kind: nonempty("kind"),
        limit,
        chronological: false,
    })
}

fn query_of(q: Result<Query<HashMap<String, String>>, QueryRejection>) -> Result<HashMap<String, String>, ApiError> {
    q.map(|Query(q)| q).map_err(|e| bad(e.body_text()))
}

async fn statements(
    State(st): State<AppState>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let f = filter_from(&query_of(q)?, &[])?;
    let hits = with_store(&st, move |s| Ok(s.search(&f)?)).await?;
    Ok(Json(json!({ "statements": hits })))
}

async fn articles(State(st): State<AppState>, q: Result<Query<HashMap<String, String>>, QueryRejection>) -> ApiResult {
    let q = query_of(q)?;
    for k in q.keys() {
        if !matches!(k.as_str(), "limit" | "offset") {
            return Err(bad(format!("unknown parameter {k:?}; known: limit, offset")));
        }
    }
    let num = |k: &str, d: usize| -> Result<usize, ApiError> {
        q.get(k).map_or(Ok(d), |v| {
            v.parse().map_err(|_| bad(format!("{k}={v:?} is not a number")))
        })
    };
    let (limit, offset) = (num("limit", 50)?.clamp(1, 1000), num("offset", 0)?);
    let list = with_store(&st, move |s| Ok(s.articles(limit, offset)?)).await?;
    Ok(Json(json!({ "articles": list })))
}

async fn article(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id2 = id.clone();
    match with_store(&st, move |s| Ok(s.article(&id2)?)).await? {
        Some(a) => Ok(Json(serde_json::to_value(a).unwrap_or_default())),
        None => Err(ApiError(StatusCode::NOT_FOUND, format!("no article {id:?}"))),
    }
}

async fn entities(State(st): State<AppState>, q: Result<Query<HashMap<String, String>>, QueryRejection>) -> ApiResult {
    let q = query_of(q)?;
    for k in q.keys() {
        if !matches!(k.as_str(), "name" | "limit") {
            return Err(bad(format!("unknown parameter {k:?}; known: name, limit")));
        }
    }
    let name = q.get("name").cloned();
    let limit = q
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(50usize)
        .clamp(1, 1000);
    let list = with_store(&st, move |s| Ok(s.entities(name.as_deref(), limit)?)).await?;
    Ok(Json(json!({ "entities": list })))
}

async fn timeline(
    State(st): State<AppState>,
    Path(name): Path<String>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let mut f = filter_from(&query_of(q)?, &[])?;
    f.speaker = Some(name.clone());
    f.chronological = true;
    if f.limit == 50 {
        f.limit = 1000;
    }
    let hits = with_store(&st, move |s| Ok(s.search(&f)?)).await?;
    Ok(Json(json!({ "speaker": name, "statements": hits })))
}

/// One article to ingest.
#[derive(serde::Deserialize)]
struct NewArticle {
    id: Option<String>,
    text: String,
    date: Option<String>,
    outlet: Option<String>,
}

async fn ingest(State(st): State<AppState>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let Some(token) = &st.token else {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "ingest is disabled: start the server with --token".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => {
            return Err(ApiError(
                StatusCode::UNAUTHORIZED,
                "missing Authorization: Bearer TOKEN".into(),
            ))
        }
        Some(t) if t != token.as_ref() => return Err(ApiError(StatusCode::FORBIDDEN, "wrong token".into())),
        Some(_) => {}
    }
    let body = body.map_err(|e| ApiError(e.status(), e.body_text()))?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let items: Vec<Value> = match value {
        Value::Array(a) => a,
        other => vec![other],
    };
    let mut docs = Vec::with_capacity(items.len());
    for (k, item) in items.into_iter().enumerate() {
        let a: NewArticle = serde_json::from_value(item).map_err(|e| {
            bad(format!(
                "article {k}: {e} (expected {{\"text\", \"id\"?, \"date\"?, \"outlet\"?}})"
            ))
        })?;
        if a.text.trim().is_empty() {
            return Err(bad(format!("article {k}: empty text")));
        }
        docs.push(a);
    }
    let n = docs.len();
    let added = with_store(&st, move |s| {
        let processed: Vec<crate::output::Processed> = docs
            .into_iter()
            .map(|a| {
                let id =
                    a.id.unwrap_or_else(|| format!("api-{}", crate::store::content_hash(&a.text)));
                let mut doc =
                    crate::document::Document::new(id, a.text, a.date.as_deref().and_then(crate::ingest::parse_date));
                crate::pipeline::run(&mut doc);
                crate::output::Processed::from_document(&doc, a.outlet.as_deref(), "api")
            })
            .collect();
        Ok(s.add(&processed)?)
    })
    .await?;
    Ok(Json(json!({"added": added, "already_stored": n - added})))
}

async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such endpoint; see /api/openapi.json".into())
}

async fn page() -> Html<&'static str> {
    Html(include_str!("ui/index.html"))
}

/// A file compiled into the binary, served with its content type.
fn asset(content_type: &'static str, body: &'static str) -> axum::routing::MethodRouter<AppState> {
    get(move || async move { ([(header::CONTENT_TYPE, content_type)], body).into_response() })
}

/// At most `RATE_PER_MINUTE` requests per client address per minute.
async fn rate_limit(State(st): State<AppState>, req: axum::extract::Request, next: Next) -> Response {
    let ip = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(ip) = ip {
        let over = match st.limiter.lock() {
            Ok(mut m) => {
                let now = Instant::now();
                let e = m.entry(ip).or_insert((now, 0));
                if now.duration_since(e.0).as_secs() >= 60 {
                    *e = (now, 0);
                }
                e.1 += 1;
                e.1 > RATE_PER_MINUTE
            }
            Err(_) => false,
        };
        if over {
            return ApiError(
                StatusCode::TOO_MANY_REQUESTS,
                format!("more than {RATE_PER_MINUTE} requests a minute; slow down"),
            )
            .into_response();
        }
    }
    next.run(req).await
}

pub fn router(store: Store, token: Option<String>) -> Router {
    let state = AppState {
        store: Arc::new(Mutex::new(store)),
        token: token.map(Into::into),
        limiter: Arc::new(Mutex::new(HashMap::new())),
    };
    Router::new()
        .route("/", get(page))
        .route("/article/{id}", get(page))
        .route("/speaker/{name}", get(page))
        .route(
            "/static/app.js",
            asset("text/javascript; charset=utf-8", include_str!("ui/app.js")),
        )
        .route(
            "/static/style.css",
            asset("text/css; charset=utf-8", include_str!("ui/style.css")),
        )
        .route(
            "/api/openapi.json",
            asset("application/json", include_str!("openapi.json")),
        )
        .route("/api/statements", get(statements))
        .route("/api/articles", get(articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/entities", get(entities))
        .route("/api/speakers/{name}/timeline", get(timeline))
        .route("/api/ingest", post(ingest))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .with_state(state)
}

/// Serve until Ctrl-C.
pub fn serve(cfg: Config) -> Result<(), ServerError> {
    let store = Store::open(&cfg.db)?;
    let app = router(store, cfg.token);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(cfg.addr)
            .await
            .map_err(|err| ServerError::Bind { addr: cfg.addr, err })?;
        let local = listener.local_addr()?;
        eprintln!(
            "dateline: serving {} on http://{local}/ (Ctrl-C to stop)",
            cfg.db.display()
        );
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
