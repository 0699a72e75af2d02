//! `ketnoi sites export`: the whole register in ketnoi's CSV layout, which
//! `import` reads back unchanged.

use std::collections::HashMap;

use ketnoi_store::{SiteQuery, Store, StoreError};

use crate::layout::{KETNOI_COLUMNS, escape_cell};

const PAGE: i64 = 1000;

pub async fn export_sites(store: &dyn Store) -> Result<String, StoreError> {
    let mut sites = Vec::new();
    loop {
        let page =
            store.list_sites(&SiteQuery { limit: PAGE, offset: sites.len() as i64, ..Default::default() }).await?;
        let done = page.items.len() < PAGE as usize;
        sites.extend(page.items);
        if done {
            break;
        }
    }
    let first_url: HashMap<i64, String> =
        sites.iter().filter_map(|s| s.input.urls.first().map(|u| (s.id, u.clone()))).collect();
    let mut unit_names: HashMap<String, String> = HashMap::new();
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    let csv_err = |e: csv::Error| StoreError::Corrupt(format!("CSV: {e}"));
    out.write_record(KETNOI_COLUMNS.iter().map(|(_, n)| *n)).map_err(csv_err)?;
    for s in &sites {
        let i = &s.input;
        let unit_name = match &i.unit_id {
            None => String::new(),
            Some(id) => match unit_names.get(id) {
                Some(n) => n.clone(),
                None => {
                    let n = store.get_unit(id).await?.map(|u| u.name).unwrap_or_default();
                    unit_names.insert(id.clone(), n.clone());
                    n
                }
            },
        };
        let parent = i.parent_site_id.and_then(|p| first_url.get(&p).cloned()).unwrap_or_default();
        let record = [
            i.unit_id.clone().unwrap_or_default(),
            unit_name,
            i.name.clone(),
            i.urls.join(" "),
            i.status.as_str().to_string(),
            i.technology.clone().unwrap_or_default(),
            i.hosting.as_str().to_string(),
            parent,
            i.sitemaps.join(" "),
            i.crawl.enabled.to_string(),
            i.crawl.delay_seconds.map(|d| d.to_string()).unwrap_or_default(),
            i.crawl.max_urls.map(|d| d.to_string()).unwrap_or_default(),
            i.note.clone().unwrap_or_default(),
        ];
        out.write_record(record.iter().map(|c| escape_cell(c))).map_err(csv_err)?;
    }
    let bytes = out.into_inner().map_err(|e| StoreError::Corrupt(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| StoreError::Corrupt(format!("CSV: {e}")))
}
