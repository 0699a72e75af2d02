//! "Is this site official?" over real HTTP: registered sites, look-alikes,
//! hostile input, and the page.

mod common;

use common::{Server, expect_error, site_json, start};
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn add_site(s: &Server, unit: &str, name: &str, urls: &[&str]) -> i64 {
    let r = s.admin(Method::POST, "/api/v1/sites").json(&site_json(unit, name, urls)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "{urls:?}");
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// `path?k=v&…` with the values form-encoded.
fn with_query(s: &Server, path: &str, query: &[(&str, &str)]) -> reqwest::Url {
    let mut url = reqwest::Url::parse(&s.url(path)).unwrap();
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    url
}

async fn verify(s: &Server, input: &str) -> Value {
    let r = s.client.get(with_query(s, "/api/v1/verify", &[("url", input)])).send().await.unwrap();
    let status = r.status();
    let cache = r.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string());
    let text = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{input}: {text}");
    assert_eq!(cache.as_deref(), Some("public, max-age=300"));
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["input"], input.trim());
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{text}");
    assert!(body["message_en"].as_str().is_some_and(|m| !m.is_empty()), "{text}");
    body
}

/// `host` with its first `from` replaced by `to`, as the punycode a browser shows.
fn punycode(host: &str, from: char, to: char) -> String {
    let unicode = host.replacen(from, &to.to_string(), 1);
    let url = reqwest::Url::parse(&format!("https://{unicode}/")).unwrap();
    let ascii = url.host_str().unwrap().to_string();
    assert!(ascii.contains("xn--"), "{ascii}");
    ascii
}

struct Sites {
    government: i64,
    news: i64,
    province: i64,
    home_affairs: i64,
    health: i64,
}

async fn register(s: &Server) -> Sites {
    Sites {
        government: add_site(s, "chinh-phu", "Cổng Thông tin điện tử Chính phủ", &["chinhphu.vn"]).await,
        news: add_site(s, "chinh-phu", "Báo điện tử Chính phủ", &["baochinhphu.vn"]).await,
        province: add_site(s, "38", "Cổng TTĐT tỉnh Thanh Hóa", &["https://thanhhoa.gov.vn/"]).await,
        home_affairs: add_site(s, "38", "Sở Nội vụ tỉnh Thanh Hóa", &["thanhhoa.gov.vn/so-noi-vu"]).await,
        health: add_site(s, "bo-y-te", "Cổng TTĐT Bộ Y tế", &["moh.gov.vn"]).await,
    }
}

#[tokio::test]
async fn verify_tells_registered_sites_from_look_alikes() {
    let s = start().await;
    let ids = register(&s).await;

    let v = verify(&s, "https://www.ChinhPhu.VN/tin-tuc/").await;
    assert_eq!(v["verdict"], "registered", "{v}");
    assert_eq!(v["official"], true);
    assert_eq!(v["host"], "chinhphu.vn");
    assert_eq!(v["site"]["id"], ids.government);
    assert_eq!(v["site"]["name"], "Cổng Thông tin điện tử Chính phủ");
    assert_eq!(v["site"]["urls"][0], "https://chinhphu.vn/");
    assert_eq!((v["unit"]["id"].as_str(), v["unit"]["name"].as_str()), (Some("chinh-phu"), Some("Chính phủ")));
    assert!(v["message"].as_str().unwrap().contains("chính thức"), "{v}");

    let v = verify(&s, "HTTP://WWW.THANHHOA.GOV.VN:443/So-Noi-Vu/thong-bao?id=1").await;
    assert_eq!((v["verdict"].as_str(), v["site"]["id"].as_i64()), (Some("registered"), Some(ids.home_affairs)), "{v}");
    assert_eq!(v["site"]["key"], "thanhhoa.gov.vn/so-noi-vu");
    assert_eq!(v["unit"]["id"], "38");
    let v = verify(&s, "thanhhoa.gov.vn.").await;
    assert_eq!((v["verdict"].as_str(), v["site"]["id"].as_i64()), (Some("registered"), Some(ids.province)), "{v}");

    let cyrillic_o = punycode("baochinhphu.vn", 'o', 'о');
    let cyrillic_moh = punycode("moh.gov.vn", 'o', 'о');
    for (input, reason, key, id) in [
        ("chinhphu-vn.com", "other_ending", "chinhphu.vn", ids.government),
        ("https://chinhphu.com.vn/dang-nhap", "other_ending", "chinhphu.vn", ids.government),
        ("thanhhoa.gov.vn.evil.com", "registered_name_as_subdomain", "thanhhoa.gov.vn", ids.province),
        ("https://chinhphu.vn.xyz.net/", "registered_name_as_subdomain", "chinhphu.vn", ids.government),
        (cyrillic_o.as_str(), "homograph", "baochinhphu.vn", ids.news),
        (cyrillic_moh.as_str(), "homograph", "moh.gov.vn", ids.health),
        ("chínhphủ.vn", "homograph", "chinhphu.vn", ids.government),
        ("chinhpu.vn", "typo", "chinhphu.vn", ids.government),
        ("thanhhoa.gov-vn.com", "fake_gov_vn", "thanhhoa.gov.vn", ids.province),
        ("https://chinhphu.vn@evil.example/", "userinfo", "chinhphu.vn", ids.government),
    ] {
        let v = verify(&s, input).await;
        assert_eq!((v["verdict"].as_str(), v["reason"].as_str()), (Some("look_alike"), Some(reason)), "{input}: {v}");
        assert_eq!(v["official"], false, "{input}");
        assert_eq!(v["resembles"]["key"], key, "{input}: {v}");
        assert_eq!(v["resembles"]["id"], id, "{input}: {v}");
        assert!(v["resembles"]["name"].as_str().is_some_and(|n| !n.is_empty()), "{input}: {v}");
        assert!(v["site"].is_null() && v["unit"].is_null(), "a look-alike names no site of its own: {v}");
        assert!(v["message"].as_str().unwrap().starts_with("CẢNH BÁO"), "{v}");
        assert!(v["message_en"].as_str().unwrap().contains(key), "{v}");
    }
    let v = verify(&s, cyrillic_o.as_str()).await;
    assert_eq!(v["host_unicode"], "baochinhphu.vn".replacen('o', "о", 1));

    for input in ["gov.vn.example", "gov-vn.com", "govvn.com"] {
        let v = verify(&s, input).await;
        assert_eq!((v["verdict"].as_str(), v["reason"].as_str()), (Some("look_alike"), Some("fake_gov_vn")), "{v}");
        assert!(v["resembles"].is_null(), "{v}");
    }

    let v = verify(&s, "https://mof.gov.vn/").await;
    assert_eq!((v["verdict"].as_str(), v["gov_vn"].as_bool()), (Some("not_registered"), Some(true)), "{v}");
    assert!(v["message_en"].as_str().unwrap().contains(".gov.vn domain not in the register"), "{v}");
    let v = verify(&s, "vnexpress.net").await;
    assert_eq!((v["verdict"].as_str(), v["gov_vn"].as_bool()), (Some("not_registered"), Some(false)), "{v}");

    let v = verify(&s, "nghison.thanhhoa.gov.vn").await;
    assert_eq!(v["verdict"], "subdomain_of_registered", "{v}");
    assert_eq!(
        (v["related"]["key"].as_str(), v["related"]["id"].as_i64()),
        (Some("thanhhoa.gov.vn"), Some(ids.province))
    );
}

#[tokio::test]
async fn hostile_input_is_refused_cleanly() {
    let s = start().await;
    register(&s).await;
    for path in ["/api/v1/verify", "/api/v1/verify?url=", "/api/v1/verify?url=%20%20", "/api/v1/verify?url=a&url=b"] {
        let body = expect_error(s.req(Method::GET, path).send().await.unwrap(), 400, "invalid_query").await;
        assert!(body["error"]["details"][0]["field"] == "url" || path.ends_with("url=b"), "{path}: {body}");
    }
    let long = "a".repeat(5000);
    for (input, hint) in [
        (long.as_str(), "2,000"),
        ("javascript:alert(1)", "http"),
        ("<script>alert(1)</script>", "not a valid"),
        ("chinhphu.vn\0", "control"),
        ("\u{0}", "control"),
        ("chinh phu.vn", "spaces"),
        ("127.0.0.1", "IP address"),
        ("http://[::1]:8080/", "IP address"),
        ("localhost", "domain name"),
        ("mailto:a@chinhphu.vn", "http"),
    ] {
        let r = s.client.get(with_query(&s, "/api/v1/verify", &[("url", input)])).send().await.unwrap();
        let body = expect_error(r, 400, "invalid_query").await;
        let detail = &body["error"]["details"][0];
        assert_eq!(detail["field"], "url", "{body}");
        assert!(detail["reason"].as_str().unwrap().contains(hint), "{input:.40}: {body}");
        assert!(!body.to_string().contains("<script>"), "input is not echoed: {body}");
    }
    // Broken percent-encoding and invalid UTF-8 are input like any other.
    for path in ["/api/v1/verify?url=%FF%FE", "/api/v1/verify?url=%ZZ", "/api/v1/verify?url=%E0%A4%A"] {
        let r = s.req(Method::GET, path).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    let r = s.req(Method::POST, "/api/v1/verify?url=chinhphu.vn").send().await.unwrap();
    expect_error(r, 405, "method_not_allowed").await;
}

async fn page(s: &Server, query: &[(&str, &str)]) -> (StatusCode, String) {
    let r = s.client.get(with_query(s, "/verify", query)).send().await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"), "{query:?}");
    assert_eq!(headers["cache-control"], "public, max-age=300");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    let body = r.text().await.unwrap();
    assert!(!body.to_ascii_lowercase().contains("<script"), "{query:?}: {body}");
    (status, body)
}

#[tokio::test]
async fn the_page_answers_in_words_and_escapes_input() {
    let s = start().await;
    register(&s).await;

    let (status, body) = page(&s, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<html lang=\"vi\">"));
    assert!(body.contains("<label for=\"url\">") && body.contains("id=\"url\" name=\"url\""));
    assert!(body.contains("<h1>"));
    assert!(!body.contains("class=\"verdict"), "no verdict without input");

    let (status, body) = page(&s, &[("url", "https://www.chinhphu.vn/")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("verdict ok") && body.contains("CHÍNH THỨC"), "{body}");
    assert!(body.contains("Cổng Thông tin điện tử Chính phủ") && body.contains("Chính phủ (chinh-phu)"), "{body}");
    assert!(body.contains("value=\"https://www.chinhphu.vn/\""), "the field keeps the input");

    let (status, body) = page(&s, &[("url", "chinhphu-vn.com"), ("lang", "en")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("verdict danger") && body.contains("WARNING: LOOK-ALIKE DOMAIN"), "{body}");
    assert!(body.contains("chinhphu.vn") && body.contains("name=\"lang\" value=\"en\""), "{body}");

    let (_, body) = page(&s, &[("url", "mof.gov.vn")]).await;
    assert!(body.contains("KHÔNG CÓ TRONG DANH BẠ"), "{body}");

    let (status, body) = page(&s, &[("url", "<script>alert(1)</script>")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{body}");
    assert!(body.contains("KHÔNG KIỂM TRA ĐƯỢC"), "{body}");

    // Valid for the URL parser (the path gets percent-encoded), hostile for HTML.
    let (status, body) = page(&s, &[("url", "https://chinhphu.vn/\"><script>alert(1)</script>"), ("lang", "en")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("value=\"https://chinhphu.vn/&quot;&gt;&lt;script&gt;"), "{body}");
    assert!(body.contains("OFFICIAL"), "{body}");

    let (status, body) = page(&s, &[("url", "10.0.0.1")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("IP"), "{body}");
}
