//! Vietnamese text: phrase banks, sentence assembly, date formats, ASCII folding for slugs.

pub(crate) mod dates;
pub(crate) mod phrases;

use unicode_normalization::UnicodeNormalization;

use crate::rng::Rng;
use phrases::*;

/// Who is speaking: a unit phrase usable mid-sentence ("tỉnh Thanh Hóa", "Bộ Tài chính").
#[derive(Debug, Clone, Copy)]
pub(crate) struct Voice<'a> {
    pub place: &'a str,
    pub ministry: bool,
}

/// Replaces placeholders with picks from the banks.
pub(crate) fn fill(rng: &mut Rng, template: &str, voice: Voice<'_>, year: i32) -> String {
    let mut out = template.to_string();
    // Positions contain {place}, so they go in before it.
    if out.contains("{position}") {
        let positions = if voice.ministry { MINISTRY_POSITIONS } else { LOCAL_POSITIONS };
        let position = *rng.pick::<&str>(positions);
        out = out.replace("{position}", position);
    }
    if out.contains("{topic}") {
        let topic = *rng.pick::<&str>(TOPICS);
        out = out.replace("{topic}", topic);
    }
    out = out.replace("{place}", voice.place);
    if out.contains("{person}") {
        let person = *rng.pick::<&str>(PERSONS);
        out = out.replace("{person}", person);
    }
    let n = rng.range(3, 60);
    let m = n + rng.range(1, 90);
    out = out.replace("{n}", &n.to_string()).replace("{m}", &m.to_string());
    out = out.replace("{p}", &rng.range(70, 99).to_string()).replace("{q}", &rng.range(1, 15).to_string());
    out = out.replace("{year}", &year.to_string());
    if out.contains("{date}") {
        let d = chrono::NaiveDate::from_ymd_opt(year, rng.range(1, 12) as u32, 15).expect("valid date");
        out = out.replace("{date}", &dates::long_date(d));
    }
    out
}

pub(crate) fn news_title(rng: &mut Rng, voice: Voice<'_>, year: i32) -> String {
    let subjects = if voice.ministry { MINISTRY_SUBJECTS } else { LOCAL_SUBJECTS };
    let template = format!("{} {}", rng.pick(subjects), rng.pick(ACTIONS));
    capitalize(&fill(rng, &template, voice, year))
}

pub(crate) fn sentence(rng: &mut Rng, voice: Voice<'_>, year: i32) -> String {
    let t = *rng.pick(SENTENCES);
    capitalize(&fill(rng, t, voice, year))
}

/// `count` paragraphs of two to four sentences.
pub(crate) fn paragraphs(rng: &mut Rng, voice: Voice<'_>, year: i32, count: usize) -> Vec<String> {
    (0..count)
        .map(|_| {
            let n = rng.range(2, 4);
            (0..n).map(|_| sentence(rng, voice, year)).collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Upper-cases the first letter (precomposed letters stay precomposed).
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter: "Tỉnh Thanh Hóa" → "tỉnh Thanh Hóa".
pub(crate) fn decapitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// ASCII folding: tone and vowel marks removed, đ → d.
pub(crate) fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// URL slug of at most `max_words` words: "Hội nghị chuyển đổi số" → "hoi-nghi-chuyen-doi-so".
pub(crate) fn slug(s: &str, max_words: usize) -> String {
    let folded = fold(s).to_ascii_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
        .collect::<Vec<_>>()
        .join("-")
}

/// Host label: "Thanh Hóa" → "thanhhoa".
pub(crate) fn host_label(s: &str) -> String {
    fold(s).to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// Minimal HTML escaping for text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    #[test]
    fn slugs_and_folding() {
        assert_eq!(
            slug("Hội nghị triển khai chuyển đổi số, năm 2024", 10),
            "hoi-nghi-trien-khai-chuyen-doi-so-nam-2024"
        );
        assert_eq!(host_label("Đà Nẵng"), "danang");
        assert_eq!(fold("Quyết định số 123/QĐ-UBND"), "Quyet dinh so 123/QD-UBND");
    }

    #[test]
    fn banks_are_nfc() {
        let all =
            [LOCAL_SUBJECTS, MINISTRY_SUBJECTS, ACTIONS, TOPICS, SENTENCES, PERSONS, LEGAL_ABSTRACTS, OTHER_TITLES];
        for bank in all {
            for s in bank {
                assert!(is_nfc(s), "{s} is not NFC");
            }
        }
        let mut rng = Rng::new(&[7]);
        let voice = Voice { place: "tỉnh Thanh Hóa", ministry: false };
        for _ in 0..50 {
            let t = news_title(&mut rng, voice, 2024);
            assert!(is_nfc(&t));
            assert!(!t.contains('{'), "{t}");
            let p = paragraphs(&mut rng, voice, 2024, 2).join(" ");
            assert!(!p.contains('{'), "{p}");
        }
    }
}
