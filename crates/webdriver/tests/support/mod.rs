//! A tiny HTTP/1.1 server for browser tests: fixed bodies, `Connection: close`, no dependencies.
//!
//! Reachable both as `http://127.0.0.1:PORT` and `http://localhost:PORT`, which the browser
//! treats as two origins, so one server can play a page and a cross-origin iframe.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One canned response.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    pub fn html(body: impl Into<String>) -> Self {
        Self { status: 200, content_type: "text/html; charset=utf-8", headers: Vec::new(), body: body.into() }
    }

    pub fn js(body: impl Into<String>) -> Self {
        Self { status: 200, content_type: "text/javascript; charset=utf-8", headers: Vec::new(), body: body.into() }
    }

    pub fn not_found() -> Self {
        Self { status: 404, content_type: "text/plain", headers: Vec::new(), body: "not found".into() }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Routes a request path (without query) to a reply; gets the server's port to build URLs.
pub type Router = fn(port: u16, path: &str) -> Reply;

/// The running server; stops when dropped.
pub struct Site {
    pub port: u16,
    task: JoinHandle<()>,
}

impl Site {
    pub async fn start(router: Router) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind test server");
        let port = listener.local_addr().expect("local addr").port();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, port, router));
            }
        });
        Self { port, task }
    }

    /// `path` on the first origin, `http://127.0.0.1:PORT`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, port: u16, router: Router) {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.lines().next().and_then(|line| line.split(' ').nth(1)).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let reply = router(port, path);
    let mut response = format!(
        "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&reply.body);
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
