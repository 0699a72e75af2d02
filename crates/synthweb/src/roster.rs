//! The list of sites: hand-assigned feature sites first, then generic sites drawn from the
//! register (14 ministries, 34 provinces, 3,321 communes of the 2025 reform), then invented
//! communes once the real ones run out.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::config::Config;
use crate::model::{SiteKind, SiteSpec, SitemapShape, Style, Trait};
use crate::rng::{Rng, tag};
use crate::text::{decapitalize, host_label};

/// How many hand-assigned feature sites lead the list when `Config::feature_sites` is set.
pub const FEATURE_SITE_COUNT: usize = 11;

/// Current communes (code, name, province code), from ketnoi's register data.
const COMMUNES_TSV: &str = include_str!("../data/communes.tsv");

pub(crate) const PROVINCES: &[(&str, &str)] = &[
    ("01", "Thành phố Hà Nội"),
    ("04", "Tỉnh Cao Bằng"),
    ("08", "Tỉnh Tuyên Quang"),
    ("11", "Tỉnh Điện Biên"),
    ("12", "Tỉnh Lai Châu"),
    ("14", "Tỉnh Sơn La"),
    ("15", "Tỉnh Lào Cai"),
    ("19", "Tỉnh Thái Nguyên"),
    ("20", "Tỉnh Lạng Sơn"),
    ("22", "Tỉnh Quảng Ninh"),
    ("24", "Tỉnh Bắc Ninh"),
    ("25", "Tỉnh Phú Thọ"),
    ("31", "Thành phố Hải Phòng"),
    ("33", "Tỉnh Hưng Yên"),
    ("37", "Tỉnh Ninh Bình"),
    ("38", "Tỉnh Thanh Hóa"),
    ("40", "Tỉnh Nghệ An"),
    ("42", "Tỉnh Hà Tĩnh"),
    ("44", "Tỉnh Quảng Trị"),
    ("46", "Thành phố Huế"),
    ("48", "Thành phố Đà Nẵng"),
    ("51", "Tỉnh Quảng Ngãi"),
    ("52", "Tỉnh Gia Lai"),
    ("56", "Tỉnh Khánh Hòa"),
    ("66", "Tỉnh Đắk Lắk"),
    ("68", "Tỉnh Lâm Đồng"),
    ("75", "Tỉnh Đồng Nai"),
    ("79", "Thành phố Hồ Chí Minh"),
    ("80", "Tỉnh Tây Ninh"),
    ("82", "Tỉnh Đồng Tháp"),
    ("86", "Tỉnh Vĩnh Long"),
    ("91", "Tỉnh An Giang"),
    ("92", "Thành phố Cần Thơ"),
    ("96", "Tỉnh Cà Mau"),
];

/// (register id, name, host, document-number abbreviation)
pub(crate) const MINISTRIES: &[(&str, &str, &str, &str)] = &[
    ("bo-tai-chinh", "Bộ Tài chính", "mof.gov.vn", "BTC"),
    ("bo-y-te", "Bộ Y tế", "moh.gov.vn", "BYT"),
    ("bo-giao-duc-va-dao-tao", "Bộ Giáo dục và Đào tạo", "moet.gov.vn", "BGDĐT"),
    ("bo-quoc-phong", "Bộ Quốc phòng", "mod.gov.vn", "BQP"),
    ("bo-cong-an", "Bộ Công an", "bocongan.gov.vn", "BCA"),
    ("bo-ngoai-giao", "Bộ Ngoại giao", "mofa.gov.vn", "BNG"),
    ("bo-noi-vu", "Bộ Nội vụ", "moha.gov.vn", "BNV"),
    ("bo-tu-phap", "Bộ Tư pháp", "moj.gov.vn", "BTP"),
    ("bo-cong-thuong", "Bộ Công Thương", "moit.gov.vn", "BCT"),
    ("bo-xay-dung", "Bộ Xây dựng", "moc.gov.vn", "BXD"),
    ("bo-van-hoa-the-thao-va-du-lich", "Bộ Văn hóa, Thể thao và Du lịch", "bvhttdl.gov.vn", "BVHTTDL"),
    ("bo-khoa-hoc-va-cong-nghe", "Bộ Khoa học và Công nghệ", "mst.gov.vn", "BKHCN"),
    ("bo-nong-nghiep-va-moi-truong", "Bộ Nông nghiệp và Môi trường", "mae.gov.vn", "BNNMT"),
    ("bo-dan-toc-va-ton-giao", "Bộ Dân tộc và Tôn giáo", "bdttg.gov.vn", "BDTTG"),
];

struct Unit {
    id: String,
    name: String,
    province: String,
    kind: SiteKind,
    real: bool,
}

fn province_name(code: &str) -> &'static str {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n).unwrap_or("Tỉnh Thanh Hóa")
}

/// "Tỉnh Thanh Hóa" → "thanhhoa"; "Thành phố Hồ Chí Minh" → "hochiminh".
pub(crate) fn province_label(code: &str) -> String {
    let name = province_name(code);
    host_label(name.trim_start_matches("Thành phố ").trim_start_matches("Tỉnh "))
}

fn commune_label(name: &str) -> String {
    host_label(name.trim_start_matches("Phường ").trim_start_matches("Xã ").trim_start_matches("Đặc khu "))
}

fn portal_name(kind: SiteKind, unit_name: &str) -> String {
    match kind {
        SiteKind::Ministry => format!("Cổng Thông tin điện tử {unit_name}"),
        SiteKind::Province => format!("Cổng Thông tin điện tử {}", decapitalize(unit_name)),
        SiteKind::Commune => format!("Trang thông tin điện tử {}", decapitalize(unit_name)),
    }
}

struct FeatureSite {
    kind: SiteKind,
    id: &'static str,
    name: &'static str,
    province: &'static str,
    host: &'static str,
    abbr: &'static str,
    style: Style,
    crawl_delay_ms: u64,
    sitemap: SitemapShape,
    traits: &'static [Trait],
}

/// The feature sites: each failure mode, encoding and sitemap shape lives on exactly one of them,
/// so a test that fails names the behaviour.
const FEATURE_SITES: [FeatureSite; FEATURE_SITE_COUNT] = [
    FeatureSite {
        kind: SiteKind::Ministry,
        id: "bo-tai-chinh",
        name: "Bộ Tài chính",
        province: "",
        host: "mof.gov.vn",
        abbr: "BTC",
        style: Style::SharePoint,
        crawl_delay_ms: 500,
        sitemap: SitemapShape::IndexWithGzipAndNews,
        traits: &[],
    },
    FeatureSite {
        kind: SiteKind::Province,
        id: "38",
        name: "Tỉnh Thanh Hóa",
        province: "38",
        host: "thanhhoa.gov.vn",
        abbr: "UBND",
        style: Style::Liferay,
        crawl_delay_ms: 500,
        sitemap: SitemapShape::Nested,
        traits: &[
            Trait::RobotsRules,
            Trait::PrintVersions,
            Trait::TrackingDuplicates,
            Trait::JsonLd,
            Trait::NoindexMeta,
        ],
    },
    FeatureSite {
        kind: SiteKind::Commune,
        id: "16093",
        name: "Xã Nga Sơn",
        province: "38",
        host: "ngason.thanhhoa.gov.vn",
        abbr: "UBND",
        style: Style::Joomla,
        crawl_delay_ms: 200,
        sitemap: SitemapShape::FlatMixed,
        traits: &[Trait::Redirects, Trait::NoindexHeader],
    },
    FeatureSite {
        kind: SiteKind::Province,
        id: "01",
        name: "Thành phố Hà Nội",
        province: "01",
        host: "hanoi.gov.vn",
        abbr: "UBND",
        style: Style::WordPress,
        crawl_delay_ms: 250,
        sitemap: SitemapShape::NoNamespace,
        traits: &[Trait::Soft404, Trait::Traps, Trait::JsonLd],
    },
    FeatureSite {
        kind: SiteKind::Commune,
        id: "09715",
        name: "Xã Phúc Thọ",
        province: "01",
        host: "phuctho.hanoi.gov.vn",
        abbr: "UBND",
        style: Style::CustomPhp,
        crawl_delay_ms: 0,
        sitemap: SitemapShape::None,
        traits: &[Trait::Windows1258],
    },
    FeatureSite {
        kind: SiteKind::Commune,
        id: "15865",
        name: "Xã Hoằng Hóa",
        province: "38",
        host: "hoanghoa.thanhhoa.gov.vn",
        abbr: "UBND",
        style: Style::CustomPhp,
        crawl_delay_ms: 0,
        sitemap: SitemapShape::Single,
        traits: &[Trait::Tcvn3, Trait::NoRobots],
    },
    FeatureSite {
        kind: SiteKind::Ministry,
        id: "bo-y-te",
        name: "Bộ Y tế",
        province: "",
        host: "moh.gov.vn",
        abbr: "BYT",
        style: Style::Liferay,
        crawl_delay_ms: 200,
        sitemap: SitemapShape::Single,
        traits: &[Trait::Slow],
    },
    FeatureSite {
        kind: SiteKind::Ministry,
        id: "bo-giao-duc-va-dao-tao",
        name: "Bộ Giáo dục và Đào tạo",
        province: "",
        host: "moet.gov.vn",
        abbr: "BGDĐT",
        style: Style::SharePoint,
        crawl_delay_ms: 200,
        sitemap: SitemapShape::Chunked,
        traits: &[Trait::Flaky503],
    },
    FeatureSite {
        kind: SiteKind::Province,
        id: "48",
        name: "Thành phố Đà Nẵng",
        province: "48",
        host: "danang.gov.vn",
        abbr: "UBND",
        style: Style::WordPress,
        crawl_delay_ms: 200,
        sitemap: SitemapShape::Single,
        traits: &[Trait::RateLimited429],
    },
    FeatureSite {
        kind: SiteKind::Province,
        id: "22",
        name: "Tỉnh Quảng Ninh",
        province: "22",
        host: "quangninh.gov.vn",
        abbr: "UBND",
        style: Style::Joomla,
        crawl_delay_ms: 200,
        sitemap: SitemapShape::Single,
        traits: &[Trait::Limits],
    },
    FeatureSite {
        kind: SiteKind::Commune,
        id: "06673",
        name: "Phường Bãi Cháy",
        province: "22",
        host: "baichay.quangninh.gov.vn",
        abbr: "UBND",
        style: Style::Joomla,
        crawl_delay_ms: 200,
        sitemap: SitemapShape::Single,
        traits: &[Trait::GoesAway],
    },
];

fn delay(ms: u64) -> Option<Duration> {
    (ms > 0).then(|| Duration::from_millis(ms))
}

pub(crate) fn build(config: &Config) -> Vec<SiteSpec> {
    let mut sites = Vec::with_capacity(config.sites);
    let mut hosts = BTreeSet::new();
    let mut used_units = BTreeSet::new();
    if config.feature_sites {
        for f in FEATURE_SITES.iter().take(config.sites) {
            hosts.insert(f.host.to_string());
            used_units.insert(f.id.to_string());
            sites.push(SiteSpec {
                index: sites.len(),
                host: f.host.into(),
                name: portal_name(f.kind, f.name),
                unit_name: f.name.into(),
                unit_id: f.id.into(),
                unit_is_real: true,
                province_code: f.province.into(),
                kind: f.kind,
                style: f.style,
                crawl_delay: delay(f.crawl_delay_ms),
                traits: f.traits.to_vec(),
                sitemap: f.sitemap,
                abbr: f.abbr.into(),
            });
        }
    }
    if sites.len() >= config.sites {
        return sites;
    }

    // Pools in a seed-dependent order, so two seeds give different (but each reproducible) webs.
    let mut ministries: Vec<Unit> = MINISTRIES
        .iter()
        .map(|(id, name, _, _)| Unit {
            id: (*id).into(),
            name: (*name).into(),
            province: String::new(),
            kind: SiteKind::Ministry,
            real: true,
        })
        .collect();
    let mut provinces: Vec<Unit> = PROVINCES
        .iter()
        .map(|(code, name)| Unit {
            id: (*code).into(),
            name: (*name).into(),
            province: (*code).into(),
            kind: SiteKind::Province,
            real: true,
        })
        .collect();
    let mut communes: Vec<Unit> = COMMUNES_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (code, name, prov) = (f.next()?, f.next()?, f.next()?);
            Some(Unit {
                id: code.into(),
                name: name.into(),
                province: prov.into(),
                kind: SiteKind::Commune,
                real: true,
            })
        })
        .collect();
    for pool in [&mut ministries, &mut provinces, &mut communes] {
        pool.retain(|u| !used_units.contains(&u.id));
        shuffle(pool, config.seed);
        pool.reverse(); // pop() takes from the end
    }

    let mut invented = 0u64;
    while sites.len() < config.sites {
        let k = sites.len() as u64;
        let mut rng = Rng::new(&[config.seed, tag("site"), k]);
        let wanted = match k % 10 {
            0 => SiteKind::Ministry,
            1 | 2 => SiteKind::Province,
            _ => SiteKind::Commune,
        };
        let unit = match wanted {
            SiteKind::Ministry => ministries.pop(),
            SiteKind::Province => provinces.pop(),
            SiteKind::Commune => None,
        }
        .or_else(|| communes.pop())
        .unwrap_or_else(|| {
            invented += 1;
            let prov = PROVINCES[(invented as usize) % PROVINCES.len()].0;
            Unit {
                id: format!("{:05}", 40_000 + invented),
                name: format!("Xã Thử Nghiệm {invented}"),
                province: prov.into(),
                kind: SiteKind::Commune,
                real: false,
            }
        });
        let (host, abbr) = match unit.kind {
            SiteKind::Ministry => {
                let m = MINISTRIES.iter().find(|m| m.0 == unit.id).expect("ministry from the table");
                (m.2.to_string(), m.3.to_string())
            }
            SiteKind::Province => (format!("{}.gov.vn", province_label(&unit.province)), "UBND".to_string()),
            SiteKind::Commune => {
                let base = format!("{}.{}.gov.vn", commune_label(&unit.name), province_label(&unit.province));
                let host = if hosts.contains(&base) {
                    format!("{}{}.{}.gov.vn", commune_label(&unit.name), unit.id, province_label(&unit.province))
                } else {
                    base
                };
                (host, "UBND".to_string())
            }
        };
        hosts.insert(host.clone());
        let style = *rng.pick(match unit.kind {
            SiteKind::Ministry => &[Style::SharePoint, Style::Liferay, Style::WordPress][..],
            SiteKind::Province => &[Style::Liferay, Style::SharePoint, Style::Joomla, Style::WordPress][..],
            SiteKind::Commune => &[Style::Joomla, Style::WordPress, Style::CustomPhp, Style::Liferay][..],
        });
        let sitemap = match rng.below(100) {
            0..60 => SitemapShape::Single,
            60..85 => SitemapShape::Chunked,
            _ => SitemapShape::None,
        };
        let crawl_delay = delay(*rng.pick(&[0, 200, 250, 500, 1000]));
        let mut traits = Vec::new();
        if rng.chance(20) {
            traits.push(Trait::PrintVersions);
        }
        if rng.chance(30) {
            traits.push(Trait::JsonLd);
        }
        sites.push(SiteSpec {
            index: sites.len(),
            host,
            name: portal_name(unit.kind, &unit.name),
            unit_name: unit.name,
            unit_id: unit.id,
            unit_is_real: unit.real,
            province_code: unit.province,
            kind: unit.kind,
            style,
            crawl_delay,
            traits,
            sitemap,
            abbr,
        });
    }
    sites
}

fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = Rng::new(&[seed, tag("shuffle"), items.len() as u64]);
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}
