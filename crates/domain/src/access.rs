//! API keys of the hub (Annex II: a secret key per consumer and an IP
//! allow-list per key) and webhook subscribers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checker, DomainError};

pub const DEFAULT_RATE_PER_MINUTE: u32 = 600;

/// A consumer key. Only hashes of secrets are kept; the secret is shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    /// Public part of the key, printed in logs and lists.
    pub id: String,
    pub name: String,
    /// Hex SHA-256 of the current secret.
    pub secret_hash: String,
    /// After a rotation, the old secret stays valid until `previous_valid_until`.
    pub previous_hash: Option<String>,
    pub previous_valid_until: Option<DateTime<Utc>>,
    /// CIDR blocks the key may be used from.
    pub allow_ips: Vec<String>,
    /// Distribution ids the key may read; `None` = all.
    pub scope: Option<Vec<String>>,
    pub rate_per_minute: u32,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ApiKey {
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut c = Checker::default();
        c.text("name", &self.name, true, 200);
        if self.allow_ips.is_empty() {
            c.fail("allow_ips", "cần ít nhất một dải IP (CIDR); dùng 0.0.0.0/0,::/0 để cho phép mọi nơi");
        }
        for ip in &self.allow_ips {
            if ip.parse::<ipnet::IpNet>().is_err() && ip.parse::<std::net::IpAddr>().is_err() {
                c.fail("allow_ips", format!("«{ip}» không phải địa chỉ IP hay dải CIDR"));
            }
        }
        if let Some(scope) = &self.scope {
            for s in scope {
                if !crate::hub::is_target_id(s) {
                    c.fail("scope", format!("mã «{s}» không hợp lệ"));
                }
            }
        }
        if self.rate_per_minute == 0 || self.rate_per_minute > 1_000_000 {
            c.fail("rate_per_minute", "phải từ 1 đến 1.000.000");
        }
        c.finish()
    }

    /// Whether `ip` is inside one of the key's blocks.
    pub fn allows_ip(&self, ip: std::net::IpAddr) -> bool {
        let ip = canonical_ip(ip);
        self.allow_ips.iter().any(|block| match block.parse::<ipnet::IpNet>() {
            Ok(net) => net.contains(&ip),
            Err(_) => block.parse::<std::net::IpAddr>().is_ok_and(|one| canonical_ip(one) == ip),
        })
    }

    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// IPv4 clients reach a dual-stack listener as `::ffff:a.b.c.d`.
pub fn canonical_ip(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map(std::net::IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// A portal that wants to be told instead of polling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    /// Shared secret for the HMAC signature; never shown again after creation.
    #[serde(skip_serializing)]
    pub secret: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// What happened to an item, as told to webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HubEvent {
    Publish,
    Update,
    Withdraw,
}

impl HubEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            HubEvent::Publish => "publish",
            HubEvent::Update => "update",
            HubEvent::Withdraw => "withdraw",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "publish" => Some(HubEvent::Publish),
            "update" => Some(HubEvent::Update),
            "withdraw" => Some(HubEvent::Withdraw),
            _ => None,
        }
    }
}

/// One event to deliver to one webhook, retried until it is accepted or
/// its attempts run out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    pub id: i64,
    pub webhook_id: i64,
    pub item_id: i64,
    pub event: HubEvent,
    /// The item's version when the event happened.
    pub item_version: i64,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(ips: &[&str]) -> ApiKey {
        ApiKey {
            id: "abcd1234".into(),
            name: "Cổng TTĐT tỉnh Đồng Nai".into(),
            secret_hash: "00".into(),
            previous_hash: None,
            previous_valid_until: None,
            allow_ips: ips.iter().map(|s| s.to_string()).collect(),
            scope: None,
            rate_per_minute: 60,
            revoked_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn ip_allow_lists_match_blocks_single_addresses_and_mapped_ipv4() {
        let k = key(&["203.113.0.0/16", "2001:db8::1"]);
        assert!(k.validate().is_ok());
        assert!(k.allows_ip("203.113.5.6".parse().unwrap()));
        assert!(k.allows_ip("::ffff:203.113.5.6".parse().unwrap()));
        assert!(k.allows_ip("2001:db8::1".parse().unwrap()));
        assert!(!k.allows_ip("203.114.0.1".parse().unwrap()));
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(key(&[]).validate().is_err());
        assert!(key(&["300.1.1.1/8"]).validate().is_err());
        let zero = ApiKey { rate_per_minute: 0, ..key(&["127.0.0.1"]) };
        assert!(zero.validate().is_err());
    }
}
