use chrono::Duration;
use ketnoi_hub::keys::{self, IssueError, KeyRequest};
use ketnoi_store::Store;

use super::{bad_input, print_json};
use crate::cli::KeysCommand;

fn issue_error(e: IssueError) -> anyhow::Error {
    match e {
        IssueError::Invalid(d) => bad_input(d.to_string()),
        other => other.into(),
    }
}

pub async fn run(store: &dyn Store, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Create { name, allow_ip, scope, rate, json } => {
            let request = KeyRequest { name, allow_ips: allow_ip, scope, rate_per_minute: rate };
            let (key, secret) = keys::issue(store, request).await.map_err(issue_error)?;
            if json {
                print_json(&serde_json::json!({ "id": key.id, "name": key.name, "allow_ips": key.allow_ips,
                    "scope": key.scope, "rate_per_minute": key.rate_per_minute, "secret": secret }))?;
            } else {
                outln!("khoá {} ({}) — secret_key, chỉ hiện một lần:\n{secret}", key.id, key.name);
            }
        }
        KeysCommand::List { json } => {
            let keys = store.key_list().await?;
            if json {
                let shown: Vec<_> = keys
                    .iter()
                    .map(|k| {
                        serde_json::json!({ "id": k.id, "name": k.name, "allow_ips": k.allow_ips, "scope": k.scope,
                        "rate_per_minute": k.rate_per_minute, "revoked": k.is_revoked(), "created_at": k.created_at })
                    })
                    .collect();
                print_json(&shown)?;
            } else {
                for k in &keys {
                    let state = if k.is_revoked() { "thu hồi" } else { "hiệu lực" };
                    outln!("{}  {:<9} {}  {}", k.id, state, k.allow_ips.join(","), k.name);
                }
            }
        }
        KeysCommand::Rotate { id, grace_hours, json } => {
            let key = store.key_get(&id).await?.ok_or_else(|| bad_input(format!("không có khoá {id}")))?;
            let grace = Duration::hours(i64::from(grace_hours));
            let (rotated, secret) = keys::rotate_stored(store, &key, grace).await.map_err(issue_error)?;
            if json {
                print_json(&serde_json::json!({ "id": rotated.id, "secret": secret,
                    "previous_valid_until": rotated.previous_valid_until }))?;
            } else {
                outln!("khoá {id}: secret_key mới (khoá cũ còn dùng được {grace_hours} giờ):\n{secret}");
            }
        }
        KeysCommand::Revoke { id } => {
            let key = store.key_get(&id).await?.ok_or_else(|| bad_input(format!("không có khoá {id}")))?;
            keys::revoke_stored(store, key).await.map_err(issue_error)?;
            outln!("đã thu hồi khoá {id}");
        }
    }
    Ok(())
}
