//! The browser handle: navigation, scripts, lookups, frames, screenshots and the console log.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::process::Child;

use crate::element::Element;
use crate::error::{Error, cap};
use crate::log::LogEntry;
use crate::session::Session;

/// How often [`Browser::wait_for`] re-evaluates its condition.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// A headless Chromium session driven through its own chromedriver process.
///
/// Call [`Browser::quit`] when done; if the handle is dropped instead (e.g. a test panicked),
/// `Drop` still deletes the session (so Chromium exits and its temporary profile is removed)
/// and kills chromedriver.
#[derive(Debug)]
pub struct Browser {
    session: Arc<Session>,
    driver: Option<Child>,
}

impl Browser {
    pub(crate) fn new(session: Session, driver: Child) -> Self {
        Self { session: Arc::new(session), driver: Some(driver) }
    }

    /// The WebDriver session id.
    pub fn session_id(&self) -> &str {
        &self.session.id
    }

    /// Navigates the top-level context to `url` and waits for its load event.
    pub async fn goto(&self, url: &str) -> Result<(), Error> {
        self.session.post("/url", json!({ "url": url }), &format!("goto({url:?})")).await.map(drop)
    }

    /// The top-level context's URL.
    pub async fn current_url(&self) -> Result<String, Error> {
        let value = self.session.get("/url", "current_url").await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// The document title of the top-level context.
    pub async fn title(&self) -> Result<String, Error> {
        let value = self.session.get("/title", "title").await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Runs `script` as a function body in the current frame (`arguments[i]` are `args`) and
    /// returns what it `return`s. Elements in `args` (via [`Element::as_arg`]) arrive as DOM
    /// nodes; DOM nodes returned come back as element references (see [`Browser::element_from`]).
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        let label = format!("execute({:?})", cap(script));
        self.session.post("/execute/sync", json!({ "script": script, "args": args }), &label).await
    }

    /// Like [`Browser::execute`], but the script finishes by calling its last argument
    /// (`arguments[arguments.length - 1](result)`), e.g. after a `fetch`.
    pub async fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        let label = format!("execute_async({:?})", cap(script));
        self.session.post("/execute/async", json!({ "script": script, "args": args }), &label).await
    }

    /// Turns an element reference returned by a script into an [`Element`].
    pub fn element_from(&self, value: &Value) -> Result<Element, Error> {
        self.session.element(value, "element_from")
    }

    /// The first element in the current frame matching `css`; `no such element` if none.
    pub async fn find(&self, css: &str) -> Result<Element, Error> {
        self.session.find("", css).await
    }

    /// All elements in the current frame matching `css` (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>, Error> {
        self.session.find_all("", css).await
    }

    /// Makes the `<iframe>`/`<frame>` `frame` the current browsing context for later commands.
    pub async fn switch_to_frame(&self, frame: &Element) -> Result<(), Error> {
        self.session.post("/frame", json!({ "id": frame.as_arg() }), "switch_to_frame").await.map(drop)
    }

    /// Makes the parent of the current frame the current browsing context.
    pub async fn switch_to_parent_frame(&self) -> Result<(), Error> {
        self.session.post("/frame/parent", json!({}), "switch_to_parent_frame").await.map(drop)
    }

    /// Makes the top-level document the current browsing context again.
    pub async fn switch_to_default(&self) -> Result<(), Error> {
        self.session.post("/frame", json!({ "id": null }), "switch_to_default").await.map(drop)
    }

    /// A PNG of the viewport.
    pub async fn screenshot_png(&self) -> Result<Vec<u8>, Error> {
        let value = self.session.get("/screenshot", "screenshot").await?;
        let encoded = value.as_str().unwrap_or_default();
        base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|e| Error::Protocol {
            command: "screenshot".into(),
            status: 200,
            detail: format!("screenshot is not base64: {e}"),
        })
    }

    /// Takes a screenshot and writes it to `path` (parent directories are created), so a
    /// failing test can leave a picture behind.
    pub async fn save_screenshot(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let png = self.screenshot_png().await?;
        let io = |source| Error::Io { what: format!("writing screenshot {}", path.display()), source };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(parent).await.map_err(io)?;
        }
        tokio::fs::write(path, png).await.map_err(io)
    }

    /// Browser log entries (console messages, CSP violations, failed loads) from all frames
    /// since the previous call: chromedriver hands each entry out only once.
    ///
    /// Uses chromedriver's legacy `POST /se/log`, falling back to the older `POST /log`;
    /// W3C WebDriver itself has no log command.
    pub async fn browser_log(&self) -> Result<Vec<LogEntry>, Error> {
        let body = json!({ "type": "browser" });
        let value = match self.session.post("/se/log", body.clone(), "browser_log").await {
            Ok(value) => value,
            Err(_) => self.session.post("/log", body, "browser_log").await?,
        };
        match value {
            Value::Array(items) => Ok(items.iter().map(LogEntry::from_value).collect()),
            other => Err(Error::Protocol {
                command: "browser_log".into(),
                status: 200,
                detail: format!("expected array, got {}", cap(&other.to_string())),
            }),
        }
    }

    /// Polls the function body `script` (e.g. `return document.querySelectorAll('li').length > 3`)
    /// in the current frame every 100 ms until it returns `true`; anything else keeps waiting.
    /// Script errors end the wait immediately.
    pub async fn wait_for(&self, script: &str, timeout: Duration) -> Result<(), Error> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.execute(script, Vec::new()).await?;
            if value == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                let what = format!("`{}` to return true (last value: {})", cap(script), cap(&value.to_string()));
                return Err(Error::Timeout { what, timeout });
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Resizes the window (outer size, in CSS pixels).
    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<(), Error> {
        let label = format!("set_window_size({width}, {height})");
        self.session.post("/window/rect", json!({ "width": width, "height": height }), &label).await.map(drop)
    }

    /// Ends the session (Chromium exits and its profile is removed) and stops chromedriver.
    pub async fn quit(mut self) -> Result<(), Error> {
        let path = format!("/session/{}", self.session.id);
        let deleted = self.session.wire.call(Method::DELETE, &path, None, "quit").await;
        if let Some(mut driver) = self.driver.take() {
            // The driver may already be gone; nothing useful to do about a failed kill.
            let _ = driver.kill().await;
        }
        deleted.map(drop)
    }
}

impl Drop for Browser {
    /// Best effort when `quit` was not called: `Drop` cannot await, so the session is deleted
    /// with a blocking request on loopback before chromedriver is killed. Without the delete,
    /// killing chromedriver would leave Chromium's temporary profile directory behind.
    fn drop(&mut self) {
        let Some(mut driver) = self.driver.take() else { return };
        delete_session_blocking(self.session.wire.authority(), &self.session.id);
        let _ = driver.start_kill();
    }
}

/// Sends `DELETE /session/{id}` over a plain socket and waits (bounded) for the answer.
fn delete_session_blocking(authority: &str, id: &str) {
    let Ok(mut stream) = TcpStream::connect(authority) else { return };
    let timeout = Some(Duration::from_secs(10));
    let _ = stream.set_read_timeout(timeout);
    let _ = stream.set_write_timeout(timeout);
    let request = format!("DELETE /session/{id} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    }
}
