//! Random secrets handed to users and their stored form: opaque tokens (refresh, email
//! verification, password reset), numeric email codes and MFA recovery codes.
//!
//! Only [`token_hash`] of a token is stored, so a leaked table does not hand out live tokens;
//! look a token up by its hash. All randomness comes from the operating system.

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

/// Random bytes in a token: 256 bits.
const TOKEN_BYTES: usize = 32;

/// Symbols of a recovery code: lower-case letters and digits without the look-alikes 0, o, 1
/// and l. 32 symbols, so each carries exactly 5 bits and `byte % 32` has no bias.
const RECOVERY_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// Symbols on each side of the dash in a recovery code (2 x 4 x 5 = 40 bits).
const RECOVERY_GROUP_LENGTH: usize = 4;

/// Random bytes at or above this are redrawn, so `byte % 10` is uniform (250 = 25 x 10).
const DECIMAL_REJECTION_BOUND: u8 = 250;

/// Fills `buffer` from the operating system's random generator.
///
/// There is no safe fallback when the operating system cannot give randomness (weak tokens would
/// be worse than none), so this panics and the invocation fails; on Linux it does not happen once
/// the kernel's generator is seeded.
pub(crate) fn fill_random(buffer: &mut [u8]) {
    if let Err(error) = getrandom::fill(buffer) {
        panic!("the operating system's random generator failed: {error}");
    }
}

/// A new 256-bit random token, base64url without padding (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0_u8; TOKEN_BYTES];
    fill_random(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token: SHA-256, base64url without padding (43 characters).
pub fn token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// A uniformly random code of `digits` decimal digits, leading zeros kept (email codes use 6).
pub fn numeric_code(digits: u32) -> String {
    let wanted = usize::try_from(digits).unwrap_or(usize::MAX);
    let mut code = String::with_capacity(wanted.min(64));
    let mut batch = [0_u8; 32];
    while code.len() < wanted {
        fill_random(&mut batch);
        for byte in batch {
            if code.len() == wanted {
                break;
            }
            if byte < DECIMAL_REJECTION_BOUND {
                code.push(char::from(b'0' + byte % 10));
            }
        }
    }
    code
}

/// `count` distinct recovery codes like `k7m2-q9xw` (40 random bits each).
pub fn recovery_codes(count: usize) -> Vec<String> {
    let mut seen = HashSet::with_capacity(count);
    let mut codes = Vec::with_capacity(count);
    while codes.len() < count {
        let code = recovery_code();
        if seen.insert(code.clone()) {
            codes.push(code);
        }
    }
    codes
}

fn recovery_code() -> String {
    let mut bytes = [0_u8; 2 * RECOVERY_GROUP_LENGTH];
    fill_random(&mut bytes);
    let symbol = |byte: &u8| char::from(RECOVERY_ALPHABET[usize::from(byte % 32)]);
    let (first, second) = bytes.split_at(RECOVERY_GROUP_LENGTH);
    let mut code: String = first.iter().map(symbol).collect();
    code.push('-');
    code.extend(second.iter().map(symbol));
    code
}

/// Whether `a` and `b` are equal, in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_base64url(text: &str) -> bool {
        text.bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    }

    #[test]
    fn random_tokens_are_43_base64url_characters_and_unique() {
        let tokens: HashSet<String> = (0..1_000).map(|_| random_token()).collect();
        assert_eq!(tokens.len(), 1_000);
        for token in &tokens {
            assert_eq!(token.len(), 43);
            assert!(is_base64url(token), "{token}");
            assert_eq!(URL_SAFE_NO_PAD.decode(token).unwrap().len(), 32);
        }
    }

    #[test]
    fn a_token_hash_is_stable_and_differs_from_the_token() {
        let token = random_token();
        assert_eq!(token_hash(&token), token_hash(&token));
        assert_ne!(token_hash(&token), token);
        assert_ne!(token_hash(&token), token_hash(&random_token()));
        assert_eq!(token_hash(&token).len(), 43);
    }

    #[test]
    fn a_token_hash_is_sha256_in_base64url() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(
            token_hash("abc"),
            "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"
        );
    }

    #[test]
    fn numeric_codes_have_the_requested_number_of_digits() {
        for digits in [0, 1, 6, 8, 40] {
            let code = numeric_code(digits);
            assert_eq!(code.len(), usize::try_from(digits).unwrap());
            assert!(code.bytes().all(|byte| byte.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn numeric_codes_use_every_digit_in_every_position() {
        let codes: Vec<String> = (0..2_000).map(|_| numeric_code(6)).collect();
        for position in 0..6 {
            let used: HashSet<u8> = codes.iter().map(|code| code.as_bytes()[position]).collect();
            assert_eq!(used.len(), 10, "position {position}");
        }
    }

    #[test]
    fn numeric_code_digits_are_roughly_uniform() {
        let mut counts = [0_u32; 10];
        for byte in numeric_code(100_000).bytes() {
            counts[usize::from(byte - b'0')] += 1;
        }
        // Expected 10,000 each; a biased draw (e.g. plain `byte % 10`) still passes this loose
        // bound, but a broken one (a missing or doubled digit) does not.
        assert!(
            counts
                .iter()
                .all(|&count| (9_400..=10_600).contains(&count)),
            "{counts:?}"
        );
    }

    #[test]
    fn recovery_codes_look_like_k7m2_q9xw_and_avoid_look_alikes() {
        let codes = recovery_codes(10);
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 9);
            assert_eq!(&code[4..5], "-");
            let symbols = code.replace('-', "");
            assert!(
                symbols
                    .bytes()
                    .all(|byte| RECOVERY_ALPHABET.contains(&byte)),
                "{code}"
            );
            assert!(!symbols.contains(['0', 'o', '1', 'l']), "{code}");
        }
    }

    #[test]
    fn recovery_codes_in_a_set_are_distinct() {
        let codes = recovery_codes(500);
        let distinct: HashSet<&String> = codes.iter().collect();
        assert_eq!(distinct.len(), 500);
    }

    #[test]
    fn the_recovery_alphabet_has_32_distinct_symbols() {
        let distinct: HashSet<&u8> = RECOVERY_ALPHABET.iter().collect();
        assert_eq!(distinct.len(), 32);
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq("same", "same"));
        assert!(constant_time_eq("", ""));
        assert!(!constant_time_eq("same", "Same"));
        assert!(!constant_time_eq("same", "same "));
        assert!(!constant_time_eq("", "x"));
    }
}
