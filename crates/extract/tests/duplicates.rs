//! The same directive republished by two portals with different chrome and a changed date
//! line is a near-duplicate; different articles are not.

use ketnoi_extract::{extract_html, hamming, near_duplicate};
use url::Url;

const DIRECTIVE: &[&str] = &[
    "Thủ tướng Chính phủ yêu cầu các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tập trung chỉ đạo, triển khai quyết liệt các giải pháp thúc đẩy giải ngân vốn đầu tư công năm 2024.",
    "Người đứng đầu các bộ, cơ quan, địa phương chịu trách nhiệm trước Chính phủ, Thủ tướng Chính phủ về kết quả giải ngân; kiên quyết xử lý nghiêm các trường hợp cố tình gây khó khăn, cản trở, làm chậm tiến độ giao vốn, thực hiện và giải ngân vốn đầu tư công.",
    "Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Bộ Tài chính theo dõi, đôn đốc, tổng hợp tình hình giải ngân, báo cáo Thủ tướng Chính phủ hằng tháng; đề xuất điều chuyển kế hoạch vốn từ các dự án giải ngân chậm sang các dự án có khả năng giải ngân tốt.",
    "Các bộ, ngành, địa phương đẩy nhanh công tác giải phóng mặt bằng, tháo gỡ vướng mắc về nguồn cung vật liệu xây dựng, hoàn thiện thủ tục đầu tư của các dự án khởi công mới, bảo đảm chất lượng công trình và chống tham nhũng, lãng phí.",
];

fn joomla(date_line: &str) -> String {
    format!(
        "<html><body><ul class=\"nav menu\"><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/tin\">Tin tức</a></li></ul>\
         <div class=\"item-page\"><p class=\"date\">{date_line}</p>{}</div><div class=\"footer\">Cổng TTĐT tỉnh Thanh Hóa</div></body></html>",
        DIRECTIVE.iter().map(|p| format!("<p>{p}</p>")).collect::<String>()
    )
}

fn wordpress(date_line: &str) -> String {
    format!(
        "<html><body><header><nav><a href=\"/\">Trang chủ</a></nav></header><article><div class=\"entry-content\">\
         <p><em>{date_line}</em></p>{}<div class=\"sharedaddy\"><a href=\"#\">Chia sẻ</a></div></div></article>\
         <aside class=\"widget-area\">Bài viết mới: Hội nghị tổng kết</aside><footer>Sở Nội vụ tỉnh Nghệ An</footer></body></html>",
        DIRECTIVE.iter().map(|p| format!("<p>{p}</p>")).collect::<String>()
    )
}

#[test]
fn republished_directive_is_a_near_duplicate() {
    let u = Url::parse("https://a.gov.vn/x").unwrap();
    let a = extract_html(&u, &joomla("Cập nhật: 10:08, Thứ Tư, 03/04/2024"));
    let b = extract_html(&u, &wordpress("Đăng ngày 05/04/2024 - 14:20"));
    assert_ne!(a.content_hash, b.content_hash);
    assert!(near_duplicate(a.simhash, b.simhash), "hamming {}", hamming(a.simhash, b.simhash));
    let c = extract_html(&u, &wordpress("Cập nhật: 10:08, Thứ Tư, 03/04/2024"));
    assert_eq!(a.content_hash, c.content_hash, "identical main text, different chrome: same exact hash");

    let other = "<html><body><article><p>Sáng 12/6, Hội đồng nhân dân tỉnh Nghệ An khai mạc kỳ họp thứ 20, xem xét các báo cáo về tình hình kinh tế - xã hội 6 tháng đầu năm, các tờ trình và dự thảo nghị quyết về đầu tư công, ngân sách, giáo dục và y tế.</p>\
        <p>Các đại biểu tập trung thảo luận giải pháp phát triển du lịch biển Cửa Lò, bảo vệ rừng đầu nguồn và hỗ trợ đồng bào dân tộc thiểu số miền Tây Nghệ An ổn định sinh kế.</p></article></body></html>";
    let d = extract_html(&u, other);
    assert!(!near_duplicate(a.simhash, d.simhash), "hamming {}", hamming(a.simhash, d.simhash));
}

// ----- clustering, on the synthetic web -----

mod synthweb {
    use std::collections::BTreeSet;

    use ketnoi_extract::{Document, cluster, extract, hamming, near_duplicate};
    use ketnoi_synthweb::{Config, Feature, PageKind, SynthWeb};
    use url::Url;

    fn fetch(web: &SynthWeb, url: &str) -> Document {
        let u = Url::parse(url).unwrap();
        let path = match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        };
        let r = web.render(u.host_str().unwrap(), &path).unwrap();
        assert_eq!(r.status, 200, "{url}");
        extract(&u, &r.body, r.header("content-type")).unwrap()
    }

    fn clusters_of(docs: &[(String, Document)]) -> Vec<Vec<u64>> {
        let items: Vec<(u64, &str, u64)> =
            docs.iter().enumerate().map(|(i, (_, d))| (i as u64, d.content_hash.as_str(), d.simhash)).collect();
        cluster(&items)
    }

    /// The same Government directive republished by several portals (each its own CMS, chrome,
    /// and place-and-date line) is one cluster; the other articles of those portals are not in it.
    #[test]
    fn republished_directive_is_one_cluster() {
        let web = SynthWeb::generate(&Config::small());
        let urls = web.feature_urls(Feature::DuplicateDirective);
        assert!(urls.len() >= 3, "{urls:?}");
        let mut docs: Vec<(String, Document)> = urls.iter().map(|u| (u.clone(), fetch(&web, u))).collect();
        let styles: Vec<_> =
            urls.iter().map(|u| web.site(Url::parse(u).unwrap().host_str().unwrap()).unwrap().style).collect();
        assert!(styles.windows(2).any(|w| w[0] != w[1]), "republished under different page chrome: {styles:?}");
        let hashes: BTreeSet<&str> = docs.iter().map(|(_, d)| d.content_hash.as_str()).collect();
        assert!(
            hashes.len() > 1,
            "the copies are not byte-identical texts: a near-duplicate case, not only an exact one"
        );

        // Every other article of the same portals (procedure sheets aside: see the next test).
        for u in &urls {
            let site = web.site(Url::parse(u).unwrap().host_str().unwrap()).unwrap();
            for e in web.expected_pages(site) {
                let own = e.duplicate_group.is_none() && e.canonical_of.is_none() && e.kind != PageKind::PublicService;
                if !e.paragraphs.is_empty() && own {
                    docs.push((e.url.clone(), fetch(&web, &e.url)));
                }
            }
        }
        let clusters = clusters_of(&docs);
        let directive: Vec<u64> = (0..urls.len() as u64).collect();
        assert!(clusters.contains(&directive), "{clusters:?}");
        for c in &clusters {
            if c != &directive {
                assert_eq!(
                    c.len(),
                    1,
                    "different articles clustered: {:?}",
                    c.iter().map(|i| &docs[*i as usize].0).collect::<Vec<_>>()
                );
            }
        }
        assert_eq!(clusters.len(), 1 + docs.len() - urls.len());
        for (i, (_, a)) in docs.iter().enumerate().take(urls.len()) {
            for (u, b) in docs.iter().skip(urls.len()) {
                assert!(!near_duplicate(a.simhash, b.simhash), "{} ~ {u}: {}", urls[i], hamming(a.simhash, b.simhash));
            }
        }
    }

    /// Print and tracking-parameter variants of an article fall in the article's cluster (same
    /// text, so the same content hash), and no cluster mixes two different republished
    /// directives or a directive with a portal's own article.
    ///
    /// Not asserted: that *every* copy of every directive meets, or that no two other articles
    /// do. With SimHash-64 and 3 bits, a copy whose place-and-date line differs ("Phường Bãi
    /// Cháy, ngày ..." vs "Bộ Giáo dục và Đào tạo, ngày ...") can land 4–5 bits away (for ~98%
    /// shared shingles the expected distance is 64·acos(0.98)/π ≈ 4 bits), and the synthetic
    /// web's procedure sheets, mostly one template, come within 2–3 bits of each other.
    #[test]
    fn variants_join_their_article_and_directives_stay_apart() {
        let web = SynthWeb::generate(&Config::small());
        let mut docs: Vec<(String, Document)> = Vec::new();
        let mut key: Vec<Option<String>> = Vec::new();
        let mut variants: Vec<(u64, String)> = Vec::new();
        for site in web.sites() {
            for e in web.expected_pages(site) {
                if e.paragraphs.is_empty() || e.kind == PageKind::PublicService {
                    continue;
                }
                if let Some(clean) = &e.canonical_of {
                    variants.push((docs.len() as u64, clean.clone()));
                }
                key.push(match e.duplicate_group {
                    Some(g) => Some(format!("directive {g}")),
                    None if e.canonical_of.is_none() => Some(e.url.clone()),
                    None => None,
                });
                docs.push((e.url.clone(), fetch(&web, &e.url)));
            }
        }
        assert!(variants.len() >= 4, "print and tracking variants: {variants:?}");
        let clusters = clusters_of(&docs);
        let cluster_of = |i: u64| clusters.iter().position(|c| c.contains(&i)).unwrap();
        for (v, clean) in &variants {
            let article = docs.iter().position(|(u, _)| u == clean).expect("the article is listed") as u64;
            assert_eq!(
                docs[*v as usize].1.content_hash, docs[article as usize].1.content_hash,
                "{}",
                docs[*v as usize].0
            );
            assert_eq!(cluster_of(*v), cluster_of(article), "{} and {clean}", docs[*v as usize].0);
        }
        for c in &clusters {
            let keys: BTreeSet<&String> = c.iter().filter_map(|i| key[*i as usize].as_ref()).collect();
            let names: Vec<&str> = c.iter().map(|i| docs[*i as usize].0.as_str()).collect();
            assert!(keys.len() <= 1, "different content in one cluster: {names:?}");
        }
    }
}
