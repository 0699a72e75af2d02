use std::fmt;

/// One field that failed validation, with a reason written for the operator
/// (in Vietnamese: the register is kept by Vietnamese operators).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub reason: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Every invalid field at once, so a form or a CSV row can show all of them.
    #[error("dữ liệu không hợp lệ: {}", join(.0))]
    Invalid(Vec<FieldError>),
}

impl DomainError {
    pub fn field(field: &'static str, reason: impl Into<String>) -> Self {
        DomainError::Invalid(vec![FieldError { field, reason: reason.into() }])
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            DomainError::Invalid(f) => f,
        }
    }
}

fn join(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Collects field errors while a whole record is checked.
#[derive(Default)]
pub(crate) struct Checker(Vec<FieldError>);

impl Checker {
    pub(crate) fn fail(&mut self, field: &'static str, reason: impl Into<String>) {
        self.0.push(FieldError { field, reason: reason.into() });
    }

    /// Rejects empty (when required), over-long and control-character text.
    pub(crate) fn text(&mut self, field: &'static str, value: &str, required: bool, max_chars: usize) {
        if required && value.trim().is_empty() {
            self.fail(field, "không được để trống");
        } else if value.chars().count() > max_chars {
            self.fail(field, format!("dài quá {max_chars} ký tự"));
        } else if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            self.fail(field, "chứa ký tự điều khiển");
        }
    }

    pub(crate) fn optional_text(&mut self, field: &'static str, value: &Option<String>, max_chars: usize) {
        if let Some(v) = value {
            self.text(field, v, false, max_chars);
        }
    }

    pub(crate) fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() { Ok(()) } else { Err(DomainError::Invalid(self.0)) }
    }
}
