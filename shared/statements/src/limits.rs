//! Readers that refuse over-long input before it is buffered: [`RecordCap`] bounds a CSV
//! record (however many lines it spans), [`TokenCap`] an OFX tag or value. Both fail with an
//! I/O error and remember that they did, so the parser can say which limit was hit.

use std::io::{self, Read};

fn too_long() -> io::Error {
    io::Error::other("input over the length limit")
}

/// Delivers at most `limit` bytes past the start of the current record, which the CSV parser
/// sets after each record. `limit` includes the parser's read-ahead, so it is the record cap
/// plus the parser's buffer size; the parser checks the exact cap once a record is read.
pub(crate) struct RecordCap<R> {
    inner: R,
    delivered: u64,
    record_start: u64,
    limit: u64,
    tripped: bool,
}

impl<R: Read> RecordCap<R> {
    pub fn new(inner: R, limit: usize) -> Self {
        Self {
            inner,
            delivered: 0,
            record_start: 0,
            limit: u64::try_from(limit).unwrap_or(u64::MAX),
            tripped: false,
        }
    }

    /// The byte offset where the next record starts.
    pub fn record_starts_at(&mut self, offset: u64) {
        self.record_start = offset;
    }

    pub fn tripped(&self) -> bool {
        self.tripped
    }
}

impl<R: Read> Read for RecordCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let end = self.record_start.saturating_add(self.limit);
        let room = end.saturating_sub(self.delivered);
        if self.tripped || room == 0 {
            self.tripped = true;
            return Err(too_long());
        }
        let take = usize::try_from(room).map_or(buf.len(), |room| room.min(buf.len()));
        let n = self.inner.read(&mut buf[..take])?;
        self.delivered += n as u64;
        Ok(n)
    }
}

/// Fails when more than `max` bytes pass without a `<` or `>`: no OFX tag or value is longer.
pub(crate) struct TokenCap<R> {
    inner: R,
    run: usize,
    max: usize,
    line: u64,
    tripped: bool,
}

impl<R: Read> TokenCap<R> {
    pub fn new(inner: R, max: usize) -> Self {
        Self {
            inner,
            run: 0,
            max,
            line: 1,
            tripped: false,
        }
    }

    pub fn tripped(&self) -> bool {
        self.tripped
    }

    /// The line the over-long token was on, when [`Self::tripped`].
    pub fn line(&self) -> u64 {
        self.line
    }
}

impl<R: Read> Read for TokenCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.tripped {
            return Err(too_long());
        }
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                b'<' | b'>' => self.run = 0,
                b'\n' => {
                    self.line += 1;
                    self.run += 1;
                }
                _ => self.run += 1,
            }
            if self.run > self.max {
                self.tripped = true;
                return Err(too_long());
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_cap_moves_with_the_record_start() {
        let mut r = RecordCap::new(&[b'x'; 100][..], 10);
        let mut buf = [0; 64];
        assert_eq!(r.read(&mut buf).unwrap(), 10);
        assert!(r.read(&mut buf).is_err());
        assert!(r.tripped());
        let mut r = RecordCap::new(&[b'x'; 100][..], 10);
        assert_eq!(r.read(&mut buf).unwrap(), 10);
        r.record_starts_at(8);
        assert_eq!(r.read(&mut buf).unwrap(), 8);
    }

    #[test]
    fn token_cap_counts_between_angle_brackets() {
        let mut ok = TokenCap::new(&b"<A>12345<B>12345\n</B>"[..], 6);
        let mut out = Vec::new();
        assert!(ok.read_to_end(&mut out).is_ok());
        let mut long = TokenCap::new(&b"<A>\n1234567<B>"[..], 6);
        assert!(long.read_to_end(&mut out).is_err());
        assert!(long.tripped());
        assert_eq!(long.line(), 2);
    }
}
