//! Webhooks: each publish, update and withdraw is queued in the store in the
//! same transaction as the write (an outbox), then delivered here with an
//! HMAC-SHA256 signature and retried with exponential backoff, per
//! subscriber, until accepted or out of attempts.
//!
//! A receiver checks `X-Ketnoi-Signature: sha256=HEX` where HEX is
//! HMAC-SHA256(secret, "<X-Ketnoi-Timestamp>.<body>"), and rejects stale
//! timestamps. Deliveries of one item may arrive out of order after retries:
//! `Version` in the body tells the newer from the older.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use hmac::{Hmac, KeyInit, Mac};
use ketnoi_domain::{HubEvent, Webhook, WebhookDelivery};
use ketnoi_store::{DeliveryOutcome, Store};
use serde::Serialize;
use sha2::Sha256;
use tokio::sync::watch;

use crate::wire::WireItem;

#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Delay before the first retry; doubled after each failure.
    pub first_retry: Duration,
    pub max_retry: Duration,
    pub max_attempts: u32,
    pub timeout: Duration,
    /// How often the worker looks for due deliveries.
    pub poll: Duration,
    pub user_agent: String,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            first_retry: Duration::from_secs(10),
            max_retry: Duration::from_secs(6 * 3600),
            max_attempts: 15,
            timeout: Duration::from_secs(10),
            poll: Duration::from_secs(1),
            user_agent: format!("ketnoi-webhooks/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The body sent to subscribers.
#[derive(Debug, Serialize)]
pub struct Payload {
    #[serde(rename = "Event")]
    pub event: HubEvent,
    #[serde(rename = "Id")]
    pub id: i64,
    #[serde(rename = "Version")]
    pub version: i64,
    /// The item as the Annex II API serves it; null once withdrawn.
    #[serde(rename = "Item")]
    pub item: Option<WireItem>,
}

pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Delay before attempt `failures + 1`.
pub fn backoff(config: &WebhookConfig, failures: u32) -> Duration {
    let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
    config.first_retry.saturating_mul(factor).min(config.max_retry)
}

pub fn client(config: &WebhookConfig) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(config.timeout)
        .user_agent(config.user_agent.clone())
        // A subscriber must answer itself, not send us elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client with these settings builds")
}

async fn deliver(
    client: &reqwest::Client,
    store: &dyn Store,
    d: &WebhookDelivery,
    hook: &Webhook,
) -> Result<(), String> {
    let item = store.hub_get(d.item_id).await.map_err(|e| e.to_string())?;
    let payload = Payload {
        event: d.event,
        id: d.item_id,
        version: d.item_version,
        item: item.as_ref().filter(|_| d.event != HubEvent::Withdraw).map(WireItem::from),
    };
    let body = serde_json::to_vec(&payload).map_err(|e| e.to_string())?;
    let timestamp = Utc::now().timestamp();
    let response = client
        .post(&hook.url)
        .header("Content-Type", "application/json")
        .header("X-Ketnoi-Event", d.event.as_str())
        .header("X-Ketnoi-Delivery", d.id.to_string())
        .header("X-Ketnoi-Timestamp", timestamp.to_string())
        .header("X-Ketnoi-Signature", signature(&hook.secret, timestamp, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| format!("gửi không được: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("máy nhận trả lời HTTP {}", response.status()))
    }
}

/// Delivers what is due now; returns how many were tried.
pub async fn deliver_due(store: &dyn Store, client: &reqwest::Client, config: &WebhookConfig) -> usize {
    let due = match store.webhook_due(Utc::now(), 50).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read due webhook deliveries");
            return 0;
        }
    };
    for (delivery, hook) in &due {
        let outcome = match deliver(client, store, delivery, hook).await {
            Ok(()) => DeliveryOutcome::Delivered,
            Err(error) => {
                let failures = delivery.attempts + 1;
                let retry_at = (failures < config.max_attempts).then(|| {
                    Utc::now()
                        + chrono::Duration::from_std(backoff(config, failures)).unwrap_or(chrono::Duration::hours(1))
                });
                tracing::info!(delivery = delivery.id, webhook = hook.id, %error, failures, "webhook delivery failed");
                DeliveryOutcome::Failed { error, retry_at }
            }
        };
        if let Err(e) = store.webhook_record(delivery.id, &outcome).await {
            tracing::warn!(error = %e, delivery = delivery.id, "cannot record webhook delivery");
        }
    }
    due.len()
}

/// Runs until `stop` turns true.
pub async fn run_worker(store: Arc<dyn Store>, config: WebhookConfig, mut stop: watch::Receiver<bool>) {
    let client = client(&config);
    loop {
        let tried = deliver_due(store.as_ref(), &client, &config).await;
        if tried == 0 {
            tokio::select! {
                _ = tokio::time::sleep(config.poll) => {}
                _ = stop.wait_for(|s| *s) => return,
            }
        } else if *stop.borrow() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_and_body() {
        // Expected value computed independently with Python's hmac module:
        // hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest()
        let sig = signature("key", 1_700_000_000, b"{}");
        assert_eq!(sig, "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
        assert_ne!(sig, signature("key2", 1_700_000_000, b"{}"));
        assert_ne!(sig, signature("key", 1_700_000_001, b"{}"));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let c = WebhookConfig {
            first_retry: Duration::from_secs(10),
            max_retry: Duration::from_secs(60),
            ..Default::default()
        };
        let delays: Vec<u64> = (1..=5).map(|f| backoff(&c, f).as_secs()).collect();
        assert_eq!(delays, vec![10, 20, 40, 60, 60]);
    }
}
