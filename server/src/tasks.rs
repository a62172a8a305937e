//! The work of a request ends with it.
//!
//! Leptos runs a page's resources (the server functions a page calls while
//! it renders) as tasks of their own, spawned on the global executor. With
//! Leptos' tokio executor those tasks are detached: when a browser gives up
//! on a page (or a scanner times out) and the server drops the request,
//! they ran on. A read went on to log rows for a page nobody got, and work
//! that outlived its request's reactive owner found its contexts gone
//! ("portal service missing from context", "I18n context is missing") or
//! panicked on disposed reactive values.
//!
//! So every request runs in a `Scope` (`middleware`), and the executor this
//! module installs (`install`) spawns a request's tasks into its scope: they
//! are cancelled (dropped at their next await: a read dropped unfinished
//! logs nothing) as soon as the request is dropped, or once its answer has
//! been sent. The request's reactive owner is kept by the scope until the
//! last of its tasks has ended, so no task of a request ever runs without
//! the contexts it was given. A task that panics is caught and logged once,
//! in its request's span (with the request's id); a panic in the request
//! itself is caught by tower-http's catch-panic layer (`panic_response`).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use leptos::prelude::Owner;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

tokio::task_local! {
    static SCOPE: Scope;
}

/// One request's tasks, and what they need while they run.
#[derive(Clone)]
struct Scope(Arc<ScopeInner>);

struct ScopeInner {
    cancel: CancellationToken,
    tasks: TaskTracker,
    /// The request's reactive owner (its contexts), kept while any of its
    /// tasks may still run.
    owner: Mutex<Option<Owner>>,
}

impl Scope {
    fn new() -> Scope {
        Scope(Arc::new(ScopeInner {
            cancel: CancellationToken::new(),
            tasks: TaskTracker::new(),
            owner: Mutex::new(None),
        }))
    }

    /// Cancels every task of the request; the owner goes once the last has ended.
    fn end(&self) {
        self.0.cancel.cancel();
        self.0.tasks.close();
        if self.0.tasks.is_empty() {
            // The usual case, a page whose tasks all ended before its answer
            // was sent: the owner goes now, without a task to wait for none.
            self.0.owner.lock().map(|mut o| o.take()).ok();
            return;
        }
        let scope = self.clone();
        // No runtime (a process shutting down): nothing runs any more anyway.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                scope.0.tasks.wait().await;
                scope.0.owner.lock().map(|mut o| o.take()).ok();
            });
        }
    }
}

/// Keeps the current reactive owner (the request's root, where its
/// contexts are) until the request's tasks have ended. Called where the
/// server provides a request's contexts.
pub fn keep_owner() {
    if let (Ok(scope), Some(owner)) = (SCOPE.try_with(Scope::clone), Owner::current()) {
        if let Ok(mut kept) = scope.0.owner.lock() {
            kept.get_or_insert(owner);
        }
    }
}

/// The executor Leptos spawns tasks on: a request's tasks join its scope.
struct RequestExecutor;

impl any_spawner::CustomExecutor for RequestExecutor {
    fn spawn(&self, fut: any_spawner::PinnedFuture<()>) {
        let Ok(scope) = SCOPE.try_with(Scope::clone) else {
            // Not a request's (start-up, route listing): as Leptos would.
            tokio::spawn(fut);
            return;
        };
        let span = tracing::Span::current();
        let token = scope.0.cancel.clone();
        let task = SCOPE.scope(scope.clone(), async move {
            tokio::select! {
                biased;
                _ = token.cancelled() => {}
                done = AssertUnwindSafe(fut).catch_unwind() => {
                    if let Err(panic) = done {
                        tracing::error!(panic = %panic_message(panic.as_ref()), "a task of a request panicked");
                    }
                }
            }
        });
        if scope.0.tasks.is_closed() {
            // The request is over: nothing of it starts now.
            return;
        }
        scope.0.tasks.spawn(task.instrument(span));
    }

    fn spawn_local(&self, fut: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(fut);
    }

    fn poll_local(&self) {}
}

/// Installs the executor, before Leptos would install its own (once per
/// process; later calls do nothing).
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = any_spawner::Executor::init_custom_executor(RequestExecutor);
        install_panic_hook();
    });
}

/// Middleware: the request runs in a scope of its own, which ends when the
/// request is dropped unanswered, or when its answer's body has been sent
/// (or dropped).
pub async fn middleware(req: Request, next: Next) -> Response {
    let scope = Scope::new();
    let run = SCOPE.scope(scope.clone(), next.run(req));
    // Declared after `run`, so it is dropped first: the tasks are told to
    // stop before the request's own future (and its owner) goes.
    let mut pending = Pending { scope: Some(scope), run: Box::pin(run) };
    let res = (&mut pending.run).await;
    let scope = pending.scope.take().expect("the scope until the answer");
    res.map(|body| Body::new(ScopedBody { body, scope: Some(scope) }))
}

/// A request not answered yet: dropped, its scope ends.
struct Pending<F> {
    scope: Option<Scope>,
    run: Pin<Box<F>>,
}

impl<F> Drop for Pending<F> {
    fn drop(&mut self) {
        if let Some(scope) = self.scope.take() {
            scope.end();
        }
    }
}

/// An answer's body: once it is sent or dropped, the request's scope ends.
struct ScopedBody {
    body: Body,
    scope: Option<Scope>,
}

impl Drop for ScopedBody {
    fn drop(&mut self) {
        if let Some(scope) = self.scope.take() {
            scope.end();
        }
    }
}

impl http_body::Body for ScopedBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// What a panic said, as text.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

thread_local! {
    /// Where the last panic on this thread happened, for the one log line.
    static WHERE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// A panic inside a request is logged once, by whoever catches it (the
/// catch-panic layer, or a task's catcher), with the request's id; the
/// hook only notes where it happened. Any other panic is logged here.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if SCOPE.try_with(|_| ()).is_ok() {
            let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            WHERE.with(|w| *w.borrow_mut() = Some(at));
        } else {
            default(info);
        }
    }));
}

/// tower-http's catch-panic layer: the request panicked. Logged once (in
/// the request's span, so with its id), answered with the generic error
/// page (500: a fault of ours, not of the input).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let at = WHERE.with(|w| w.borrow_mut().take()).unwrap_or_default();
    tracing::error!(panic = %panic_message(panic.as_ref()), at = %at, "a request panicked");
    let page = app::text::failure_page("en");
    let mut res = (StatusCode::INTERNAL_SERVER_ERROR, page).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    res
}
