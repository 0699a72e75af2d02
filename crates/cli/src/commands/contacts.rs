use chrono::NaiveDate;
use ketnoi_domain::{ContactInput, ContactRole};
use ketnoi_store::Store;

use super::{bad_input, print_json, store_input_error};
use crate::cli::{ContactsCommand, RoleArg};

pub async fn run(store: &dyn Store, command: ContactsCommand, today: NaiveDate) -> anyhow::Result<()> {
    match command {
        ContactsCommand::Add { unit, role, name, position, department, phone, email, json } => {
            let unit = resolve(store, &unit, today).await?;
            let input = ContactInput {
                unit_id: unit,
                role: role_of(role),
                full_name: name,
                position,
                department,
                phone,
                email,
            }
            .validate()
            .map_err(|e| bad_input(e.to_string()))?;
            let contact = store.create_contact(&input).await.map_err(store_input_error)?;
            if json { print_json(&contact)? } else { outln!("đã thêm đầu mối số {}", contact.id) }
        }
        ContactsCommand::Update { id, role, name, position, department, phone, email, json } => {
            let current = store.get_contact(id).await?.ok_or_else(|| bad_input(format!("không có đầu mối số {id}")))?;
            let mut input = current.input;
            input.role = role.map(role_of).unwrap_or(input.role);
            input.full_name = name.unwrap_or(input.full_name);
            input.position = position.or(input.position);
            input.department = department.or(input.department);
            input.phone = phone.or(input.phone);
            input.email = email.or(input.email);
            let input = input.validate().map_err(|e| bad_input(e.to_string()))?;
            let contact = store.update_contact(id, Some(current.version), &input).await.map_err(store_input_error)?;
            if json { print_json(&contact)? } else { outln!("đã cập nhật đầu mối số {id}") }
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
            store.delete_contact(id, None).await.map_err(store_input_error)?;
            outln!("đã xoá đầu mối số {id}");
        }
    }
    Ok(())
}

fn role_of(role: RoleArg) -> ContactRole {
    match role {
        RoleArg::Unit => ContactRole::Unit,
        RoleArg::Vendor => ContactRole::Vendor,
    }
}

async fn resolve(store: &dyn Store, code: &str, today: NaiveDate) -> anyhow::Result<String> {
    Ok(ketnoi_register::resolve_unit(store, code, today)
        .await?
        .ok_or_else(|| bad_input(format!("không có đơn vị mã «{code}»")))?
        .id)
}
