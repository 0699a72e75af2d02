//! `ketnoi verify`: the binary tells a registered domain from look-alikes.

mod common;

use common::{ketnoi, ok, text};

use std::path::Path;

fn verify_json(dir: &Path, input: &str) -> serde_json::Value {
    serde_json::from_str(&ok(ketnoi(dir, &["verify", input, "--json"]))).expect("JSON")
}

#[test]
fn verify_tells_a_registered_domain_from_look_alikes() {
    let dir = tempfile::tempdir().unwrap();
    ok(ketnoi(dir.path(), &["units", "import"]));
    ok(ketnoi(dir.path(), &["sites", "add", "--unit", "38", "--url", "thanhhoa.gov.vn"]));
    let added = ok(ketnoi(
        dir.path(),
        &[
            "sites",
            "add",
            "--unit",
            "chinh-phu",
            "--name",
            "Cổng TTĐT Chính phủ",
            "--url",
            "https://chinhphu.vn",
            "--json",
        ],
    ));
    let government = serde_json::from_str::<serde_json::Value>(&added).unwrap()["id"].as_i64().unwrap();

    let v = verify_json(dir.path(), "HTTPS://WWW.CHINHPHU.VN/tin-tuc");
    assert_eq!((v["verdict"].as_str(), v["official"].as_bool()), (Some("registered"), Some(true)), "{v}");
    assert_eq!(v["site"]["id"], government);
    assert_eq!(v["unit"]["id"], "chinh-phu");
    let plain = ok(ketnoi(dir.path(), &["verify", "thanhhoa.gov.vn/gioi-thieu"]));
    assert!(plain.starts_with("CHÍNH THỨC [registered]"), "{plain}");
    assert!(plain.contains("đơn vị: 38"), "{plain}");

    for (input, reason, key) in [
        ("chinhphu-vn.com", "other_ending", "chinhphu.vn"),
        ("thanhhoa.gov.vn.evil.com", "registered_name_as_subdomain", "thanhhoa.gov.vn"),
        ("chinhpu.vn", "typo", "chinhphu.vn"),
        ("chіnhphu.vn", "homograph", "chinhphu.vn"),
    ] {
        let v = verify_json(dir.path(), input);
        assert_eq!((v["verdict"].as_str(), v["reason"].as_str()), (Some("look_alike"), Some(reason)), "{input}: {v}");
        assert_eq!(v["resembles"]["key"], key, "{input}: {v}");
    }
    let v = verify_json(dir.path(), "gov.vn.example");
    assert_eq!((v["verdict"].as_str(), v["reason"].as_str()), (Some("look_alike"), Some("fake_gov_vn")));
    let plain = ok(ketnoi(dir.path(), &["verify", "chinhphu.com.vn"]));
    assert!(plain.starts_with("CẢNH BÁO"), "{plain}");
    assert!(plain.contains("chinhphu.vn"), "{plain}");

    let v = verify_json(dir.path(), "mof.gov.vn");
    assert_eq!((v["verdict"].as_str(), v["gov_vn"].as_bool()), (Some("not_registered"), Some(true)), "{v}");

    for bad in ["javascript:alert(1)", "127.0.0.1", "", "chinh phu.vn"] {
        let out = ketnoi(dir.path(), &["verify", bad]);
        assert_eq!(out.status.code(), Some(65), "{bad:?}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{bad:?}");
        assert!(!text(&out.stderr).is_empty());
    }
    let out = ketnoi(dir.path(), &["verify", "127.0.0.1", "--json"]);
    assert_eq!(out.status.code(), Some(65));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!((v["verdict"].as_str(), v["reason"].as_str()), (Some("invalid"), Some("ip_address")));
}
