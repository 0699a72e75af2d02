//! Vietnamese phrase banks, written by hand (NFC, with tone marks) so generated texts read like
//! real government news. Placeholders: `{place}` the unit ("tỉnh Thanh Hóa", "Bộ Tài chính"),
//! `{topic}`, `{person}`, `{position}`, `{n}`, `{m}`, `{p}`, `{q}`, `{year}`, `{date}`.

pub(crate) const LOCAL_SUBJECTS: &[&str] = &[
    "Ủy ban nhân dân {place}",
    "Chủ tịch Ủy ban nhân dân {place}",
    "Thường trực Hội đồng nhân dân {place}",
    "Lãnh đạo {place}",
    "Văn phòng Ủy ban nhân dân {place}",
    "Ban Chỉ đạo chuyển đổi số {place}",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ",
    "Sở Y tế",
];

pub(crate) const MINISTRY_SUBJECTS: &[&str] = &[
    "{place}",
    "Lãnh đạo {place}",
    "Bộ trưởng {place}",
    "Văn phòng {place}",
    "Ban Cán sự đảng {place}",
    "Cục Chuyển đổi số và Thống kê",
];

pub(crate) const ACTIONS: &[&str] = &[
    "tổ chức hội nghị triển khai nhiệm vụ {topic}",
    "ban hành kế hoạch {topic} năm {year}",
    "kiểm tra tiến độ {topic}",
    "làm việc với các sở, ngành về {topic}",
    "sơ kết 6 tháng đầu năm về {topic}",
    "tổng kết công tác {topic}",
    "chỉ đạo đẩy mạnh {topic}",
    "phát động phong trào thi đua về {topic}",
    "tập huấn nghiệp vụ {topic}",
    "đối thoại với người dân về {topic}",
];

pub(crate) const TOPICS: &[&str] = &[
    "chuyển đổi số",
    "cải cách hành chính",
    "xây dựng nông thôn mới",
    "phòng, chống thiên tai",
    "phòng, chống dịch bệnh trên gia súc, gia cầm",
    "nâng cao chất lượng giáo dục phổ thông",
    "phát triển kinh tế tập thể",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "giải ngân vốn đầu tư công",
    "thu ngân sách nhà nước",
    "chăm sóc sức khỏe ban đầu cho nhân dân",
    "bảo đảm trật tự, an toàn giao thông",
    "phát triển du lịch cộng đồng",
    "sắp xếp đơn vị hành chính cấp xã",
    "cung cấp dịch vụ công trực tuyến toàn trình",
    "bảo đảm an sinh xã hội",
    "phát triển sản phẩm OCOP",
    "xóa nhà tạm, nhà dột nát",
];

pub(crate) const SENTENCES: &[&str] = &[
    "Theo báo cáo, thời gian qua {place} đã tập trung chỉ đạo thực hiện {topic}, đạt nhiều kết quả tích cực.",
    "Phát biểu tại hội nghị, đồng chí {person}, {position}, đề nghị các cơ quan, đơn vị tiếp tục quán triệt, triển khai nghiêm túc các nhiệm vụ về {topic}.",
    "Đến nay, {n} trên {m} đơn vị đã hoàn thành các chỉ tiêu về {topic}.",
    "Tỷ lệ hồ sơ được giải quyết đúng hạn đạt {p}%, tăng {q}% so với cùng kỳ năm trước.",
    "Bên cạnh những kết quả đạt được, công tác {topic} vẫn còn một số khó khăn, hạn chế cần sớm khắc phục.",
    "Các đại biểu đã thảo luận, đóng góp nhiều ý kiến tâm huyết nhằm nâng cao hiệu quả {topic} trong thời gian tới.",
    "Lãnh đạo {place} yêu cầu các sở, ban, ngành và chính quyền cơ sở tăng cường phối hợp, kịp thời tháo gỡ vướng mắc.",
    "Trong năm {year}, phấn đấu {p}% thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình.",
    "Người dân và doanh nghiệp có thể tra cứu thông tin, nộp hồ sơ và theo dõi kết quả giải quyết trên Cổng Dịch vụ công quốc gia.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước và các nguồn vốn hợp pháp khác.",
    "Giao Văn phòng chủ trì, phối hợp với các đơn vị liên quan theo dõi, đôn đốc việc thực hiện và báo cáo kết quả trước {date}.",
    "Hội nghị đã biểu dương {n} tập thể, cá nhân có thành tích xuất sắc trong {topic}.",
    "Năm {year}, tổng nguồn lực huy động cho {topic} đạt hơn {m} tỷ đồng.",
    "Việc triển khai đồng bộ các giải pháp đã góp phần nâng cao chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính.",
    "Thời gian tới, {place} tiếp tục rà soát, hoàn thiện cơ chế, chính sách, tạo điều kiện thuận lợi cho người dân và doanh nghiệp.",
];

/// Fictional people: synthetic content must not put words in real officials' mouths.
pub(crate) const PERSONS: &[&str] = &[
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Minh Đức",
    "Hoàng Thị Hà",
    "Vũ Quang Huy",
    "Đặng Thu Hương",
    "Bùi Đức Khánh",
    "Đỗ Thị Lan",
    "Ngô Quốc Minh",
    "Dương Văn Nam",
    "Lý Thị Oanh",
    "Trịnh Xuân Phúc",
    "Mai Thanh Sơn",
    "Hồ Thị Tâm",
    "Phan Văn Thắng",
];

pub(crate) const LOCAL_POSITIONS: &[&str] =
    &["Chủ tịch Ủy ban nhân dân {place}", "Phó Chủ tịch Ủy ban nhân dân {place}", "Chánh Văn phòng Ủy ban nhân dân"];

pub(crate) const MINISTRY_POSITIONS: &[&str] = &["Bộ trưởng {place}", "Thứ trưởng {place}", "Chánh Văn phòng {place}"];

pub(crate) const LEGAL_ABSTRACTS: &[&str] = &[
    "Về việc phê duyệt Kế hoạch {topic} năm {year}",
    "Về việc tăng cường {topic}",
    "Ban hành Quy chế phối hợp trong {topic}",
    "Quy định chi tiết một số nội dung về {topic}",
    "Về việc kiện toàn Ban Chỉ đạo {topic}",
    "Về việc giao chỉ tiêu {topic} năm {year}",
];

pub(crate) const SERVICES: &[(&str, &str)] = &[
    ("Đăng ký khai sinh", "Hộ tịch"),
    ("Đăng ký kết hôn", "Hộ tịch"),
    ("Cấp bản sao trích lục hộ tịch", "Hộ tịch"),
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"),
    ("Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh"),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"),
    ("Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đất đai"),
    ("Hỗ trợ chi phí học tập cho học sinh dân tộc thiểu số", "Giáo dục và Đào tạo"),
    ("Đăng ký thường trú", "Đăng ký, quản lý cư trú"),
    ("Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm"),
];

pub(crate) const SERVICE_DOCUMENTS: &[&str] = &[
    "Tờ khai theo mẫu quy định",
    "Bản sao giấy tờ tùy thân của người yêu cầu",
    "Giấy tờ chứng minh nơi cư trú",
    "Văn bản ủy quyền (trường hợp nộp thay)",
    "Bản vẽ thiết kế hoặc sơ đồ vị trí",
];

pub(crate) const OTHER_TITLES: &[&str] = &[
    "Giới thiệu chung",
    "Chức năng, nhiệm vụ, quyền hạn",
    "Cơ cấu tổ chức",
    "Lịch sử hình thành và phát triển",
    "Thông tin liên hệ",
    "Sơ đồ cổng thông tin",
    "Danh bạ điện thoại",
    "Quy chế hoạt động của Cổng thông tin điện tử",
    "Điều kiện tự nhiên",
    "Tiềm năng và cơ hội đầu tư",
];

pub(crate) const MEDIA_PREFIXES: &[&str] = &["Video", "Phóng sự ảnh", "Clip"];

pub(crate) const WEEKDAYS: [&str; 7] = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];
