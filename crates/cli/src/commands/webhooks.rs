use ketnoi_store::Store;

use super::{bad_input, print_json, store_input_error};
use crate::cli::WebhooksCommand;

pub async fn run(store: &dyn Store, command: WebhooksCommand) -> anyhow::Result<()> {
    match command {
        WebhooksCommand::Add { url, json } => {
            let url = ketnoi_domain::site_url::parse_http_url("url", &url).map_err(|e| bad_input(e.to_string()))?;
            let secret = ketnoi_hub::keys::generate_webhook_secret()?;
            let hook = store.webhook_create(&url, &secret).await?;
            if json {
                print_json(&serde_json::json!({ "webhook": hook, "secret": secret }))?;
            } else {
                outln!("webhook {} → {}\nkhoá ký (chỉ hiện một lần): {secret}", hook.id, hook.url);
            }
        }
        WebhooksCommand::List { json } => {
            let hooks = store.webhook_list().await?;
            if json {
                print_json(&hooks)?;
            } else {
                for h in &hooks {
                    outln!("{:>4}  {}", h.id, h.url);
                }
            }
        }
        WebhooksCommand::Remove { id } => {
            store.webhook_delete(id).await.map_err(store_input_error)?;
            outln!("đã xoá webhook {id}");
        }
    }
    Ok(())
}
