//! One listener for every site: hyper HTTP/1.1, routing by `Host`, host gates, conditional GET,
//! gzip, and the request log.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

use crate::SynthWeb;
use crate::faults::{self, Gate};
use crate::http::{Resource, accepts_gzip, etag_of, gzip, none_match};
use crate::log::{RequestLog, RequestRecord};
use crate::model::Trait;
use crate::text::dates;

/// Host header → site key: port, trailing dot and case dropped.
pub(crate) fn normalize_host(raw: &str) -> String {
    let raw = raw.trim();
    let host = if let Some(rest) = raw.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        raw.split(':').next().unwrap_or(raw)
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Returned by the service to make hyper close the connection without writing a response.
#[derive(Debug, thiserror::Error)]
#[error("host is down: connection closed without an answer")]
struct HostDown;

/// Applies validators, conditional requests and gzip to a resource.
pub(crate) fn finalize(
    res: Resource,
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
    gzip_ok: bool,
) -> (u16, Vec<(String, String)>, Bytes) {
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(ct) = &res.content_type {
        headers.push(("content-type".into(), ct.clone()));
    }
    let etag = res.validators.then(|| etag_of(&res.body));
    let last_modified = if res.validators { res.last_modified } else { None };
    if let Some(lm) = &last_modified {
        headers.push(("last-modified".into(), dates::http_date(lm)));
    }
    if res.compressible {
        headers.push(("vary".into(), "Accept-Encoding".into()));
    }
    let use_gzip = res.compressible && gzip_ok && !res.body.is_empty();
    let sent_etag =
        etag.as_ref().map(|t| if use_gzip { format!("\"{}-gzip\"", t.trim_matches('"')) } else { t.clone() });
    if let Some(t) = &sent_etag {
        headers.push(("etag".into(), t.clone()));
    }
    for (k, v) in &res.headers {
        headers.push(((*k).to_string(), v.clone()));
    }
    if res.status == 200 && res.validators {
        // If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2).
        let not_modified = match (if_none_match, if_modified_since) {
            (Some(inm), _) => etag.as_deref().is_some_and(|t| none_match(inm, t)),
            (None, Some(ims)) => match (dates::parse_http_date(ims), last_modified) {
                (Some(since), Some(lm)) => lm <= since,
                _ => false,
            },
            (None, None) => false,
        };
        if not_modified {
            headers.retain(|(k, _)| k != "content-type");
            return (304, headers, Bytes::new());
        }
    }
    let body = if use_gzip {
        headers.push(("content-encoding".into(), "gzip".into()));
        Bytes::from(gzip(&res.body))
    } else {
        res.body
    };
    (res.status, headers, body)
}

/// Leaves flight and records the status even when the client goes away mid-request.
struct Flight<'a> {
    log: &'a RequestLog,
    seq: u64,
    host: String,
    started: Instant,
    status: u16,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.log.finish(self.seq, &self.host, self.status, self.started.elapsed());
    }
}

fn response(status: u16, headers: Vec<(String, String)>, body: Bytes) -> Response<Full<Bytes>> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(k, v);
    }
    b.body(Full::new(body)).unwrap_or_else(|_| Response::new(Full::new(Bytes::from_static(b"bad response"))))
}

impl SynthWeb {
    /// Serves every site on `listener` until `shutdown` completes; open connections are then closed.
    /// URLs in pages and ground truth carry the listener's port from now on.
    pub async fn serve(self: Arc<Self>, listener: TcpListener, shutdown: impl Future) -> io::Result<()> {
        self.set_port(listener.local_addr()?.port());
        let mut shutdown = std::pin::pin!(shutdown);
        let mut conns = JoinSet::new();
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        let web = self.clone();
                        conns.spawn(async move {
                            let svc = service_fn(move |req| web.clone().handle(req));
                            let _ = http1::Builder::new()
                                .timer(TokioTimer::new())
                                .serve_connection(TokioIo::new(stream), svc)
                                .await;
                        });
                    }
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(error = %e, "synthweb accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
                Some(_) = conns.join_next(), if !conns.is_empty() => {}
            }
        }
        conns.abort_all();
        Ok(())
    }

    async fn handle(self: Arc<Self>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, HostDown> {
        let started = Instant::now();
        let header =
            |name: hyper::header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from);
        let raw_host =
            header(hyper::header::HOST).or_else(|| req.uri().authority().map(|a| a.to_string())).unwrap_or_default();
        let host = normalize_host(&raw_host);
        let path = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let if_none_match = header(hyper::header::IF_NONE_MATCH);
        let if_modified_since = header(hyper::header::IF_MODIFIED_SINCE);
        let accept_encoding = header(hyper::header::ACCEPT_ENCODING);
        let seq = self.log().start(RequestRecord {
            seq: 0,
            host: host.clone(),
            path: path.clone(),
            method: req.method().to_string(),
            at: started,
            if_none_match: if_none_match.clone(),
            if_modified_since: if_modified_since.clone(),
            user_agent: header(hyper::header::USER_AGENT),
            accept_encoding: accept_encoding.clone(),
            status: 0,
            elapsed: None,
        });
        let mut flight = Flight { log: self.log(), seq, host: host.clone(), started, status: 0 };

        let Some(site) = self.site_index(&host).map(|i| &self.sites()[i]) else {
            flight.status = 421;
            return Ok(response(
                421,
                vec![("content-type".into(), "text/plain; charset=utf-8".into())],
                Bytes::from_static(b"421 Misdirected Request: no site for this host\n"),
            ));
        };
        match faults::gate(&self, site, started) {
            Gate::Drop => return Err(HostDown),
            Gate::Answer(r) => {
                let (status, headers, body) = finalize(r, None, None, false);
                flight.status = status;
                return Ok(response(status, headers, body));
            }
            Gate::Pass => {}
        }
        if site.has(Trait::Slow) {
            tokio::time::sleep(self.config().slow_delay).await;
        }
        let resource = if req.method() == hyper::Method::GET || req.method() == hyper::Method::HEAD {
            let origin = format!("http://{}", raw_host.trim().to_ascii_lowercase());
            self.resolve(site, &origin, &path)
        } else {
            Resource::new(405, "text/plain; charset=utf-8", "405 Method Not Allowed\n").header("allow", "GET, HEAD")
        };
        let gzip_ok = accept_encoding.as_deref().is_some_and(accepts_gzip);
        let (status, headers, body) =
            finalize(resource, if_none_match.as_deref(), if_modified_since.as_deref(), gzip_ok);
        flight.status = status;
        Ok(response(status, headers, body))
    }
}

/// A web served on `127.0.0.1:<ephemeral>`; dropping it (or `stop`) closes the listener.
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    pub web: Arc<SynthWeb>,
    task: JoinHandle<io::Result<()>>,
}

impl Running {
    /// `http://host:port/path` for this server.
    pub fn url(&self, host: &str, path_and_query: &str) -> String {
        format!("http://{host}:{}{path_and_query}", self.addr.port())
    }

    /// Stops the server and waits for the listener to close.
    pub async fn stop(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `127.0.0.1:0` and serves `web` in a background task.
pub async fn start(web: Arc<SynthWeb>) -> io::Result<Running> {
    start_on(web, SocketAddr::from(([127, 0, 0, 1], 0))).await
}

/// Binds `addr` and serves `web` in a background task (the demo keeps one port across runs, so
/// the URLs it registered stay valid).
pub async fn start_on(web: Arc<SynthWeb>, addr: SocketAddr) -> io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    web.set_port(addr.port());
    let task = tokio::spawn(web.clone().serve(listener, std::future::pending::<Infallible>()));
    Ok(Running { addr, web, task })
}
