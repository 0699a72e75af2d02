//! Exact and near-duplicate fingerprints of the main text.
//!
//! The same Government directive is republished by hundreds of portals with their own chrome,
//! a different date line and sometimes different tone-mark placement; both fingerprints work on
//! *folded* text (lower case, tone marks and diacritics removed, đ → d, whitespace collapsed) so
//! that such copies meet.

use sha2::{Digest, Sha256};

pub use ketnoi_domain::text::fold;

/// SHA-256 (lower-case hex) of the folded main text: equal for copies that differ only in
/// whitespace, case or tone-mark placement.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(fold(text).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64-bit FNV-1a followed by the MurmurHash3 finaliser: stable across versions and platforms
/// (unlike `DefaultHasher`); the finaliser makes every output bit depend on every input bit,
/// which plain FNV does not do for short strings, and SimHash needs independent bits.
fn shingle_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Words per shingle.
const SHINGLE: usize = 3;

/// 64-bit SimHash (Charikar) over word 3-shingles of the folded text. Words made only of
/// digits are left out: they are the dates, times and counters that differ between copies of
/// one text ("Cập nhật: 10:08 03/04/2024"). Texts shorter than a shingle use their words; empty
/// text is 0.
pub fn simhash(text: &str) -> u64 {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if words.is_empty() {
        return 0;
    }
    let mut weights = [0i64; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *w += 1;
            } else {
                *w -= 1;
            }
        }
    };
    if words.len() < SHINGLE {
        words.iter().for_each(|w| add(shingle_hash(w.as_bytes())));
    } else {
        for window in words.windows(SHINGLE) {
            add(shingle_hash(window.join(" ").as_bytes()));
        }
    }
    weights.iter().enumerate().filter(|(_, w)| **w > 0).fold(0u64, |acc, (bit, _)| acc | 1 << bit)
}

/// Number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Largest Hamming distance between SimHashes of near-duplicates.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

/// Whether two SimHashes belong to near-duplicate texts (Hamming distance ≤ 3).
pub fn near_duplicate(a: u64, b: u64) -> bool {
    hamming(a, b) <= NEAR_DUPLICATE_BITS
}

/// Folded content hash of an empty main text: such documents have no fingerprint to compare.
const EMPTY_CONTENT_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Groups documents into clusters of exact and near duplicates.
///
/// Each item is `(id, content_hash, simhash)` as in a [`Document`](crate::Document). Two items
/// are linked when their content hashes are equal or their SimHashes are [`near_duplicate`];
/// clusters are the transitive closure of the links (union-find): when a ~ b and b ~ c, a and c
/// share a cluster even if they are not near each other. Items with the same id are one document.
///
/// Items without text (the content hash of empty text, or SimHash 0) are never linked by their
/// fingerprints, since every empty page (a home page whose text is all navigation, say) would
/// otherwise be a "duplicate" of every other.
///
/// Output: a partition of the ids, **singletons included** (filter on `len() > 1` to keep only
/// duplicates), ids ascending within a cluster, clusters ordered by their smallest id; the same
/// input always gives the same output whatever its order.
///
/// Near duplicates are found without comparing every pair: SimHashes within
/// [`NEAR_DUPLICATE_BITS`] differing bits agree on at least one of `NEAR_DUPLICATE_BITS + 1`
/// disjoint bit blocks (pigeonhole), so only items sharing a block value are compared.
pub fn cluster(items: &[(u64, &str, u64)]) -> Vec<Vec<u64>> {
    use std::collections::BTreeMap;

    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    fn union(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (find(parent, a), find(parent, b));
        // The smaller index becomes the root: the result does not depend on the order of unions.
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi] = lo;
        }
    }

    let mut parent: Vec<usize> = (0..items.len()).collect();
    let has_text = |i: usize| items[i].1 != EMPTY_CONTENT_HASH && items[i].2 != 0;

    // Same id, and exact duplicates: union with the first item seen with that key.
    let mut by_id: BTreeMap<u64, usize> = BTreeMap::new();
    let mut by_hash: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (id, hash, _)) in items.iter().enumerate() {
        if let Some(&first) = by_id.get(id) {
            union(&mut parent, first, i);
        } else {
            by_id.insert(*id, i);
        }
        if has_text(i) {
            match by_hash.get(hash) {
                Some(&first) => union(&mut parent, first, i),
                None => {
                    by_hash.insert(hash, i);
                }
            }
        }
    }

    // Near duplicates: compare only items that share one of the blocks.
    let blocks = NEAR_DUPLICATE_BITS as usize + 1;
    for b in 0..blocks {
        let (lo, hi) = (b * 64 / blocks, (b + 1) * 64 / blocks);
        let mask = if hi - lo == 64 { u64::MAX } else { ((1u64 << (hi - lo)) - 1) << lo };
        let mut buckets: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for i in (0..items.len()).filter(|&i| has_text(i)) {
            buckets.entry(items[i].2 & mask).or_default().push(i);
        }
        for members in buckets.values() {
            for (k, &i) in members.iter().enumerate() {
                for &j in &members[k + 1..] {
                    if near_duplicate(items[i].2, items[j].2) {
                        union(&mut parent, i, j);
                    }
                }
            }
        }
    }

    let mut groups: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
    for (i, (id, _, _)) in items.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*id);
    }
    let mut clusters: Vec<Vec<u64>> = groups
        .into_values()
        .map(|mut ids| {
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    clusters.sort_unstable_by_key(|c| c[0]);
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_rules() {
        assert_eq!(fold("  Nghị   ĐỊNH\tsố 42 "), "nghi dinh so 42");
        assert_eq!(fold("Thanh Hoá"), fold("Thanh Hóa"));
    }

    #[test]
    fn content_hash_ignores_case_space_and_tone_placement() {
        let a = content_hash("Ủy ban nhân dân tỉnh Thanh Hóa");
        assert_eq!(a, content_hash("  uỷ ban   nhân dân tỉnh THANH HOÁ\n"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, content_hash("Ủy ban nhân dân tỉnh Nghệ An"));
        assert_eq!(content_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn simhash_basics() {
        assert_eq!(simhash(""), 0);
        assert_eq!(hamming(0, u64::MAX), 64);
        assert!(near_duplicate(0b1011, 0b0000));
        assert!(!near_duplicate(0b1111, 0b0000));
        assert_eq!(simhash("Nghị định"), simhash("NGHI DINH"));
    }

    #[test]
    fn empty_content_hash_constant_is_the_hash_of_empty_text() {
        assert_eq!(content_hash(""), EMPTY_CONTENT_HASH);
        assert_eq!(simhash("  \n "), 0);
    }

    #[test]
    fn cluster_is_transitive_deterministic_and_keeps_singletons() {
        let (a, b, c, d) = (1u64 << 40, 0b0111 | 1 << 40, 0b0111_0111 | 1 << 40, u64::MAX ^ 1);
        assert!(near_duplicate(a, b) && near_duplicate(b, c) && !near_duplicate(a, c));
        let items = [(7, "h7", c), (3, "h3", a), (5, "h5", b), (9, "h9", d), (4, "same", d ^ 0xFF00), (1, "same", 42)];
        let expected = vec![vec![1, 4], vec![3, 5, 7], vec![9]];
        assert_eq!(cluster(&items), expected);
        let mut reversed = items;
        reversed.reverse();
        assert_eq!(cluster(&reversed), expected, "independent of input order");
        assert!(cluster(&[]).is_empty());
    }

    #[test]
    fn cluster_near_duplicates_across_every_block() {
        // Three differing bits, one in each of three blocks: only the fourth block is shared.
        let x = 0x0123_4567_89ab_cdefu64;
        let y = x ^ (1 | 1 << 20 | 1 << 40);
        assert_eq!(cluster(&[(1, "a", x), (2, "b", y)]), vec![vec![1, 2]]);
        let z = y ^ 1 << 60;
        assert_eq!(cluster(&[(1, "a", x), (2, "b", z)]), vec![vec![1], vec![2]], "four bits apart");
    }

    #[test]
    fn cluster_never_links_pages_without_text() {
        let items = [(1, EMPTY_CONTENT_HASH, 0), (2, EMPTY_CONTENT_HASH, 0), (3, "x", 0), (4, "y", 1)];
        assert_eq!(cluster(&items), vec![vec![1], vec![2], vec![3], vec![4]]);
        assert_eq!(cluster(&[(1, "x", 5), (1, "y", u64::MAX)]), vec![vec![1]], "one id, one document");
    }
}
