//! Consumer keys: `kn_<id>_<secret>`. The id is public (logs, lists); only a
//! SHA-256 of the whole key is stored, and the comparison runs in constant
//! time. The secret has 256 bits of entropy, so a fast hash is the right one:
//! slow password hashes protect guessable secrets, not random ones.

use chrono::{DateTime, Duration, Utc};
use ketnoi_domain::ApiKey;
use sha2::{Digest, Sha256};

const PREFIX: &str = "kn_";

#[derive(Debug, thiserror::Error)]
#[error("không lấy được số ngẫu nhiên từ hệ điều hành: {0}")]
pub struct RandomError(String);

fn random_hex(bytes: usize) -> Result<String, RandomError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| RandomError(e.to_string()))?;
    Ok(hex::encode(buf))
}

/// A new key id and its full secret (shown to the operator once).
pub fn generate() -> Result<(String, String), RandomError> {
    let id = random_hex(4)?;
    let secret = format!("{PREFIX}{id}_{}", random_hex(32)?);
    Ok((id, secret))
}

/// A random secret for signing webhooks.
pub fn generate_webhook_secret() -> Result<String, RandomError> {
    random_secret()
}

/// 256 random bits in hex: webhook secrets, box edit keys.
pub fn random_secret() -> Result<String, RandomError> {
    random_hex(32)
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The public id inside a presented key, if it has our shape.
pub fn key_id(presented: &str) -> Option<&str> {
    let rest = presented.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()) && secret.len() == 64).then_some(id)
}

/// Why a presented key was refused (the caller turns it into the Annex II
/// answer; the reasons are deliberately not told apart to the client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRefusal {
    Unknown,
    Revoked,
}

/// Checks `presented` against `key`: its current secret, or its previous one
/// during the grace period after a rotation.
pub fn verify(key: &ApiKey, presented: &str, now: DateTime<Utc>) -> Result<(), KeyRefusal> {
    if key.is_revoked() {
        return Err(KeyRefusal::Revoked);
    }
    let given = hash(presented);
    let current = constant_time_eq(given.as_bytes(), key.secret_hash.as_bytes());
    let previous = match (&key.previous_hash, key.previous_valid_until) {
        (Some(h), Some(until)) => now < until && constant_time_eq(given.as_bytes(), h.as_bytes()),
        _ => false,
    };
    if current | previous { Ok(()) } else { Err(KeyRefusal::Unknown) }
}

/// A new secret for `key`; the old one stays valid for `grace`.
pub fn rotate(key: &ApiKey, grace: Duration, now: DateTime<Utc>) -> Result<(ApiKey, String), RandomError> {
    let secret = format!("{PREFIX}{}_{}", key.id, random_hex(32)?);
    let rotated = ApiKey {
        secret_hash: hash(&secret),
        previous_hash: Some(key.secret_hash.clone()),
        previous_valid_until: Some(now + grace),
        updated_at: now,
        ..key.clone()
    };
    Ok((rotated, secret))
}

/// Compares without an early exit, so response time does not reveal how many
/// leading bytes of a guess were right. Only the length can leak, which says
/// nothing useful about a long random secret.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> ApiKey {
        let now = Utc::now();
        ApiKey {
            id: key_id(secret).unwrap().to_string(),
            name: "test".into(),
            secret_hash: hash(secret),
            previous_hash: None,
            previous_valid_until: None,
            allow_ips: vec!["127.0.0.1".into()],
            scope: None,
            rate_per_minute: 60,
            revoked_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn generated_keys_verify_and_others_do_not() {
        let (id, secret) = generate().unwrap();
        assert_eq!(key_id(&secret), Some(id.as_str()));
        let k = key(&secret);
        assert!(verify(&k, &secret, Utc::now()).is_ok());
        let mut wrong = secret.clone();
        wrong.pop();
        wrong.push('x');
        assert_eq!(verify(&k, &wrong, Utc::now()), Err(KeyRefusal::Unknown));
        assert_eq!(key_id("kn_short_x"), None);
        assert_eq!(key_id("*****"), None);
    }

    #[test]
    fn rotation_keeps_the_old_secret_for_the_grace_period_only() {
        let (_, old) = generate().unwrap();
        let now = Utc::now();
        let (rotated, new) = rotate(&key(&old), Duration::hours(1), now).unwrap();
        assert!(verify(&rotated, &new, now).is_ok());
        assert!(verify(&rotated, &old, now + Duration::minutes(59)).is_ok());
        assert!(verify(&rotated, &old, now + Duration::minutes(61)).is_err());
        let revoked = ApiKey { revoked_at: Some(now), ..rotated };
        assert_eq!(verify(&revoked, &new, now), Err(KeyRefusal::Revoked));
    }
}

/// What an operator asks for when issuing a key.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    pub name: String,
    pub allow_ips: Vec<String>,
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    #[serde(default)]
    pub rate_per_minute: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Random(#[from] RandomError),
    #[error(transparent)]
    Invalid(#[from] ketnoi_domain::DomainError),
    #[error(transparent)]
    Store(#[from] ketnoi_store::StoreError),
}

/// Creates a key; the secret is returned once and stored only as a hash.
pub async fn issue(store: &dyn ketnoi_store::Store, request: KeyRequest) -> Result<(ApiKey, String), IssueError> {
    let (id, secret) = generate()?;
    let now = Utc::now();
    let key = ApiKey {
        id,
        name: request.name.trim().to_string(),
        secret_hash: hash(&secret),
        previous_hash: None,
        previous_valid_until: None,
        allow_ips: request.allow_ips.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        scope: request.scope.map(|s| s.iter().map(|t| t.trim().to_string()).collect()),
        rate_per_minute: request.rate_per_minute.unwrap_or(ketnoi_domain::access::DEFAULT_RATE_PER_MINUTE),
        revoked_at: None,
        created_at: now,
        updated_at: now,
    };
    key.validate()?;
    store.key_create(&key).await?;
    Ok((key, secret))
}

/// Rotates and stores; the old secret works for `grace` more.
pub async fn rotate_stored(
    store: &dyn ketnoi_store::Store,
    key: &ApiKey,
    grace: Duration,
) -> Result<(ApiKey, String), IssueError> {
    let (rotated, secret) = rotate(key, grace, Utc::now())?;
    store.key_update(&rotated).await?;
    Ok((rotated, secret))
}

/// Revokes at once, previous secrets included.
pub async fn revoke_stored(store: &dyn ketnoi_store::Store, key: ApiKey) -> Result<ApiKey, IssueError> {
    let now = Utc::now();
    let revoked = ApiKey { revoked_at: Some(key.revoked_at.unwrap_or(now)), updated_at: now, ..key };
    store.key_update(&revoked).await?;
    Ok(revoked)
}
