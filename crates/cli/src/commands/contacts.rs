use chrono::NaiveDate;
use ketnoi_domain::{ContactInput, ContactRole};
use ketnoi_store::Store;

use super::{bad_input, print_json};
use crate::cli::{ContactsCommand, RoleArg};

pub async fn run(store: &dyn Store, command: ContactsCommand, today: NaiveDate) -> anyhow::Result<()> {
    match command {
        ContactsCommand::Add { unit, role, name, position, department, phone, email, json } => {
            let unit = resolve(store, &unit, today).await?;
            let role = match role {
                RoleArg::Unit => ContactRole::Unit,
                RoleArg::Vendor => ContactRole::Vendor,
            };
            let input = ContactInput { unit_id: unit, role, full_name: name, position, department, phone, email }
                .validate()
                .map_err(|e| bad_input(e.to_string()))?;
            let contact = store.create_contact(&input).await?;
            if json { print_json(&contact)? } else { outln!("đã thêm đầu mối số {}", contact.id) }
        }
        ContactsCommand::List { unit, json } => {
            let unit = match unit {
                Some(code) => Some(resolve(store, &code, today).await?),
                None => None,
            };
            let contacts = store.list_contacts(unit.as_deref()).await?;
            if json {
                print_json(&contacts)?;
            } else {
                for c in contacts {
                    let i = c.input;
                    outln!(
                        "{:>5}  {:<16} {:<6} {}  {}  {}",
                        c.id,
                        i.unit_id,
                        i.role.as_str(),
                        i.full_name,
                        i.phone.unwrap_or_default(),
                        i.email.unwrap_or_default()
                    );
                }
            }
        }
        ContactsCommand::Delete { id } => {
            store.delete_contact(id, None).await?;
            outln!("đã xoá đầu mối số {id}");
        }
    }
    Ok(())
}

async fn resolve(store: &dyn Store, code: &str, today: NaiveDate) -> anyhow::Result<String> {
    Ok(ketnoi_register::resolve_unit(store, code, today)
        .await?
        .ok_or_else(|| bad_input(format!("không có đơn vị mã «{code}»")))?
        .id)
}
