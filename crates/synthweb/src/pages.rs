//! Content pages computed on demand from (seed, site, page index, edit count).
//!
//! Nothing here is stored: the server recomputes a page for every request, which is what lets a
//! web of a million pages cost only its site list in memory.

use chrono::{DateTime, Datelike, Duration as Days, FixedOffset, NaiveDate};

use crate::config::Config;
use crate::encodings::tcvn3;
use crate::model::{CharsetDeclaration, PageEncoding, PageKind, SiteKind, SiteSpec, Trait};
use crate::rng::{Rng, tag};
use crate::text::{self, Voice, capitalize, dates, decapitalize, phrases};

/// Page ids in URLs are the page index plus this, so ids look like CMS ids (100, 101...).
pub(crate) const ID_BASE: u64 = 100;

use PageKind::{LegalDocument as L, Media as M, News as N, Other as O, PublicService as S};
/// Kinds repeat with period 20 so that "the k-th page of a category" is arithmetic, not a scan.
const PATTERN: [PageKind; 20] = [N, L, S, M, L, N, N, O, N, O, N, L, N, S, N, L, N, N, O, N];

/// Page index holding the republished Government directive on every site that has one.
pub(crate) const DIRECTIVE_SLOT: u64 = 4;
/// Page indexes of the noindex pages on the sites with those traits.
pub(crate) const NOINDEX_HEADER_SLOT: u64 = 7;
pub(crate) const NOINDEX_META_SLOT: u64 = 9;

pub(crate) fn kind_of(j: u64) -> PageKind {
    PATTERN[(j % 20) as usize]
}

/// Number of pages of `kind` among the first `n`.
pub(crate) fn count_of(kind: PageKind, n: u64) -> u64 {
    let per_cycle = PATTERN.iter().filter(|k| **k == kind).count() as u64;
    let rest = PATTERN[..(n % 20) as usize].iter().filter(|k| **k == kind).count() as u64;
    (n / 20) * per_cycle + rest
}

/// Index of the `k`-th page (0-based, index order) of `kind`.
pub(crate) fn nth_of(kind: PageKind, k: u64) -> u64 {
    let positions: Vec<u64> = (0..20u64).filter(|i| PATTERN[*i as usize] == kind).collect();
    let per_cycle = positions.len() as u64;
    (k / per_cycle) * 20 + positions[(k % per_cycle) as usize]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoindexVia {
    Meta,
    Header,
}

/// A Government text republished by many portals: identical body, each portal's own chrome.
pub(crate) struct Directive {
    pub number: &'static str,
    pub doc_type: &'static str,
    pub issuer: &'static str,
    pub issued: (i32, u32, u32),
    pub effective_days: i64,
    pub signer: &'static str,
    pub abstract_text: &'static str,
}

/// Numbers are shaped like real ones; signers and bodies are invented.
pub(crate) const DIRECTIVES: [Directive; 3] = [
    Directive {
        number: "409/VPCP-TTDT",
        doc_type: "Công văn",
        issuer: "Văn phòng Chính phủ",
        issued: (2024, 3, 15),
        effective_days: 0,
        signer: "Trần Thị Bình",
        abstract_text: "Về việc tăng cường chia sẻ thông tin chỉ đạo, điều hành trên cổng thông tin điện tử",
    },
    Directive {
        number: "42/2022/NĐ-CP",
        doc_type: "Nghị định",
        issuer: "Chính phủ",
        issued: (2022, 6, 24),
        effective_days: 38,
        signer: "Nguyễn Văn An",
        abstract_text: "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
    },
    Directive {
        number: "05/CT-TTg",
        doc_type: "Chỉ thị",
        issuer: "Thủ tướng Chính phủ",
        issued: (2025, 2, 20),
        effective_days: 0,
        signer: "Lê Hoàng Cường",
        abstract_text: "Về việc tiếp tục đẩy mạnh cải cách thủ tục hành chính, phục vụ người dân, doanh nghiệp",
    },
];

/// What a content page is, before its text is generated or rendered.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub j: u64,
    pub id: u64,
    pub kind: PageKind,
    pub title: String,
    pub slug: String,
    pub published: DateTime<FixedOffset>,
    pub modified: DateTime<FixedOffset>,
    pub edits: u32,
    /// Liferay portals split news into a public and an internal sub-section.
    pub news_public: bool,
    pub directive: Option<usize>,
    pub noindex: Option<NoindexVia>,
    pub in_sitemap: bool,
    pub encoding: PageEncoding,
    pub charset: CharsetDeclaration,
}

#[derive(Debug, Clone)]
pub(crate) struct Legal {
    pub number: String,
    pub doc_type: String,
    pub issuer: String,
    pub issued: NaiveDate,
    pub effective: NaiveDate,
    pub signer: String,
    pub signer_position: String,
    pub abstract_text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Service {
    pub code: String,
    pub field: String,
    pub agency: String,
    pub days: u64,
    pub fee: String,
    pub documents: Vec<String>,
}

/// Main text of a page; `paragraphs[0]` is the lead (sapo).
#[derive(Debug, Clone)]
pub(crate) struct Content {
    pub paragraphs: Vec<String>,
    pub legal: Option<Legal>,
    pub service: Option<Service>,
}

fn place(site: &SiteSpec) -> String {
    match site.kind {
        SiteKind::Ministry => site.unit_name.clone(),
        _ => decapitalize(&site.unit_name),
    }
}

pub(crate) fn directive_of(config: &Config, site: &SiteSpec) -> Option<usize> {
    if config.pages_per_site as u64 <= DIRECTIVE_SLOT || site.has(Trait::Tcvn3) {
        return None;
    }
    Some(site.index % DIRECTIVES.len())
}

fn published_at(config: &Config, site: &SiteSpec, j: u64, directive: Option<usize>) -> DateTime<FixedOffset> {
    let mut rng = Rng::new(&[config.seed, tag("date"), site.index as u64, j]);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date");
    let minute = 7 * 60 + rng.below(11 * 60) as u32;
    let day = if let Some(d) = directive {
        let (y, m, dd) = DIRECTIVES[d].issued;
        let issued = NaiveDate::from_ymd_opt(y, m, dd).expect("valid date");
        // Old texts are republished in 2024 when they come back on the agenda.
        let base = if issued < start { start + Days::days(40) } else { issued };
        return dates::at(base + Days::days(1 + rng.below(3) as i64), minute);
    } else {
        let n = config.pages_per_site.max(1) as u64;
        let slot = (730 / n).max(1);
        ((j * 730 / n) + rng.below(slot)).min(730)
    };
    dates::at(start + Days::days(day as i64), minute)
}

pub(crate) fn page(config: &Config, site: &SiteSpec, j: u64, edits: u32) -> Page {
    let kind = kind_of(j);
    let directive = if j == DIRECTIVE_SLOT { directive_of(config, site) } else { None };
    let published = published_at(config, site, j, directive);
    let year = published.year();
    let mut rng = Rng::new(&[config.seed, tag("title"), site.index as u64, j]);
    let v = Voice { place: &place(site), ministry: site.kind == SiteKind::Ministry };
    let title = match (kind, directive) {
        (_, Some(d)) => {
            let dir = &DIRECTIVES[d];
            format!("{} số {} {}", dir.doc_type, dir.number, decapitalize(dir.abstract_text))
        }
        (PageKind::News, _) => text::news_title(&mut rng, v, year),
        (PageKind::LegalDocument, _) => {
            let l = legal(config, site, j, published);
            format!("{} số {} {}", l.doc_type, l.number, decapitalize(&l.abstract_text))
        }
        (PageKind::PublicService, _) => {
            let (name, _) = rng.pick(phrases::SERVICES);
            format!("Thủ tục {}", decapitalize(name))
        }
        (PageKind::Media, _) => {
            let prefix = rng.pick(phrases::MEDIA_PREFIXES);
            format!("{prefix}: {}", text::news_title(&mut rng, v, year))
        }
        (PageKind::Other, _) => {
            let k = count_of(PageKind::Other, j);
            let base = phrases::OTHER_TITLES[(k as usize) % phrases::OTHER_TITLES.len()];
            let round = k as usize / phrases::OTHER_TITLES.len();
            if round == 0 { base.to_string() } else { format!("{base} (phần {})", round + 1) }
        }
    };
    let title = if site.has(Trait::Tcvn3) { tcvn3::representable(&title) } else { title };
    let slug = text::slug(&title, 10);
    let noindex = if site.has(Trait::NoindexMeta) && j == NOINDEX_META_SLOT {
        Some(NoindexVia::Meta)
    } else if site.has(Trait::NoindexHeader) && j == NOINDEX_HEADER_SLOT {
        Some(NoindexVia::Header)
    } else {
        None
    };
    let (encoding, charset) = if site.has(Trait::Windows1258) {
        (
            PageEncoding::Windows1258,
            if j.is_multiple_of(2) { CharsetDeclaration::Header } else { CharsetDeclaration::MetaOnly },
        )
    } else if site.has(Trait::Tcvn3) {
        (
            PageEncoding::Tcvn3,
            if j.is_multiple_of(2) { CharsetDeclaration::None } else { CharsetDeclaration::WrongMeta },
        )
    } else {
        (PageEncoding::Utf8, CharsetDeclaration::Header)
    };
    Page {
        j,
        id: j + ID_BASE,
        kind,
        title,
        slug,
        published,
        modified: published + Days::days(i64::from(edits)),
        edits,
        news_public: j % 3 != 2,
        directive,
        noindex,
        // Real portals list only part of their pages in sitemaps: link following matters.
        in_sitemap: j % 4 != 3,
        encoding,
        charset,
    }
}

fn legal(config: &Config, site: &SiteSpec, j: u64, published: DateTime<FixedOffset>) -> Legal {
    let mut rng = Rng::new(&[config.seed, tag("legal"), site.index as u64, j]);
    let issued = published.date_naive() - Days::days(rng.below(6) as i64);
    let effective = issued + Days::days(rng.below(16) as i64);
    let n = rng.range(1, 2500);
    let y = issued.year();
    let abbr = &site.abbr;
    let (doc_type, number) = match site.kind {
        SiteKind::Ministry => rng
            .pick(&[
                ("Thông tư", format!("{n}/{y}/TT-{abbr}")),
                ("Quyết định", format!("{n}/QĐ-{abbr}")),
                ("Công văn", format!("{n}/{abbr}-VP")),
                ("Chỉ thị", format!("{n}/CT-{abbr}")),
            ])
            .clone(),
        SiteKind::Province => rng
            .pick(&[
                ("Quyết định", format!("{n}/QĐ-UBND")),
                ("Quyết định", format!("{n}/{y}/QĐ-UBND")),
                ("Kế hoạch", format!("{n}/KH-UBND")),
                ("Công văn", format!("{n}/UBND-VX")),
                ("Chỉ thị", format!("{n}/CT-UBND")),
                ("Nghị quyết", format!("{n}/{y}/NQ-HĐND")),
            ])
            .clone(),
        SiteKind::Commune => rng
            .pick(&[
                ("Quyết định", format!("{n}/QĐ-UBND")),
                ("Thông báo", format!("{n}/TB-UBND")),
                ("Kế hoạch", format!("{n}/KH-UBND")),
            ])
            .clone(),
    };
    let issuer = match site.kind {
        SiteKind::Ministry => site.unit_name.clone(),
        _ => format!("Ủy ban nhân dân {}", decapitalize(&site.unit_name)),
    };
    let positions: &[&str] = match site.kind {
        SiteKind::Ministry => &["Bộ trưởng", "Thứ trưởng"],
        _ => &["Chủ tịch", "Phó Chủ tịch"],
    };
    let v = Voice { place: &place(site), ministry: site.kind == SiteKind::Ministry };
    let template = *rng.pick(phrases::LEGAL_ABSTRACTS);
    let abstract_text = text::fill(&mut rng, template, v, y);
    let tcvn = site.has(Trait::Tcvn3);
    let fix = |s: String| if tcvn { tcvn3::representable(&s) } else { s };
    Legal {
        number,
        doc_type: doc_type.to_string(),
        issuer: fix(issuer),
        issued,
        effective,
        signer: rng.pick(phrases::PERSONS).to_string(),
        signer_position: rng.pick(positions).to_string(),
        abstract_text: fix(abstract_text),
    }
}

fn directive_legal(d: usize) -> Legal {
    let dir = &DIRECTIVES[d];
    let issued = NaiveDate::from_ymd_opt(dir.issued.0, dir.issued.1, dir.issued.2).expect("valid date");
    Legal {
        number: dir.number.into(),
        doc_type: dir.doc_type.into(),
        issuer: dir.issuer.into(),
        issued,
        effective: issued + Days::days(dir.effective_days),
        signer: dir.signer.into(),
        signer_position: "Thủ tướng".into(),
        abstract_text: dir.abstract_text.into(),
    }
}

pub(crate) fn content(config: &Config, site: &SiteSpec, page: &Page) -> Content {
    let year = page.published.year();
    let v = Voice { place: &place(site), ministry: site.kind == SiteKind::Ministry };
    let mut legal_info = None;
    let mut service = None;
    let mut paragraphs = if let Some(d) = page.directive {
        // Seeded by the directive alone: byte-identical on every portal that republishes it.
        let mut rng = Rng::new(&[config.seed, tag("directive"), d as u64]);
        let v = Voice { place: "các bộ, ngành, địa phương", ministry: false };
        legal_info = Some(directive_legal(d));
        let mut ps = vec![format!("{} {}.", DIRECTIVES[d].doc_type, decapitalize(DIRECTIVES[d].abstract_text))];
        ps.extend(text::paragraphs(&mut rng, v, DIRECTIVES[d].issued.0, 5));
        ps
    } else {
        let mut rng = Rng::new(&[config.seed, tag("body"), site.index as u64, page.j]);
        match page.kind {
            PageKind::News | PageKind::Media => {
                let mut ps = vec![text::sentence(&mut rng, v, year)];
                let count = if page.kind == PageKind::News { rng.range(4, 6) } else { 2 };
                ps.extend(text::paragraphs(&mut rng, v, year, count as usize));
                ps
            }
            PageKind::LegalDocument => {
                let l = legal(config, site, page.j, page.published);
                let mut ps = vec![format!("{}.", l.abstract_text)];
                ps.extend(text::paragraphs(&mut rng, v, year, 2));
                legal_info = Some(l);
                ps
            }
            PageKind::PublicService => {
                let mut trng = Rng::new(&[config.seed, tag("title"), site.index as u64, page.j]);
                let (_, field) = trng.pick(phrases::SERVICES);
                let agency = match site.kind {
                    SiteKind::Ministry => site.unit_name.clone(),
                    _ => format!("Ủy ban nhân dân {}", decapitalize(&site.unit_name)),
                };
                let docs = (0..rng.range(2, 4)).map(|i| phrases::SERVICE_DOCUMENTS[i as usize].to_string()).collect();
                service = Some(Service {
                    code: format!("1.{:06}", rng.range(1000, 13000)),
                    field: field.to_string(),
                    agency,
                    days: rng.range(1, 20),
                    fee: rng.pick(&["Không", "10.000 đồng/hồ sơ", "50.000 đồng/hồ sơ"]).to_string(),
                    documents: docs,
                });
                vec![
                    format!("{} được thực hiện theo hình thức dịch vụ công trực tuyến toàn trình.", capitalize(&page.title)),
                    "Bước 1: Người yêu cầu chuẩn bị hồ sơ theo quy định và nộp trực tuyến trên Cổng Dịch vụ công quốc gia hoặc tại Bộ phận Một cửa.".to_string(),
                    "Bước 2: Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ và hướng dẫn bổ sung nếu cần.".to_string(),
                    "Bước 3: Trả kết quả giải quyết thủ tục hành chính cho người yêu cầu.".to_string(),
                ]
            }
            PageKind::Other => text::paragraphs(&mut rng, v, year, 3),
        }
    };
    for k in 1..=page.edits {
        let mut rng = Rng::new(&[config.seed, tag("edit"), site.index as u64, page.j, u64::from(k)]);
        paragraphs.push(format!("Cập nhật lần {k}: {}", text::sentence(&mut rng, v, year)));
    }
    if site.has(Trait::Tcvn3) {
        paragraphs = paragraphs.iter().map(|p| tcvn3::representable(p)).collect();
    }
    Content { paragraphs, legal: legal_info, service }
}

/// Text drawn into the PDF attachment of a legal document (ASCII: the standard PDF fonts have no
/// Vietnamese glyphs, and embedding a font would make the file large).
pub(crate) fn pdf_lines(l: &Legal) -> Vec<String> {
    vec![
        text::fold(&l.issuer).to_uppercase(),
        format!("So: {}", text::fold(&l.number)),
        text::fold(&l.doc_type).to_uppercase(),
        text::fold(&l.abstract_text),
        format!("Ngay ban hanh: {}", dates::short_date(l.issued)),
        format!("{} {}", text::fold(&l.signer_position), text::fold(&l.signer)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_arithmetic_matches_a_scan() {
        for kind in [N, L, S, M, O] {
            let scan: Vec<u64> = (0..200).filter(|j| kind_of(*j) == kind).collect();
            assert_eq!(count_of(kind, 200), scan.len() as u64);
            assert_eq!(count_of(kind, 37), scan.iter().filter(|j| **j < 37).count() as u64);
            for (k, j) in scan.iter().enumerate() {
                assert_eq!(nth_of(kind, k as u64), *j);
            }
        }
    }
}
