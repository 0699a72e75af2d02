//! A reference to a DOM element in the current browsing context.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::error::Error;
use crate::session::{ELEMENT_KEY, Session};
use crate::wire::segment;

/// An element's position and size in CSS pixels, relative to the top-level viewport origin.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A DOM element found via [`crate::Browser::find`] or [`Element::find`].
///
/// Serialises to the W3C element reference `{"element-6066-11e4-a52e-4f735466cecf": id}`, so it
/// can be passed to [`crate::Browser::execute`] (see [`Element::as_arg`]) where the script
/// receives the live DOM node.
#[derive(Debug, Clone)]
pub struct Element {
    session: Arc<Session>,
    id: String,
}

impl Element {
    pub(crate) fn new(session: Arc<Session>, id: String) -> Self {
        Self { session, id }
    }

    /// The driver's opaque id for this element.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The element as a script argument: `{"element-6066-11e4-a52e-4f735466cecf": id}`.
    pub fn as_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    fn path(&self, suffix: &str) -> String {
        format!("/element/{}{suffix}", self.id)
    }

    /// Clicks the element's centre (scrolling it into view first), like a user would.
    pub async fn click(&self) -> Result<(), Error> {
        self.session.post(&self.path("/click"), json!({}), "click").await.map(drop)
    }

    /// The rendered, visible text (as `innerText`, not `textContent`).
    pub async fn text(&self) -> Result<String, Error> {
        let value = self.session.get(&self.path("/text"), "text").await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// The attribute's value, or `None` when it is absent.
    pub async fn attr(&self, name: &str) -> Result<Option<String>, Error> {
        let label = format!("attr({name:?})");
        let value = self.session.get(&self.path(&format!("/attribute/{}", segment(name))), &label).await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// The DOM property's current value (e.g. `value` of an input, `checked`).
    pub async fn property(&self, name: &str) -> Result<Value, Error> {
        let label = format!("property({name:?})");
        self.session.get(&self.path(&format!("/property/{}", segment(name))), &label).await
    }

    /// The computed CSS value, e.g. `css_value("color")` → `"rgba(0, 0, 0, 1)"`.
    pub async fn css_value(&self, property: &str) -> Result<String, Error> {
        let label = format!("css_value({property:?})");
        let value = self.session.get(&self.path(&format!("/css/{}", segment(property))), &label).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Types `text` into the element (focusing it first).
    pub async fn send_keys(&self, text: &str) -> Result<(), Error> {
        self.session.post(&self.path("/value"), json!({ "text": text }), "send_keys").await.map(drop)
    }

    /// Clears an editable element.
    pub async fn clear(&self) -> Result<(), Error> {
        self.session.post(&self.path("/clear"), json!({}), "clear").await.map(drop)
    }

    /// Position and size.
    pub async fn rect(&self) -> Result<Rect, Error> {
        let value = self.session.get(&self.path("/rect"), "rect").await?;
        serde_json::from_value(value.clone()).map_err(|e| Error::Protocol {
            command: "rect".into(),
            status: 200,
            detail: format!("{e}: {value}"),
        })
    }

    /// The first descendant matching `css`.
    pub async fn find(&self, css: &str) -> Result<Element, Error> {
        self.session.find(&self.path(""), css).await
    }

    /// All descendants matching `css`.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>, Error> {
        self.session.find_all(&self.path(""), css).await
    }
}

impl Serialize for Element {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(ELEMENT_KEY, &self.id)?;
        map.end()
    }
}
