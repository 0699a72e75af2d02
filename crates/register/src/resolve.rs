//! Finding units from what people write: a code (reused by the 2025 reform,
//! so read together with a date) or a name (within an optional scope).

use std::collections::HashMap;

use chrono::NaiveDate;
use ketnoi_domain::Unit;
use ketnoi_domain::text::{fold, strip_committee_prefix};
use ketnoi_store::{Store, StoreError};

/// Resolves a code as it stood on `at` (the 2025 reform reused codes), or
/// else an exact unit id. A code that names no unit on `at` resolves to the
/// unit that last carried it before that day.
pub async fn resolve_unit(store: &dyn Store, code_or_id: &str, at: NaiveDate) -> Result<Option<Unit>, StoreError> {
    let wanted = code_or_id.trim();
    let mut candidates = store.units_by_code(wanted).await?;
    if let Some(i) = candidates.iter().position(|u| u.is_valid_at(at)) {
        return Ok(Some(candidates.swap_remove(i)));
    }
    if let Some(u) = store.get_unit(wanted).await? {
        return Ok(Some(u));
    }
    candidates.retain(|u| u.valid_to.is_some_and(|to| to < at));
    candidates.sort_by_key(|u| u.valid_to);
    Ok(candidates.pop())
}

/// Why a name did not lead to exactly one unit.
#[derive(Debug)]
pub enum NameMiss {
    NotFound,
    Ambiguous(Vec<Unit>),
}

/// Looks units up by name, remembering ancestors so that scoping thousands
/// of rows to one province costs one query per unit, not per row.
pub struct NameResolver<'a> {
    store: &'a dyn Store,
    scope: Option<String>,
    at: NaiveDate,
    parents: HashMap<String, Option<String>>,
}

impl<'a> NameResolver<'a> {
    pub fn new(store: &'a dyn Store, scope: Option<String>, at: NaiveDate) -> Self {
        NameResolver { store, scope, at, parents: HashMap::new() }
    }

    pub async fn find(&mut self, written: &str) -> Result<Result<Unit, NameMiss>, StoreError> {
        let key = fold(strip_committee_prefix(written));
        let mut found = self.store.units_by_name_key(&key).await?;
        if let Some(scope) = self.scope.clone() {
            let mut kept = Vec::new();
            for u in found {
                if self.within(&u, &scope).await? {
                    kept.push(u);
                }
            }
            found = kept;
        }
        if found.len() > 1 && found.iter().any(|u| u.is_valid_at(self.at)) {
            found.retain(|u| u.is_valid_at(self.at));
        }
        Ok(match found.len() {
            0 => Err(NameMiss::NotFound),
            1 => Ok(found.remove(0)),
            _ => Err(NameMiss::Ambiguous(found)),
        })
    }

    async fn within(&mut self, unit: &Unit, scope: &str) -> Result<bool, StoreError> {
        let mut current = unit.parent_id.clone();
        if unit.id == scope {
            return Ok(true);
        }
        for _ in 0..8 {
            let Some(id) = current else { return Ok(false) };
            if id == scope {
                return Ok(true);
            }
            current = match self.parents.get(&id) {
                Some(p) => p.clone(),
                None => {
                    let p = self.store.get_unit(&id).await?.and_then(|u| u.parent_id);
                    self.parents.insert(id, p.clone());
                    p
                }
            };
        }
        Ok(false)
    }
}

/// Units as they stood on `at`: the children of `parent` (a code or id), all
/// units of `level`, or without either the top level (the Government and the
/// provinces). `None` when `parent` names no unit.
pub async fn list_units(
    store: &dyn Store,
    parent: Option<&str>,
    level: Option<ketnoi_domain::UnitLevel>,
    at: NaiveDate,
) -> Result<Option<UnitListing>, StoreError> {
    let parent = match parent {
        Some(code) => match resolve_unit(store, code, at).await? {
            Some(u) => Some(u),
            None => return Ok(None),
        },
        None => None,
    };
    let query = ketnoi_store::UnitQuery {
        parent_id: parent.as_ref().map(|p| p.id.clone()),
        level,
        roots_only: parent.is_none() && level.is_none(),
        at,
    };
    let items = store.list_units(&query).await?;
    Ok(Some(UnitListing { parent, items }))
}

#[derive(Debug, Clone)]
pub struct UnitListing {
    pub parent: Option<Unit>,
    pub items: Vec<Unit>,
}
