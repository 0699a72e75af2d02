//! Prometheus metrics: the process-wide recorder, the request-counting
//! middleware of the main router, and the `/metrics` router that the binary
//! serves on its own listener (kept off the public port).

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};

/// Re-exported so the binary needs no direct dependency on the exporter.
pub use metrics_exporter_prometheus::PrometheusHandle;

const DURATION: &str = "http_request_duration_seconds";
const REQUESTS: &str = "http_requests_total";
const DURATION_BUCKETS: &[f64] = &[0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the global recorder once per process and returns its handle;
/// later calls return the same handle (tests start many servers).
pub fn install_recorder() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            // Real buckets rather than the default summary, so durations can
            // be aggregated across instances.
            let builder = PrometheusBuilder::new();
            let builder = match builder.set_buckets_for_metric(Matcher::Full(DURATION.into()), DURATION_BUCKETS) {
                Ok(b) => b,
                Err(_) => PrometheusBuilder::new(),
            };
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if ::metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is already installed; /metrics will stay empty");
            }
            handle
        })
        .clone()
}

/// `GET /metrics` in the Prometheus text format.
pub fn router(handle: PrometheusHandle) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move {
                handle.run_upkeep();
                ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
            }
        }),
    )
}

/// The route template a request matched, carried from inside the router
/// (where [`MatchedPath`] is known) out to [`track`].
#[derive(Clone)]
struct RouteLabel(String);

/// Route layer: copies the matched path into the response.
pub(crate) async fn stash_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let mut response = next.run(req).await;
    if let Some(route) = route {
        response.extensions_mut().insert(RouteLabel(route));
    }
    response
}

/// Outer layer: counts every request, routed or not.
pub(crate) async fn track(req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let start = Instant::now();
    let response = next.run(req).await;
    let route = response.extensions().get::<RouteLabel>().map_or_else(|| "unmatched".to_owned(), |r| r.0.clone());
    let status = response.status().as_u16().to_string();
    ::metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status).increment(1);
    ::metrics::histogram!(DURATION, "method" => method, "route" => route).record(start.elapsed().as_secs_f64());
    response
}

/// Known methods only: a client inventing methods must not grow the label set.
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}
