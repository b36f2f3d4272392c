//! The first bytes of the input, read once for detection and then replayed in front of the
//! rest, so detection needs no seeking and memory stays at the sample size.

use std::io::{self, Cursor, Read};

/// How much of the input detection looks at.
pub(crate) const SAMPLE_BYTES: usize = 64 * 1024;

pub(crate) struct Sampled<R> {
    pub head: Vec<u8>,
    /// The head is the whole input.
    pub whole: bool,
    rest: R,
}

/// Reads up to `limit` bytes of `input`.
pub(crate) fn sample<R: Read>(mut input: R, limit: usize) -> io::Result<Sampled<R>> {
    let mut head = Vec::with_capacity(limit.min(SAMPLE_BYTES));
    input
        .by_ref()
        .take(u64::try_from(limit).unwrap_or(u64::MAX))
        .read_to_end(&mut head)?;
    Ok(Sampled {
        whole: head.len() < limit,
        head,
        rest: input,
    })
}

impl<R: Read> Sampled<R> {
    /// The whole input again, less its first `skip` bytes (a byte-order mark).
    pub fn into_reader(self, skip: usize) -> io::Chain<Cursor<Vec<u8>>, R> {
        let mut head = Cursor::new(self.head);
        head.set_position(u64::try_from(skip).unwrap_or(0));
        head.chain(self.rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_the_head() {
        let s = sample(&b"abcdef"[..], 4).unwrap();
        assert_eq!((s.head.as_slice(), s.whole), (&b"abcd"[..], false));
        let mut all = String::new();
        s.into_reader(1).read_to_string(&mut all).unwrap();
        assert_eq!(all, "bcdef");
        assert!(sample(&b"ab"[..], 4).unwrap().whole);
    }
}
