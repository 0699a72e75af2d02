//! Units of government, as they were on a given day.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use ketnoi_domain::{Coverage, Succession, Unit, UnitLevel};
use ketnoi_store::Store;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, non_empty, parse_date, parse_unit_ref};

#[derive(Debug, Deserialize)]
pub struct ListParams {
    parent: Option<String>,
    at: Option<String>,
    level: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DetailParams {
    at: Option<String>,
}

/// The public shape of a unit.
#[derive(Debug, Serialize)]
pub struct UnitView {
    id: String,
    code: Option<String>,
    name: String,
    kind: String,
    kind_label: String,
    level: UnitLevel,
    parent_id: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

impl From<&Unit> for UnitView {
    fn from(u: &Unit) -> Self {
        UnitView {
            id: u.id.clone(),
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind.clone(),
            kind_label: u.kind_label().to_string(),
            level: u.level,
            parent_id: u.parent_id.clone(),
            valid_from: u.valid_from,
            valid_to: u.valid_to,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct UnitList {
    at: NaiveDate,
    parent: Option<UnitView>,
    total: usize,
    items: Vec<UnitView>,
}

/// A neighbour in the reorganisation graph.
#[derive(Debug, Serialize)]
pub struct Link {
    id: String,
    name: Option<String>,
    coverage: Coverage,
    is_default: bool,
}

#[derive(Debug, Serialize)]
pub struct UnitDetail {
    #[serde(flatten)]
    unit: UnitView,
    successors: Vec<Link>,
    predecessors: Vec<Link>,
}

/// `GET /api/v1/units`: children of `parent`, units of one `level`, or the
/// roots (the Government and the provinces), all as of `at`.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<UnitList>, ApiError> {
    let at = parse_date("at", non_empty(&p.at), (state.today)())?;
    let level = non_empty(&p.level)
        .map(|s| {
            UnitLevel::parse(s).ok_or_else(|| {
                ApiError::invalid_query(
                    "level",
                    "phải là central, province, district hoặc commune / must be central, province, district or commune",
                )
            })
        })
        .transpose()?;
    let parent = non_empty(&p.parent).map(|raw| parse_unit_ref("parent", raw)).transpose()?;
    let listing = ketnoi_register::list_units(state.store.as_ref(), parent.as_deref(), level, at)
        .await?
        .ok_or_else(|| ApiError::UnitNotFound(parent.unwrap_or_default()))?;
    let items: Vec<UnitView> = listing.items.iter().map(UnitView::from).collect();
    let parent = listing.parent;
    Ok(Json(UnitList { at, parent: parent.as_ref().map(UnitView::from), total: items.len(), items }))
}

/// `GET /api/v1/units/{id}`: one unit (by id, or by code as of `at`) with
/// the units it became and the units it came from.
pub async fn detail(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath,
    ApiQuery(p): ApiQuery<DetailParams>,
) -> Result<Json<UnitDetail>, ApiError> {
    let at = parse_date("at", non_empty(&p.at), (state.today)())?;
    let store = state.store.as_ref();
    let wanted = parse_unit_ref("id", &raw)?;
    let unit = ketnoi_register::resolve_unit(store, &wanted, at).await?.ok_or(ApiError::UnitNotFound(wanted))?;
    let (forward, backward) = store.successions(&unit.id).await?;
    let successors = links(store, &forward, |s| &s.successor_id).await?;
    let predecessors = links(store, &backward, |s| &s.predecessor_id).await?;
    Ok(Json(UnitDetail { unit: UnitView::from(&unit), successors, predecessors }))
}

async fn links(
    store: &dyn Store,
    edges: &[Succession],
    other: impl Fn(&Succession) -> &String,
) -> Result<Vec<Link>, ApiError> {
    let mut out = Vec::with_capacity(edges.len());
    for edge in edges {
        let id = other(edge).clone();
        let name = store.get_unit(&id).await?.map(|u| u.name);
        out.push(Link { id, name, coverage: edge.coverage, is_default: edge.is_default });
    }
    Ok(out)
}
