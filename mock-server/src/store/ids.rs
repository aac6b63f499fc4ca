//! What the store issues: BlueTape ids and sign-up URLs, the same on every backend.

use std::fmt;

use bluetape_model::SignUpDetails;

/// A BlueTape id the store issued: 48 bits, written as 12 hex digits, as in the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BlueTapeId(u64);

impl fmt::Display for BlueTapeId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:012x}", self.0)
    }
}

/// BlueTape ids that look random and never repeat, with no set of issued ids to search: the n-th
/// id is n scrambled by a permutation of the 48-bit integers, keyed per store so that two mocks
/// issue different ids. A database keeps the key and the count, so that a restarted mock goes on
/// where it stopped.
#[derive(Debug)]
pub(super) struct IdSequence {
    pub(super) issued: u64,
    pub(super) key: u64,
}

impl Default for IdSequence {
    fn default() -> Self {
        IdSequence {
            issued: 0,
            key: new_key(),
        }
    }
}

/// A key for a new sequence.
pub(super) fn new_key() -> u64 {
    fastrand::u64(..) & IdSequence::MASK
}

impl IdSequence {
    const BITS: u32 = 48;
    pub(super) const MASK: u64 = (1 << Self::BITS) - 1;

    pub(super) fn next(&mut self) -> BlueTapeId {
        let id = Self::nth(self.issued, self.key);
        // 2^48 ids: at a million a second, nine years of one mock.
        self.issued = (self.issued + 1) & Self::MASK;
        id
    }

    /// The `n`-th id of the sequence keyed `key`.
    pub(super) fn nth(n: u64, key: u64) -> BlueTapeId {
        BlueTapeId(Self::scramble(n, key))
    }

    /// A bijection of the 48-bit integers: each step is one (a xor, a product by an odd number
    /// modulo 2^48, a xor with the value shifted right), so distinct inputs give distinct ids.
    fn scramble(n: u64, key: u64) -> u64 {
        let mut x = (n ^ key) & Self::MASK;
        x = x.wrapping_mul(0x9E37_79B9_7F4B) & Self::MASK;
        x ^= x >> 24;
        x = x.wrapping_mul(0xC2B2_AE3D_27D5) & Self::MASK;
        x ^= x >> 21;
        x
    }
}

/// A BlueTape id as the store keeps it: one it issued (a number, written out when read), or one
/// the real API issued, given by a seed recorded through the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum KeptId {
    Issued(BlueTapeId),
    Given(Box<str>),
}

impl fmt::Display for KeptId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeptId::Issued(id) => id.fmt(formatter),
            KeptId::Given(id) => formatter.write_str(id),
        }
    }
}

/// A sign-up URL as the store keeps it: the token of one it issued, or one the real API issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum KeptSignUp {
    Token(u64),
    Given(Box<str>),
}

impl KeptSignUp {
    /// A new customer's: a token of its own.
    pub(super) fn new() -> Self {
        KeptSignUp::Token(new_sign_up_token())
    }

    /// The URL.
    pub(super) fn details(&self) -> SignUpDetails {
        match self {
            KeptSignUp::Token(token) => sign_up(*token),
            KeptSignUp::Given(url) => SignUpDetails {
                sign_up_url: url.to_string(),
            },
        }
    }
}

/// A new customer's sign-up token: random, so that no one guesses another customer's URL.
pub(super) fn new_sign_up_token() -> u64 {
    fastrand::u64(..)
}

/// The sign-up URL of the customer whose token is `token`.
pub(super) fn sign_up(token: u64) -> SignUpDetails {
    SignUpDetails {
        sign_up_url: format!("https://www.bluetape.com/signup?id={token:016x}"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_never_repeat_and_look_random() {
        let mut ids = IdSequence::default();
        let issued: Vec<String> = (0..1_000_000).map(|_| ids.next().to_string()).collect();
        assert!(issued.iter().all(|id| id.len() == 12));
        assert_eq!(issued.iter().collect::<HashSet<_>>().len(), issued.len());
        // Consecutive ids share no obvious prefix: the sequence is scrambled, not counted.
        let shared_prefixes = issued
            .windows(2)
            .filter(|pair| pair[0][..6] == pair[1][..6])
            .count();
        assert!(shared_prefixes < 100, "{shared_prefixes}");
    }

    #[test]
    fn the_scramble_is_a_bijection_on_a_small_range_of_the_full_width() {
        // Distinct inputs anywhere in the 48 bits, including the top, map to distinct outputs.
        let top = IdSequence::MASK;
        let inputs = (0..100_000).chain(top - 100_000..=top);
        let outputs: HashSet<u64> = inputs
            .clone()
            .map(|n| IdSequence::scramble(n, 0x1234_5678_9abc))
            .collect();
        assert_eq!(outputs.len(), inputs.count());
        assert!(outputs.iter().all(|&id| id <= IdSequence::MASK));
    }

    #[test]
    fn two_sequences_have_different_keys() {
        assert_ne!(IdSequence::default().key, IdSequence::default().key);
    }
}
