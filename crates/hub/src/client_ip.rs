//! The client's address: the TCP peer, unless the peer is a configured
//! trusted proxy, in which case the forwarding headers are read from the
//! right, skipping trusted proxies. Headers from anyone else are ignored, so
//! a client cannot claim an allowed address by sending X-Forwarded-For.

use std::net::IpAddr;

use ipnet::IpNet;
use ketnoi_domain::access::canonical_ip;

pub fn client_ip(peer: IpAddr, trusted: &[IpNet], forwarded: Option<&str>, x_forwarded_for: Option<&str>) -> IpAddr {
    let peer = canonical_ip(peer);
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    // RFC 7239 `Forwarded: for=…` wins over the de facto X-Forwarded-For.
    let chain: Vec<IpAddr> = match (forwarded, x_forwarded_for) {
        (Some(f), _) => forwarded_for(f),
        (None, Some(x)) => x.split(',').filter_map(|s| parse_ip(s.trim())).collect(),
        (None, None) => Vec::new(),
    };
    chain.into_iter().rev().map(canonical_ip).find(|ip| !is_trusted(ip)).unwrap_or(peer)
}

fn forwarded_for(header: &str) -> Vec<IpAddr> {
    header
        .split(',')
        .flat_map(|element| element.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
        .filter_map(|(_, v)| parse_ip(v.trim().trim_matches('"')))
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]`, `[2001:db8::1]:443`, `2001:db8::1`.
fn parse_ip(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    s.rsplit_once(':').and_then(|(host, _)| host.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(s: &[&str]) -> Vec<IpNet> {
        s.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn untrusted_peers_cannot_spoof() {
        let ip = client_ip("203.0.113.9".parse().unwrap(), &nets(&["10.0.0.0/8"]), None, Some("127.0.0.1"));
        assert_eq!(ip, "203.0.113.9".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn trusted_proxies_are_skipped_from_the_right() {
        let trusted = nets(&["10.0.0.0/8", "127.0.0.1/32"]);
        let ip = client_ip("127.0.0.1".parse().unwrap(), &trusted, None, Some("1.1.1.1, 203.0.113.7, 10.1.2.3"));
        assert_eq!(ip, "203.0.113.7".parse::<IpAddr>().unwrap(), "the left-most entry can be forged by the client");
        let ip = client_ip(
            "::ffff:127.0.0.1".parse().unwrap(),
            &trusted,
            Some("for=\"[2001:db8::7]:443\";proto=https, for=10.0.0.2"),
            Some("9.9.9.9"),
        );
        assert_eq!(ip, "2001:db8::7".parse::<IpAddr>().unwrap());
        let no_header = client_ip("127.0.0.1".parse().unwrap(), &trusted, None, None);
        assert_eq!(no_header, "127.0.0.1".parse::<IpAddr>().unwrap());
        let garbage = client_ip("127.0.0.1".parse().unwrap(), &trusted, None, Some("not-an-ip, <script>"));
        assert_eq!(garbage, "127.0.0.1".parse::<IpAddr>().unwrap());
    }
}
