//! Parameters of the Annex II endpoints, from whatever body a portal sends
//! (form-urlencoded as in the seed, multipart as PHP's curl sends an array),
//! checked strictly: a bad value is an error naming the parameter, never a
//! silent default.

use ketnoi_domain::HubItemType;
use ketnoi_domain::hub::{DISTRIBUTE_TO_ALL, is_target_id};

/// Annex II: "page_size: số lượng bản ghi của trang (tối đa là 20)".
pub const MAX_PAGE_SIZE: i64 = 20;
/// Far beyond any real register; keeps `(page_index - 1) * page_size` in range.
pub const MAX_PAGE_INDEX: i64 = 1_000_000;
/// More parameters than this is not a portal talking.
pub const MAX_PARAMS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("thiếu tham số {0}")]
    Missing(&'static str),
    #[error("tham số {0} xuất hiện nhiều lần")]
    Duplicate(String),
    #[error("{field} không hợp lệ: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("nội dung yêu cầu không phải UTF-8 hợp lệ")]
    NotUtf8,
    #[error("quá nhiều tham số (tối đa {MAX_PARAMS})")]
    TooMany,
}

impl ParamError {
    pub fn field(&self) -> &str {
        match self {
            ParamError::Missing(f) | ParamError::Invalid { field: f, .. } => f,
            ParamError::Duplicate(f) => f,
            ParamError::NotUtf8 | ParamError::TooMany => "body",
        }
    }
}

/// Name/value pairs in the order received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawParams(pub Vec<(String, String)>);

impl RawParams {
    pub fn push(&mut self, name: String, value: String) -> Result<(), ParamError> {
        if self.0.len() >= MAX_PARAMS {
            return Err(ParamError::TooMany);
        }
        self.0.push((name, value));
        Ok(())
    }

    /// Parses `application/x-www-form-urlencoded` bytes. Unlike the usual
    /// lossy decoders, invalid UTF-8 is an error: a portal must not get back
    /// items for a distribution id it never sent.
    pub fn from_urlencoded(body: &[u8]) -> Result<RawParams, ParamError> {
        let mut params = RawParams::default();
        for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &[][..]),
            };
            params.push(percent_decode(name)?, percent_decode(value)?)?;
        }
        Ok(params)
    }

    pub fn extend(&mut self, other: RawParams) -> Result<(), ParamError> {
        for (n, v) in other.0 {
            self.push(n, v)?;
        }
        Ok(())
    }

    /// The one value of `name`; a parameter given twice is ambiguous.
    pub fn single(&self, name: &'static str) -> Result<Option<&str>, ParamError> {
        let mut values = self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ParamError::Duplicate(name.to_string()));
        }
        Ok(first)
    }

    /// A list parameter: `name=1;3`, `name=1, 3`, or PHP's `name[]=1&name[]=3`.
    fn list(&self, name: &'static str) -> Result<Option<Vec<String>>, ParamError> {
        let bracketed = format!("{name}[]");
        let array: Vec<&str> = self.0.iter().filter(|(n, _)| *n == bracketed).map(|(_, v)| v.as_str()).collect();
        let plain = self.single(name)?;
        let joined = match (plain, array.is_empty()) {
            (Some(_), false) => return Err(ParamError::Duplicate(name.to_string())),
            (Some(p), true) => p.to_string(),
            (None, false) => array.join(";"),
            (None, true) => return Ok(None),
        };
        let items: Vec<String> =
            joined.split([';', ',', ' ', '\t']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        Ok(if items.is_empty() { None } else { Some(items) })
    }
}

fn percent_decode(raw: &[u8]) -> Result<String, ParamError> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ParamError::NotUtf8)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `POST /api/v1/hubcontent/detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRequest {
    pub secret_key: Option<String>,
    pub id: i64,
}

/// `POST /api/v1/hubcontent/distribution`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionRequest {
    pub secret_key: Option<String>,
    /// Empty = every type (`-1`).
    pub types: Vec<HubItemType>,
    /// Empty = every unit (`-1`).
    pub targets: Vec<String>,
    /// 1-based; see [`parse_page_index`].
    pub page_index: i64,
    pub page_size: i64,
}

impl DistributionRequest {
    pub fn offset(&self) -> i64 {
        (self.page_index - 1) * self.page_size
    }
}

pub fn secret_key(params: &RawParams) -> Result<Option<String>, ParamError> {
    Ok(params.single("secret_key")?.map(str::trim).filter(|s| !s.is_empty()).map(String::from))
}

pub fn parse_detail(params: &RawParams) -> Result<DetailRequest, ParamError> {
    let secret_key = secret_key(params)?;
    let raw = params.single("id")?.map(str::trim).filter(|s| !s.is_empty()).ok_or(ParamError::Missing("id"))?;
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| ParamError::Invalid {
        field: "id",
        reason: format!("«{}» không phải số nguyên dương", shorten(raw)),
    })?;
    Ok(DetailRequest { secret_key, id })
}

pub fn parse_distribution(params: &RawParams) -> Result<DistributionRequest, ParamError> {
    let secret_key = secret_key(params)?;
    let types = parse_types(params.list("type")?)?;
    let targets = parse_targets(params.list("distribution")?)?;
    let page_size = number(params.single("page_size")?, "page_size", MAX_PAGE_SIZE)?;
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        return Err(ParamError::Invalid {
            field: "page_size",
            reason: format!("phải từ 1 đến {MAX_PAGE_SIZE} (nhận được {page_size})"),
        });
    }
    let page_index = parse_page_index(params.single("page_index")?)?;
    Ok(DistributionRequest { secret_key, types, targets, page_index, page_size })
}

/// Pages start at 1, as in the seed's example (`page_index=1` for the first
/// page). Clients written for 0-based paging send 0 first: 0 is read as the
/// first page too, so both kinds of client get every item exactly once
/// when they stop at an empty page.
pub fn parse_page_index(raw: Option<&str>) -> Result<i64, ParamError> {
    let index = number(raw, "page_index", 1)?;
    if !(0..=MAX_PAGE_INDEX).contains(&index) {
        return Err(ParamError::Invalid {
            field: "page_index",
            reason: format!("phải từ 1 đến {MAX_PAGE_INDEX} (nhận được {index})"),
        });
    }
    Ok(index.max(1))
}

fn number(raw: Option<&str>, field: &'static str, default: i64) -> Result<i64, ParamError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s
            .parse::<i64>()
            .map_err(|_| ParamError::Invalid {
                field, reason: format!("«{}» không phải số nguyên", shorten(s))
            }),
    }
}

fn parse_types(list: Option<Vec<String>>) -> Result<Vec<HubItemType>, ParamError> {
    let Some(list) = list else { return Ok(Vec::new()) };
    let mut types = Vec::new();
    for s in &list {
        if s == DISTRIBUTE_TO_ALL {
            return Ok(Vec::new());
        }
        let t = s.parse::<i64>().ok().and_then(HubItemType::from_code).ok_or_else(|| ParamError::Invalid {
            field: "type",
            reason: format!(
                "«{}» không phải loại bài viết; dùng -1 (tất cả), 1 (bản tin), 2 (video), 3 (văn bản), 4 (audio), 5 (ảnh)",
                shorten(s)
            ),
        })?;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    types.sort();
    Ok(types)
}

fn parse_targets(list: Option<Vec<String>>) -> Result<Vec<String>, ParamError> {
    let Some(list) = list else { return Ok(Vec::new()) };
    if list.len() > 1000 {
        return Err(ParamError::Invalid { field: "distribution", reason: "nhiều hơn 1000 đơn vị".into() });
    }
    let mut targets = Vec::new();
    for s in list {
        if s == DISTRIBUTE_TO_ALL {
            return Ok(Vec::new());
        }
        if !is_target_id(&s) {
            return Err(ParamError::Invalid {
                field: "distribution",
                reason: format!("«{}» không phải mã địa phương, cơ quan", shorten(&s)),
            });
        }
        if !targets.contains(&s) {
            targets.push(s);
        }
    }
    targets.sort();
    Ok(targets)
}

fn shorten(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    if short.len() < s.len() { format!("{short}…") } else { short }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(s: &str) -> RawParams {
        RawParams::from_urlencoded(s.as_bytes()).unwrap()
    }

    #[test]
    fn the_seed_request_parses() {
        let p = form("secret_key=abc&type=3%2C1&distribution=1%2C2%2C3&page_index=1&page_size=5");
        let r = parse_distribution(&p).unwrap();
        assert_eq!(r.types, vec![HubItemType::News, HubItemType::Document]);
        assert_eq!(r.targets, vec!["1", "2", "3"]);
        assert_eq!((r.page_index, r.page_size, r.offset()), (1, 5, 0));
        assert_eq!(r.secret_key.as_deref(), Some("abc"));
    }

    #[test]
    fn separators_spaces_all_and_php_arrays() {
        for q in ["type=1;3", "type=1%3B+3", "type=3,%201", "type[]=1&type[]=3"] {
            assert_eq!(
                parse_distribution(&form(q)).unwrap().types,
                vec![HubItemType::News, HubItemType::Document],
                "{q}"
            );
        }
        assert!(parse_distribution(&form("type=-1")).unwrap().types.is_empty());
        assert!(parse_distribution(&form("type=1;-1")).unwrap().types.is_empty());
        assert!(parse_distribution(&form("distribution=-1")).unwrap().targets.is_empty());
        assert!(parse_distribution(&form("")).unwrap().targets.is_empty());
    }

    #[test]
    fn page_index_zero_and_one_are_the_first_page() {
        assert_eq!(parse_distribution(&form("page_index=0")).unwrap().page_index, 1);
        assert_eq!(parse_distribution(&form("page_index=1")).unwrap().page_index, 1);
        assert_eq!(parse_distribution(&form("page_index=3&page_size=20")).unwrap().offset(), 40);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let cases = [
            ("type=abc", "type"),
            ("type=9", "type"),
            ("page_size=0", "page_size"),
            ("page_size=21", "page_size"),
            ("page_size=-5", "page_size"),
            ("page_size=99999999999999999999999", "page_size"),
            ("page_index=-1", "page_index"),
            ("page_index=x", "page_index"),
            ("page_index=1000000000", "page_index"),
            ("distribution=1%3B%3Cscript%3E", "distribution"),
            ("type=1&type=2", "type"),
            ("type=1&type[]=2", "type"),
            ("secret_key=a&secret_key=b", "secret_key"),
        ];
        for (q, field) in cases {
            let err = parse_distribution(&form(q)).unwrap_err();
            assert_eq!(err.field(), field, "{q}: {err}");
        }
        assert_eq!(parse_detail(&form("id=abc")).unwrap_err().field(), "id");
        assert_eq!(parse_detail(&form("id=0")).unwrap_err().field(), "id");
        assert_eq!(parse_detail(&form("id=99999999999999999999")).unwrap_err().field(), "id");
        assert_eq!(parse_detail(&form("secret_key=x")).unwrap_err(), ParamError::Missing("id"));
    }

    #[test]
    fn invalid_utf8_and_floods_are_refused() {
        assert_eq!(RawParams::from_urlencoded(b"id=%FF%FE").unwrap_err(), ParamError::NotUtf8);
        assert_eq!(RawParams::from_urlencoded(b"id=\xff").unwrap_err(), ParamError::NotUtf8);
        let flood = "a=1&".repeat(MAX_PARAMS + 1);
        assert_eq!(RawParams::from_urlencoded(flood.as_bytes()).unwrap_err(), ParamError::TooMany);
        // Stray percent signs stay as they are.
        assert_eq!(form("secret_key=50%25%&id=1").single("secret_key").unwrap(), Some("50%%"));
    }
}
