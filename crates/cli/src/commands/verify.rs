//! `ketnoi verify URL`: is this site official? Exit 0 whenever the check
//! ran (the verdict is on standard output), 65 for input that is not a web
//! address.

use ketnoi_register::verify::{self, Register, Report, SiteInfo, Verdict};
use ketnoi_store::Store;

use super::{bad_input, print_json};

pub async fn run(store: &dyn Store, input: &str, json: bool) -> anyhow::Result<()> {
    let empty = Register::default();
    // Input that cannot be checked does not need the register.
    let register = match empty.verify(input).verdict {
        Verdict::Invalid(_) => empty,
        _ => verify::load(store).await?,
    };
    let report = verify::report(store, &register, input).await?;
    if json {
        print_json(&report)?;
    } else if report.verdict != "invalid" {
        print_report(&report)?;
    }
    if report.verdict == "invalid" {
        return Err(bad_input(format!("{} ({})", report.message, report.message_en)));
    }
    Ok(())
}

fn print_report(r: &Report) -> std::io::Result<()> {
    let label = match r.verdict {
        "registered" if r.official => "CHÍNH THỨC",
        "registered" => "ĐÃ NGỪNG HOẠT ĐỘNG",
        "subdomain_of_registered" => "CHƯA ĐĂNG KÝ RIÊNG",
        "unregistered_path" => "NGOÀI TRANG ĐÃ ĐĂNG KÝ",
        "look_alike" => "CẢNH BÁO: TÊN MIỀN GIẢ DANH",
        _ => "KHÔNG CÓ TRONG DANH BẠ",
    };
    match r.reason {
        Some(reason) => outln!("{label} [{}: {reason}]", r.verdict),
        None => outln!("{label} [{}]", r.verdict),
    }
    outln!("{}", r.message);
    outln!("{}", r.message_en);
    if let Some(s) = &r.site {
        print_site("trang/cổng", s)?;
    }
    if let Some(u) = &r.unit {
        outln!("  đơn vị: {} {}", u.id, u.name);
    }
    if let Some(s) = &r.related {
        print_site("trang liên quan", s)?;
    }
    if let Some(s) = &r.resembles {
        print_site("trang bị giả danh", s)?;
    }
    Ok(())
}

fn print_site(title: &str, s: &SiteInfo) -> std::io::Result<()> {
    outln!("  {title}: {} {} ({}) {}", s.id, s.name, s.status.as_str(), s.urls.join(" "));
    Ok(())
}
