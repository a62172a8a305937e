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
//! are aborted (dropped at their next await: a read dropped unfinished
//! logs nothing) as soon as the request is dropped, or once its answer has
//! been sent. Every task holds the scope, and the scope holds the
//! request's reactive owner, so the owner goes with the last of them: no
//! task of a request ever runs without the contexts it was given. A task
//! that panics is caught and logged once, in its request's span (with the
//! request's id); a panic in the request itself is caught by tower-http's
//! catch-panic layer (`panic_response`).
//!
//! It is kept cheap, since every request pays for it: a scope is one
//! allocation, a task costs an abort handle in a list, and nothing waits
//! for the tasks (the last holder of the scope drops the owner).

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
use tokio::task::AbortHandle;
use tracing::Instrument;

tokio::task_local! {
    static SCOPE: Scope;
}

/// One request's tasks, and what they need while they run.
#[derive(Clone)]
struct Scope(Arc<ScopeInner>);

struct ScopeInner {
    /// The request's tasks; `None` once it has ended.
    tasks: Mutex<Option<Vec<AbortHandle>>>,
    /// The request's reactive owner (its contexts), and the child owner
    /// whose cleanup ends the tasks (`keep_owner`): dropped with the last
    /// holder of the scope, the request or one of its tasks.
    owner: Mutex<Option<(Owner, Owner)>>,
}

impl Scope {
    fn new() -> Scope {
        Scope(Arc::new(ScopeInner { tasks: Mutex::new(Some(Vec::new())), owner: Mutex::new(None) }))
    }

    /// Whether the request has ended (its answer sent, or dropped).
    fn ended(&self) -> bool {
        self.0.tasks.lock().map(|t| t.is_none()).unwrap_or(true)
    }

    /// Aborts every task of the request; nothing of it starts any more.
    fn end(&self) {
        let tasks = self.0.tasks.lock().map(|mut t| t.take()).ok().flatten();
        for task in tasks.into_iter().flatten() {
            task.abort();
        }
    }
}

/// Keeps the current reactive owner (the request's root, where its
/// contexts are) until the request's tasks have ended, and ends the
/// request's tasks as soon as Leptos cleans its page up. Called where the
/// server provides a request's contexts, before the page is built.
pub fn keep_owner() {
    let (Ok(scope), Some(owner)) = (SCOPE.try_with(Scope::clone), Owner::current()) else { return };
    // Leptos disposes a page's reactive values when its stream ends, which
    // can be before the answer's body is dropped: a task still queued then
    // (an effect's first run) would find them gone. A child owner made now
    // is the root's first, and a root cleans its children up in order, so
    // this one ends the tasks before anything of the page is disposed.
    let first = owner.child();
    let weak = Arc::downgrade(&scope.0);
    first.with(|| {
        Owner::on_cleanup(move || {
            if let Some(s) = weak.upgrade() {
                Scope(s).end();
            }
        })
    });
    if let Ok(mut kept) = scope.0.owner.lock() {
        kept.get_or_insert((owner, first));
    };
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
        let Ok(mut tasks) = scope.0.tasks.lock() else { return };
        // The request is over: nothing of it starts now.
        let Some(list) = tasks.as_mut() else { return };
        let span = tracing::Span::current();
        let held = scope.clone();
        let task = SCOPE.scope(scope.clone(), async move {
            if let Err(panic) = AssertUnwindSafe(fut).catch_unwind().await {
                let at = WHERE.with(|w| w.borrow_mut().take()).unwrap_or_default();
                let said = panic_message(panic.as_ref());
                if held.ended() && said.contains("disposed") {
                    // Running on another core as its request ended: the
                    // abort came while it ran, and it met its page's values
                    // gone. Nothing of it is missing from any answer.
                    tracing::debug!(panic = %said, at = %at, "a task of an ended request met its disposed page");
                } else {
                    tracing::error!(panic = %said, at = %at, "a task of a request panicked");
                }
            }
        });
        list.push(tokio::spawn(task.instrument(span)).abort_handle());
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
