//! Failure modes and traps: redirects, soft 404, endless calendars and query explosions, a big
//! page, a gzip bomb, links to unregistered hosts and private addresses; and the per-host gates
//! (down, flaky 503, rate-limited 429) the server applies before routing.

use std::sync::OnceLock;
use std::time::Instant;

use bytes::Bytes;

use crate::html;
use crate::http::Resource;
use crate::model::{PageKind, SiteSpec, Trait};
use crate::styles::{self, query_value};
use crate::text::esc;
use crate::{SiteState, SynthWeb};

pub(crate) const BIG_PAGE: &str = "/images/tai-lieu/bao-cao-tong-hop.html";
pub(crate) const GZIP_BOMB: &str = "/images/tai-lieu/du-lieu-nen.html";
pub(crate) const EXTERNAL_LINKS: &str = "/index.php/lien-ket-ngoai";
pub(crate) const CALENDAR_START: &str = "/lich?thang=2024-05";
pub(crate) const SEARCH_START: &str = "/tim-kiem?sort=a&page=1";
pub(crate) const CHAIN_START: &str = "/chuyen-huong/1";
pub(crate) const LOOP_START: &str = "/vong-lap/a";

/// Targets of the external-links page: none of them is a registered host.
pub(crate) const EXTERNAL_TARGETS: [&str; 8] = [
    "http://cong-thong-tin-chua-dang-ky.gov.vn/",
    "http://www.example.com/tin-tuc",
    "http://192.168.1.10/quan-tri/",
    "http://10.0.0.5/",
    "http://172.16.0.1:8080/",
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:9/",
    "http://[::1]/",
];

/// Large bodies, built once per web on first request.
#[derive(Default)]
pub(crate) struct Blobs {
    big: OnceLock<Bytes>,
    bomb: OnceLock<Bytes>,
}

/// Links the home page adds on sites with special behaviours (so link following finds them).
pub(crate) fn home_links(web: &SynthWeb, site: &SiteSpec, st: &SiteState) -> Vec<(String, String)> {
    let mut v = Vec::new();
    if site.has(Trait::Redirects) {
        if let Some(first) = web.live_pages(site, st).find(|p| p.kind == PageKind::News) {
            v.push((format!("/tin-tuc/{}.html", first.id), "Tin cũ (địa chỉ cũ)".to_string()));
        }
        v.push((CHAIN_START.to_string(), "Cổng dịch vụ công".to_string()));
        v.push((LOOP_START.to_string(), "Hỏi đáp trực tuyến".to_string()));
    }
    if site.has(Trait::Traps) {
        v.push((CALENDAR_START.to_string(), "Lịch công tác".to_string()));
        v.push((SEARCH_START.to_string(), "Tìm kiếm nâng cao".to_string()));
    }
    if site.has(Trait::Limits) {
        v.push((BIG_PAGE.to_string(), "Báo cáo tổng hợp (toàn văn)".to_string()));
        v.push((GZIP_BOMB.to_string(), "Dữ liệu nén".to_string()));
        v.push((EXTERNAL_LINKS.to_string(), "Liên kết ngoài".to_string()));
    }
    if site.has(Trait::TrackingDuplicates) {
        for p in web.live_pages(site, st).filter(|p| p.kind == PageKind::News).take(3) {
            v.push((html::tracking_path(site, &p), format!("Chia sẻ: {}", p.title)));
        }
    }
    v
}

fn page_resource(web: &SynthWeb, site: &SiteSpec, st: &SiteState, status: u16, title: &str, main: &str) -> Resource {
    let (encoding, charset) = html::site_encoding(site);
    let (_, content_type) = html::declarations(encoding, charset);
    let body = html::encode(encoding, &html::simple_document(web, site, st, title, main));
    let mut r = Resource::new(status, content_type, body);
    r.compressible = true;
    r
}

/// The answer for an unknown path: a real 404, or a 200 "not found" page on soft-404 sites.
pub(crate) fn not_found(web: &SynthWeb, site: &SiteSpec, st: &SiteState) -> Resource {
    let main = "<div class=\"error-page\"><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã được chuyển sang địa chỉ khác.</p><p><a href=\"/\">Quay về trang chủ</a></p></div>";
    let status = if site.has(Trait::Soft404) { 200 } else { 404 };
    page_resource(web, site, st, status, "Không tìm thấy trang", main)
}

/// Special paths of the site's traits, before normal routing.
pub(crate) fn special(
    web: &SynthWeb,
    site: &SiteSpec,
    st: &SiteState,
    origin: &str,
    path: &str,
    query: &[(String, String)],
) -> Option<Resource> {
    if site.has(Trait::Redirects) {
        if let Some(id) = path.strip_prefix("/tin-tuc/").and_then(|s| s.strip_suffix(".html")) {
            let j = styles::j_of_id(id).filter(|j| *j < web.config().pages_per_site as u64)?;
            let page = web.page_at(site, j, st);
            return Some(Resource::redirect(301, format!("{origin}{}", styles::page_path(site, &page))));
        }
        match path {
            "/chuyen-huong/1" => return Some(Resource::redirect(302, format!("{origin}/chuyen-huong/2"))),
            "/chuyen-huong/2" => return Some(Resource::redirect(302, format!("{origin}/chuyen-huong/3"))),
            "/chuyen-huong/3" => {
                let page = web.page_at(site, 0, st);
                return Some(Resource::redirect(302, format!("{origin}{}", styles::page_path(site, &page))));
            }
            "/vong-lap/a" => return Some(Resource::redirect(302, format!("{origin}/vong-lap/b"))),
            "/vong-lap/b" => return Some(Resource::redirect(302, format!("{origin}/vong-lap/a"))),
            _ => {}
        }
    }
    if site.has(Trait::Traps) {
        if path == "/lich" {
            return Some(calendar(web, site, st, query));
        }
        if path == "/tim-kiem" {
            return Some(search(web, site, st, query));
        }
    }
    if site.has(Trait::Limits) {
        match path {
            BIG_PAGE => return Some(big_page(web)),
            GZIP_BOMB => {
                let body =
                    web.blobs().bomb.get_or_init(|| Bytes::from(gzip_bomb(web.config().gzip_bomb_bytes))).clone();
                let mut r = Resource::new(200, "text/html; charset=utf-8", body);
                r.headers.push(("content-encoding", "gzip".into()));
                return Some(r);
            }
            EXTERNAL_LINKS => {
                let links: Vec<(String, String)> =
                    EXTERNAL_TARGETS.iter().map(|t| (t.to_string(), format!("Liên kết: {t}"))).collect();
                let main = format!(
                    "<div class=\"item-page\"><div class=\"page-header\"><h2>Liên kết ngoài</h2></div><p>Các liên kết dưới đây dẫn tới trang không thuộc cổng thông tin.</p>{}</div>",
                    styles::link_list("external", &links)
                );
                let mut r = page_resource(web, site, st, 200, "Liên kết ngoài", &main);
                r.validators = true;
                return Some(r);
            }
            _ => {}
        }
    }
    None
}

fn calendar(web: &SynthWeb, site: &SiteSpec, st: &SiteState, query: &[(String, String)]) -> Resource {
    let month = query_value(query, "thang").unwrap_or("2024-05");
    let parsed = month.split_once('-').and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)));
    let Some((y, m)) = parsed.filter(|(y, m)| (1..=9999).contains(y) && (1..=12).contains(m)) else {
        return not_found(web, site, st);
    };
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    // Endless by design: every month links to the next and the previous one.
    let main = format!(
        "<div class=\"calendar\"><h1>Lịch công tác tháng {m:02}/{y}</h1><p>Lịch làm việc của lãnh đạo {}.</p><p><a class=\"prev\" href=\"/lich?thang={py:04}-{pm:02}\">« Tháng trước</a> | <a class=\"next\" href=\"/lich?thang={ny:04}-{nm:02}\">Tháng sau »</a></p></div>",
        esc(&site.unit_name)
    );
    page_resource(web, site, st, 200, &format!("Lịch công tác tháng {m:02}/{y}"), &main)
}

fn search(web: &SynthWeb, site: &SiteSpec, st: &SiteState, query: &[(String, String)]) -> Resource {
    let sort = query_value(query, "sort").unwrap_or("a");
    let page: u64 = query_value(query, "page").and_then(|p| p.parse().ok()).unwrap_or(1);
    // Every combination links to more combinations: a query-variant explosion.
    let mut links: Vec<(String, String)> = ["a", "b", "c", "moi-nhat", "cu-nhat"]
        .iter()
        .map(|s| (format!("/tim-kiem?sort={s}&page={page}"), format!("Sắp xếp: {s}")))
        .collect();
    links.push((format!("/tim-kiem?sort={sort}&page={}", page + 1), "Trang sau".to_string()));
    links.push((format!("/tim-kiem?sort={sort}&page={page}&view=luoi"), "Dạng lưới".to_string()));
    let main = format!(
        "<div class=\"search-results\"><h1>Kết quả tìm kiếm</h1><p>Trang {page}, sắp xếp theo {}</p>{}</div>",
        esc(sort),
        styles::link_list("search-nav", &links)
    );
    page_resource(web, site, st, 200, "Kết quả tìm kiếm", &main)
}

fn big_page(web: &SynthWeb) -> Resource {
    let size = web.config().big_page_bytes;
    let body = web
        .blobs()
        .big
        .get_or_init(|| {
            let para = "<p>Báo cáo tổng hợp số liệu kinh tế - xã hội: tổng sản phẩm trên địa bàn tăng trưởng ổn định, thu ngân sách đạt kế hoạch, các chỉ tiêu an sinh xã hội được bảo đảm.</p>\n";
            let mut s = String::with_capacity(size + para.len() * 2);
            s.push_str("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo tổng hợp</title></head><body><h1>Báo cáo tổng hợp (toàn văn)</h1>\n");
            while s.len() + para.len() + 16 < size {
                s.push_str(para);
            }
            s.push_str("</body></html>\n");
            Bytes::from(s)
        })
        .clone();
    // Served as identity so the client sees the full size on the wire.
    Resource::new(200, "text/html; charset=utf-8", body)
}

/// Writes deflate bits least-significant first, as RFC 1951 requires.
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    fn bits(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Huffman codes go most-significant bit first.
    fn code(&mut self, code: u64, len: u32) {
        for i in (0..len).rev() {
            self.bits((code >> i) & 1, 1);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// CRC-32 of `n` zero bytes without touching `n` bytes: the CRC of zeros is a linear map on the
/// register, raised to the n-th power by squaring (the technique of zlib's crc32_combine).
pub(crate) fn crc32_of_zeros(n: u64) -> u32 {
    fn times(mat: &[u32; 32], mut vec: u32) -> u32 {
        let mut sum = 0;
        let mut i = 0;
        while vec != 0 {
            if vec & 1 != 0 {
                sum ^= mat[i];
            }
            vec >>= 1;
            i += 1;
        }
        sum
    }
    fn square(mat: &[u32; 32]) -> [u32; 32] {
        let mut sq = [0u32; 32];
        for (i, s) in sq.iter_mut().enumerate() {
            *s = times(mat, mat[i]);
        }
        sq
    }
    // One zero bit: shift right, xor the reflected polynomial when the low bit was set.
    let mut op = [0u32; 32];
    op[0] = 0xEDB8_8320;
    for (i, o) in op.iter_mut().enumerate().skip(1) {
        *o = 1 << (i - 1);
    }
    op = square(&square(&square(&op))); // eight bits: one zero byte
    let mut state = 0xFFFF_FFFFu32;
    let mut n = n;
    while n > 0 {
        if n & 1 != 0 {
            state = times(&op, state);
        }
        op = square(&op);
        n >>= 1;
    }
    !state
}

/// A gzip member whose deflate stream (one fixed-Huffman block: a literal zero, then
/// length-258/distance-1 matches) inflates to `size` zero bytes at about 160:1.
pub(crate) fn gzip_bomb(size: u64) -> Vec<u8> {
    let mut w = BitWriter { out: Vec::with_capacity((size / 150) as usize + 64), acc: 0, n: 0 };
    w.out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    w.bits(1, 1); // BFINAL
    w.bits(1, 2); // BTYPE = 01, fixed Huffman
    let mut left = size;
    if left > 0 {
        w.code(0x30, 8); // literal 0
        left -= 1;
    }
    while left >= 258 {
        w.code(0xC0 + 5, 8); // length symbol 285 = 258
        w.code(0, 5); // distance symbol 0 = 1
        left -= 258;
    }
    for _ in 0..left {
        w.code(0x30, 8);
    }
    w.code(0, 7); // end of block (256)
    let mut out = w.finish();
    out.extend_from_slice(&crc32_of_zeros(size).to_le_bytes());
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out
}

/// What the host gate decided for a request.
pub(crate) enum Gate {
    Pass,
    /// Close the connection without answering (a host that went away).
    Drop,
    Answer(Resource),
}

/// Host-level behaviours, applied in arrival order before routing.
pub(crate) fn gate(web: &SynthWeb, site: &SiteSpec, now: Instant) -> Gate {
    let cfg = web.config();
    let mut state = web.state();
    if state.down.contains(&site.index) {
        return Gate::Drop;
    }
    let hits = state.hits.entry(site.index).or_insert(0);
    *hits += 1;
    let hits = *hits;
    if site.has(Trait::Flaky503) && hits <= u64::from(cfg.flaky_failures) {
        let r =
            Resource::new(503, "text/html; charset=utf-8", "<h1>Service Unavailable</h1><p>Hệ thống đang bảo trì.</p>")
                .header("retry-after", cfg.retry_after_secs.to_string());
        return Gate::Answer(r);
    }
    if site.has(Trait::RateLimited429) {
        if let Some(last) = state.last_ok.get(&site.index)
            && now.duration_since(*last) < cfg.rate_limit_interval
        {
            let r = Resource::new(
                429,
                "text/html; charset=utf-8",
                "<h1>Too Many Requests</h1><p>Vui lòng thử lại sau.</p>",
            )
            .header("retry-after", cfg.retry_after_secs.to_string());
            return Gate::Answer(r);
        }
        state.last_ok.insert(site.index, now);
    }
    Gate::Pass
}

/// Tracking parameters are dropped before routing (any server ignores unknown parameters).
pub(crate) fn is_tracking(key: &str) -> bool {
    key.starts_with("utm_") || key == "fbclid" || key == "gclid"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn crc_of_zeros_matches_direct_computation() {
        for n in [0u64, 1, 7, 258, 1000, 65_537] {
            let mut crc = flate2::Crc::new();
            crc.update(&vec![0u8; n as usize]);
            assert_eq!(crc32_of_zeros(n), crc.sum(), "n = {n}");
        }
    }

    #[test]
    fn bomb_inflates_to_its_size() {
        for size in [0u64, 1, 300, 1_000_003] {
            let gz = gzip_bomb(size);
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut out).unwrap();
            assert_eq!(out.len() as u64, size);
            assert!(out.iter().all(|b| *b == 0));
        }
        assert!(gzip_bomb(10_000_000).len() < 10_000_000 / 100);
    }
}
