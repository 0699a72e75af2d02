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
}
