//! Annotation ids and timestamps.

use std::sync::atomic::{AtomicU64, Ordering};

/// Lower-case base32 without the look-alikes `i`, `l`, `o`, `u`.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Length of a generated id: 10 characters, 50 random bits.
pub const ID_LEN: usize = 10;

/// A fresh random id: 10 base32 characters from the operating system's
/// random source. [`crate::annotation::AnnotationSet::new_id`] also makes
/// sure the id is not in use (or was not used) in a set.
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    let bits = match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => fallback_bits(),
    };
    id_from_bits(bits)
}

/// The id written by the low 50 bits of `bits` (for callers that make many
/// ids from their own random stream, e.g. batch suggestions).
pub fn id_from_bits(bits: u64) -> String {
    (0..ID_LEN)
        .map(|i| char::from(ALPHABET[((bits >> (5 * i)) & 31) as usize]))
        .collect()
}

/// When the OS has no random source: time, process id and a counter, mixed.
fn fallback_bits() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // splitmix64 finalizer
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The current time in UTC as RFC 3339 with whole seconds,
/// e.g. `2026-11-21T06:40:26Z`.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_base32_and_differ() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), ID_LEN);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn now_is_rfc3339_in_utc() {
        let s = now_rfc3339();
        let parsed =
            time::OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339);
        assert!(parsed.is_ok(), "{s}");
        assert!(s.ends_with('Z') && s.len() == 20, "{s}");
    }
}
