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
