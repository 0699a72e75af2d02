use chrono::NaiveDate;
use ketnoi_domain::{Unit, UnitLevel};
use ketnoi_store::Store;

use super::{bad_input, print_json};
use crate::cli::{LevelArg, UnitsCommand};

pub async fn run(store: &dyn Store, command: UnitsCommand, today: NaiveDate) -> anyhow::Result<()> {
    match command {
        UnitsCommand::Import { json } => {
            let data = ketnoi_units::builtin()?;
            let counts = store.import_units(&data.units, &data.successions).await?;
            if json {
                print_json(&counts)?;
            } else {
                outln!(
                    "{} units, {} successions: {} created, {} updated, {} unchanged\n{}",
                    data.units.len(),
                    data.successions.len(),
                    counts.created,
                    counts.updated,
                    counts.unchanged,
                    ketnoi_units::ATTRIBUTION
                );
            }
        }
        UnitsCommand::List { parent, at, level, json } => {
            let at = at.unwrap_or(today);
            let listing = ketnoi_register::list_units(store, parent.as_deref(), level.map(level_of), at)
                .await?
                .ok_or_else(|| bad_input(format!("không có đơn vị mã «{}»", parent.unwrap_or_default())))?;
            if json {
                print_json(&listing.items)?;
            } else {
                if let Some(p) = &listing.parent {
                    outln!("# {} ({}) — {} đơn vị trực thuộc ngày {at}", p.name, p.id, listing.items.len());
                }
                for u in &listing.items {
                    print_unit(u)?;
                }
            }
        }
        UnitsCommand::Show { code, at, json } => {
            let unit = ketnoi_register::resolve_unit(store, &code, at.unwrap_or(today))
                .await?
                .ok_or_else(|| bad_input(format!("không có đơn vị mã «{code}»")))?;
            let (successors, predecessors) = store.successions(&unit.id).await?;
            if json {
                print_json(
                    &serde_json::json!({ "unit": unit, "successors": successors, "predecessors": predecessors }),
                )?;
            } else {
                print_unit(&unit)?;
                for s in &successors {
                    outln!("  → {} ({})", s.successor_id, s.coverage.as_str());
                }
                for s in &predecessors {
                    outln!("  ← {} ({})", s.predecessor_id, s.coverage.as_str());
                }
            }
        }
    }
    Ok(())
}

fn level_of(l: LevelArg) -> UnitLevel {
    match l {
        LevelArg::Central => UnitLevel::Central,
        LevelArg::Province => UnitLevel::Province,
        LevelArg::District => UnitLevel::District,
        LevelArg::Commune => UnitLevel::Commune,
    }
}

fn print_unit(u: &Unit) -> std::io::Result<()> {
    let span = match (u.valid_from, u.valid_to) {
        (None, None) => String::new(),
        (from, to) => format!(
            "  [{} … {}]",
            from.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    outln!("{:<16} {:<8} {}  ({}){span}", u.id, u.code.as_deref().unwrap_or("-"), u.name, u.kind_label());
    Ok(())
}
