use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checker, DomainError};

/// The two focal contacts of the Thanh Hóa annex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// Đầu mối tại cơ quan, đơn vị.
    Unit,
    /// Đầu mối của bộ phận phát triển hoặc doanh nghiệp (developer / vendor).
    Vendor,
}

impl ContactRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactRole::Unit => "unit",
            ContactRole::Vendor => "vendor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "unit" => Some(ContactRole::Unit),
            "vendor" => Some(ContactRole::Vendor),
            _ => None,
        }
    }
}

/// A focal contact. Personal data: it leaves the store only on operator paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub unit_id: String,
    pub role: ContactRole,
    pub full_name: String,
    #[serde(default)]
    pub position: Option<String>,
    /// Phòng (department) for a unit contact; đơn vị (company) for a vendor.
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl ContactInput {
    pub fn validate(mut self) -> Result<ContactInput, DomainError> {
        let mut c = Checker::default();
        c.text("unit_id", &self.unit_id, true, 64);
        c.text("full_name", &self.full_name, true, 200);
        c.optional_text("position", &self.position, 200);
        c.optional_text("department", &self.department, 300);
        if let Some(p) = &self.phone {
            let ok = p.chars().count() <= 60
                && p.chars().any(|ch| ch.is_ascii_digit())
                && p.chars().all(|ch| ch.is_ascii_digit() || " .+-/()".contains(ch));
            if !ok {
                c.fail("phone", "số điện thoại chỉ gồm chữ số và . + - / ( ), tối đa 60 ký tự");
            }
        }
        if let Some(e) = &self.email {
            let e = e.trim();
            let ok = e.len() <= 254
                && matches!(e.split_once('@'), Some((l, d)) if !l.is_empty() && d.contains('.') && !d.contains('@'))
                && !e.chars().any(|ch| ch.is_whitespace() || ch.is_control());
            if !ok {
                c.fail("email", "địa chỉ thư điện tử không hợp lệ");
            }
        }
        c.finish()?;
        let clean = |v: Option<String>| v.map(|s| crate::text::nfc(s.trim())).filter(|s| !s.is_empty());
        self.full_name = crate::text::nfc(self.full_name.trim());
        self.position = clean(self.position);
        self.department = clean(self.department);
        self.phone = clean(self.phone);
        self.email = clean(self.email);
        Ok(self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    #[serde(flatten)]
    pub input: ContactInput,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> ContactInput {
        ContactInput {
            unit_id: "38".into(),
            role: ContactRole::Unit,
            full_name: "Trần Lê Phúc".into(),
            position: Some("Chuyên viên".into()),
            department: Some("Phòng QL CNTT".into()),
            phone: Some("0912.933.361".into()),
            email: Some("phuc@thanhhoa.gov.vn".into()),
        }
    }

    #[test]
    fn seed_style_contacts_are_valid() {
        assert!(contact().validate().is_ok());
        let two_numbers = ContactInput { phone: Some("080.48964 / 0962.244.666".into()), ..contact() };
        assert!(two_numbers.validate().is_ok());
    }

    #[test]
    fn bad_phone_email_and_name_are_reported() {
        let bad = ContactInput {
            full_name: "".into(),
            phone: Some("<script>".into()),
            email: Some("a@b@c".into()),
            ..contact()
        };
        let fields: Vec<_> = bad.validate().unwrap_err().fields().iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["full_name", "phone", "email"]);
    }
}
