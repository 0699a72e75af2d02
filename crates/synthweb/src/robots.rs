//! robots.txt per site, and the RFC 9309 matcher that computes the ground truth
//! (`ExpectedPage::disallowed_by_robots`) from the very same rules.

use crate::model::{SiteSpec, Style, Trait};
use crate::sitemaps;

/// One `User-agent` group.
struct Group {
    agents: Vec<&'static str>,
    /// (allow, pattern)
    rules: Vec<(bool, String)>,
    crawl_delay: Option<String>,
}

fn groups(site: &SiteSpec) -> Vec<Group> {
    let cms_rules: Vec<(bool, String)> = match site.style {
        Style::Joomla => ["/administrator/", "/cache/", "/components/", "/includes/", "/plugins/", "/tmp/"]
            .iter()
            .map(|p| (false, p.to_string()))
            .collect(),
        Style::WordPress => vec![(false, "/wp-admin/".into()), (true, "/wp-admin/admin-ajax.php".into())],
        Style::SharePoint => {
            vec![(false, "/_layouts/".into()), (false, "/_vti_bin/".into()), (false, "/_catalogs/".into())]
        }
        Style::Liferay => vec![(false, "/c/".into()), (false, "/group/".into()), (false, "/user/".into())],
        Style::CustomPhp => vec![(false, "/admin/".into()), (false, "/*?act=login".into())],
    };
    // Fractional Crawl-delay values (0.2–1 s) keep tests fast while still measurable.
    let delay = site.crawl_delay.map(|d| {
        let s = format!("{:.2}", d.as_secs_f64());
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    });
    let mut out = Vec::new();
    if site.has(Trait::RobotsRules) {
        out.push(Group { agents: vec!["Googlebot"], rules: vec![(false, String::new())], crawl_delay: None });
        out.push(Group {
            agents: vec!["AhrefsBot", "SemrushBot"],
            rules: vec![(false, "/".into())],
            crawl_delay: None,
        });
        let mut rules = vec![
            (false, "/web/guest/tin-tuc/".to_string()),
            // Longer than the Disallow above, so it wins for public news (RFC 9309 longest match).
            (true, "/web/guest/tin-tuc/cong-khai/".to_string()),
            (false, "/web/guest/tim-kiem".to_string()),
            (false, "/*.pdf$".to_string()),
        ];
        rules.extend(cms_rules);
        out.push(Group { agents: vec!["*"], rules, crawl_delay: delay });
    } else {
        out.push(Group { agents: vec!["*"], rules: cms_rules, crawl_delay: delay });
    }
    out
}

/// The robots.txt body; `None` for sites without one (404). `origin` is `http://host:port`.
pub(crate) fn robots_txt(site: &SiteSpec, origin: &str) -> Option<String> {
    if site.has(Trait::NoRobots) {
        return None;
    }
    let mut s = format!("# robots.txt - {}\n", site.name);
    for g in groups(site) {
        for a in &g.agents {
            s.push_str(&format!("User-agent: {a}\n"));
        }
        for (allow, p) in &g.rules {
            s.push_str(&format!("{}: {p}\n", if *allow { "Allow" } else { "Disallow" }));
        }
        if let Some(d) = &g.crawl_delay {
            s.push_str(&format!("Crawl-delay: {d}\n"));
        }
        s.push('\n');
    }
    for path in sitemaps::robots_sitemaps(site) {
        s.push_str(&format!("Sitemap: {origin}{path}\n"));
    }
    Some(s)
}

/// Does a pattern (with `*` and a trailing `$`) match the start of `path`?
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pat, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    fn rec(p: &[u8], s: &[u8], anchored: bool) -> bool {
        match p.first() {
            None => !anchored || s.is_empty(),
            Some(b'*') => (0..=s.len()).any(|i| rec(&p[1..], &s[i..], anchored)),
            Some(c) => s.first() == Some(c) && rec(&p[1..], &s[1..], anchored),
        }
    }
    rec(pat.as_bytes(), path.as_bytes(), anchored)
}

/// Whether a crawler in the `*` group may fetch `path_and_query` (RFC 9309: the longest matching
/// pattern wins, Allow wins a tie; an empty Disallow allows everything).
pub(crate) fn allowed(site: &SiteSpec, path_and_query: &str) -> bool {
    if site.has(Trait::NoRobots) || path_and_query == "/robots.txt" {
        return true;
    }
    let groups = groups(site);
    let Some(group) = groups.iter().find(|g| g.agents.contains(&"*")) else { return true };
    let mut best: Option<(usize, bool)> = None;
    for (allow, pattern) in &group.rules {
        if pattern.is_empty() || !pattern_matches(pattern, path_and_query) {
            continue;
        }
        let len = pattern.len();
        best = match best {
            Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
            _ => Some((len, *allow)),
        };
    }
    best.is_none_or(|(_, allow)| allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(pattern_matches("/tin-tuc/", "/tin-tuc/abc"));
        assert!(!pattern_matches("/tin-tuc/", "/tin-tuc"));
        assert!(pattern_matches("/*.pdf$", "/files/a.pdf"));
        assert!(!pattern_matches("/*.pdf$", "/files/a.pdf?x=1"));
        assert!(pattern_matches("/*?act=login", "/index.php?act=login"));
    }
}
