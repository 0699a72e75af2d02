//! A live WebDriver session: the session id plus the transport, shared by the browser and
//! every element so that elements can issue commands on their own.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};

use crate::element::Element;
use crate::error::Error;
use crate::wire::Wire;

/// The JSON key the W3C spec uses for element references ("web element identifier").
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Session id and transport; cheap to share through an `Arc`.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) wire: Wire,
    pub(crate) id: String,
}

impl Session {
    /// `GET /session/{id}{suffix}`.
    pub(crate) async fn get(&self, suffix: &str, label: &str) -> Result<Value, Error> {
        self.wire.call(Method::GET, &format!("/session/{}{suffix}", self.id), None, label).await
    }

    /// `POST /session/{id}{suffix}` with a JSON body (W3C requires a body even when empty).
    pub(crate) async fn post(&self, suffix: &str, body: Value, label: &str) -> Result<Value, Error> {
        self.wire.call(Method::POST, &format!("/session/{}{suffix}", self.id), Some(&body), label).await
    }

    /// Finds the first element matching `css` below `scope` (`""` for the document,
    /// `/element/{id}` for an element).
    pub(crate) async fn find(self: &Arc<Self>, scope: &str, css: &str) -> Result<Element, Error> {
        let label = format!("find({css:?})");
        let value = self.post(&format!("{scope}/element"), by_css(css), &label).await?;
        self.element(&value, &label)
    }

    /// Finds all elements matching `css` below `scope`.
    pub(crate) async fn find_all(self: &Arc<Self>, scope: &str, css: &str) -> Result<Vec<Element>, Error> {
        let label = format!("find_all({css:?})");
        let value = self.post(&format!("{scope}/elements"), by_css(css), &label).await?;
        let Value::Array(items) = value else {
            return Err(Error::Protocol {
                command: label,
                status: 200,
                detail: format!("expected array, got {value}"),
            });
        };
        items.iter().map(|item| self.element(item, &label)).collect()
    }

    /// Turns a `{ELEMENT_KEY: id}` reference into an [`Element`].
    pub(crate) fn element(self: &Arc<Self>, value: &Value, label: &str) -> Result<Element, Error> {
        match value.get(ELEMENT_KEY).and_then(Value::as_str) {
            Some(id) => Ok(Element::new(Arc::clone(self), id.to_owned())),
            None => Err(Error::Protocol {
                command: label.to_owned(),
                status: 200,
                detail: format!("expected an element reference, got {value}"),
            }),
        }
    }
}

fn by_css(css: &str) -> Value {
    json!({"using": "css selector", "value": css})
}
