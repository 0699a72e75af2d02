//! Colours a box may use: only `#rgb` / `#rrggbb`, so nothing but a colour
//! can reach the box's stylesheet, and the WCAG 2 contrast ratio the builder
//! enforces (4.5:1 for normal text, success criterion 1.4.3).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An sRGB colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Color(pub [u8; 3]);

/// Text must stand out this much from its background.
pub const MIN_CONTRAST: f64 = 4.5;

impl Color {
    /// Parses `#rgb` or `#rrggbb` (any case, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Color> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Color([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            6 => {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Color([byte(0)?, byte(2)?, byte(4)?]))
            }
            _ => None,
        }
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl TryFrom<String> for Color {
    type Error = String;
    fn try_from(s: String) -> Result<Color, String> {
        Color::parse(&s)
            .ok_or_else(|| format!("«{}» không phải mã màu #RRGGBB", s.chars().take(40).collect::<String>()))
    }
}

impl From<Color> for String {
    fn from(c: Color) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_hex_colours() {
        assert_eq!(Color::parse("#C00"), Some(Color([0xcc, 0, 0])));
        assert_eq!(Color::parse(" #1a2B3c "), Some(Color([0x1a, 0x2b, 0x3c])));
        for hostile in
            ["red", "#12345", "#1234567", "#ggg", "", "#fff;}body{x:y", "url(javascript:alert(1))", "#ｆｆｆ"]
        {
            assert_eq!(Color::parse(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let white = Color([255, 255, 255]);
        let black = Color([0, 0, 0]);
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic "just passes" grey (4.54:1).
        let grey = Color::parse("#767676").unwrap();
        assert!(grey.contrast(white) > MIN_CONTRAST && grey.contrast(white) < 4.6);
        let lighter = Color::parse("#777777").unwrap();
        assert!(lighter.contrast(white) < MIN_CONTRAST);
    }
}
