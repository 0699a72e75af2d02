use std::io::Read;

use anyhow::Context;
use ketnoi_hub::import::parse_jsonl;
use ketnoi_hub::wire::{Envelope, WireItem};
use ketnoi_store::{HubQuery, Store};

use super::{bad_input, print_json, store_input_error};
use crate::cli::HubCommand;

pub async fn run(store: &dyn Store, command: HubCommand) -> anyhow::Result<()> {
    match command {
        HubCommand::Import { file, skip_invalid, max_bytes, json } => {
            let mut bytes = Vec::new();
            std::fs::File::open(&file)
                .map_err(|e| bad_input(format!("không mở được {}: {e}", file.display())))?
                .take(max_bytes as u64 + 1)
                .read_to_end(&mut bytes)?;
            if bytes.len() > max_bytes {
                return Err(bad_input(format!("{}: tệp lớn hơn giới hạn {max_bytes} byte", file.display())));
            }
            let text = String::from_utf8(bytes).map_err(|e| {
                bad_input(format!("{}: không phải UTF-8 (byte {})", file.display(), e.utf8_error().valid_up_to()))
            })?;
            let (items, errors) = parse_jsonl(&text);
            for e in &errors {
                eprintln!("{}:{}: {}", file.display(), e.line, e.reason);
            }
            if !errors.is_empty() && !skip_invalid {
                return Err(bad_input(format!(
                    "{} dòng không hợp lệ; không nhập dòng nào (dùng --skip-invalid để nhập các dòng hợp lệ)",
                    errors.len()
                )));
            }
            let batch: Vec<_> = items.into_iter().map(|(_, id, item, state)| (id, item, state)).collect();
            let counts = store.hub_import(&batch).await.context("import")?;
            if json {
                print_json(&serde_json::json!({ "counts": counts, "rejected": errors }))?;
            } else {
                outln!(
                    "{} tạo mới, {} cập nhật, {} không đổi, {} dòng bị bỏ qua",
                    counts.created,
                    counts.updated,
                    counts.unchanged,
                    errors.len()
                );
            }
        }
        HubCommand::List { all, limit, json } => {
            let page = store
                .hub_list(&HubQuery { any_state: all, limit: limit.clamp(1, 10_000), ..Default::default() })
                .await?;
            if json {
                print_json(&page)?;
            } else {
                for i in &page.items {
                    outln!(
                        "{:>7}  {:<9} {:<8} {}  {}",
                        i.id,
                        i.state.as_str(),
                        i.input.item_type.label_vi(),
                        ketnoi_hub::wire::published_at(i),
                        i.input.title
                    );
                }
            }
        }
        HubCommand::Show { id } => {
            let item = store.hub_get(id).await?.ok_or_else(|| bad_input(format!("không có tin số {id}")))?;
            print_json(&Envelope::ok(WireItem::from(&item), item.updated_at))?;
        }
        HubCommand::Publish { id } => {
            let item =
                store.hub_set_state(id, None, ketnoi_domain::HubState::Published).await.map_err(store_input_error)?;
            outln!("đã xuất bản tin số {id} (phiên bản {})", item.version);
        }
        HubCommand::Withdraw { id } => {
            let item =
                store.hub_set_state(id, None, ketnoi_domain::HubState::Withdrawn).await.map_err(store_input_error)?;
            outln!("đã thu hồi tin số {id} (phiên bản {})", item.version);
        }
    }
    Ok(())
}
