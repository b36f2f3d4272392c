//! Text encodings: which one a file is in (given, from its byte-order mark, valid UTF-8, or a
//! guess by `chardetng`), whether it is text at all, and a streaming decoder to UTF-8.

use std::io::{self, Read};

use encoding_rs::{Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE};
use serde::Serialize;

use crate::StatementError;

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// The caller named it.
    Given,
    /// The file starts with a byte-order mark (which wins over a given encoding).
    ByteOrderMark,
    /// Nothing was given and the first bytes are valid UTF-8.
    ValidUtf8,
    /// Nothing was given, the file is not UTF-8, and `chardetng` guessed the legacy encoding.
    Guessed,
}

/// The encoding a parse decodes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextEncoding {
    pub encoding: &'static Encoding,
    /// The length of the byte-order mark to skip.
    pub bom_len: usize,
    pub source: EncodingSource,
}

impl TextEncoding {
    /// The WHATWG name (`UTF-8`, `windows-1252`, `UTF-16LE`, …). ISO-8859-1 is decoded as
    /// windows-1252, as browsers do: they differ only in C1 control codes.
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }
}

/// The encoding of a label such as `utf-8`, `UTF-8 with BOM`, `windows-1252`, `latin1`.
pub(crate) fn resolve_label(label: &str) -> Result<&'static Encoding, StatementError> {
    let normal = label.trim().to_ascii_lowercase();
    let known = match normal.as_str() {
        "utf-8-bom" | "utf8-bom" | "utf-8 with bom" | "utf-8-sig" | "utf8" => Some(UTF_8),
        other => Encoding::for_label_no_replacement(other.as_bytes()),
    };
    known.ok_or_else(|| StatementError::UnknownEncoding(label.to_owned()))
}

/// Chooses the encoding of a file from its first bytes (`whole` when they are all of it).
pub(crate) fn choose(
    given: Option<&str>,
    sample: &[u8],
    whole: bool,
) -> Result<TextEncoding, StatementError> {
    let given = given.map(resolve_label).transpose()?;
    if let Some((encoding, bom_len)) = Encoding::for_bom(sample) {
        return Ok(TextEncoding {
            encoding,
            bom_len,
            source: EncodingSource::ByteOrderMark,
        });
    }
    let (encoding, source) = match given {
        Some(encoding) => (encoding, EncodingSource::Given),
        None if is_utf8_prefix(sample, whole) => (UTF_8, EncodingSource::ValidUtf8),
        None => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, whole);
            let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
            (guess, EncodingSource::Guessed)
        }
    };
    Ok(TextEncoding {
        encoding,
        bom_len: 0,
        source,
    })
}

/// Valid UTF-8, except that a sample cut short may end inside a character.
pub(crate) fn is_utf8_prefix(sample: &[u8], whole: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => !whole && e.error_len().is_none(),
    }
}

/// Refuses a sample that is not text in `encoding`: NUL bytes, or control characters.
pub(crate) fn check_text(sample: &[u8], encoding: &TextEncoding) -> Result<(), StatementError> {
    let body = sample.get(encoding.bom_len..).unwrap_or_default();
    if body.is_empty() {
        return Ok(());
    }
    let is_utf16 = encoding.encoding == UTF_16LE || encoding.encoding == UTF_16BE;
    if !is_utf16 && let Some(at) = body.iter().position(|&b| b == 0) {
        return Err(StatementError::Binary(if looks_like_utf16(body) {
            "it looks like UTF-16 without a byte-order mark; set the encoding to utf-16le or utf-16be".to_owned()
        } else {
            format!("it has a NUL byte at offset {}", at + encoding.bom_len)
        }));
    }
    let (text, _) = encoding.encoding.decode_without_bom_handling(body);
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) {
            controls += 1;
        }
    }
    if controls > 0 && controls * 100 > chars {
        return Err(StatementError::Binary(format!(
            "{controls} control characters in its first {} bytes",
            body.len()
        )));
    }
    Ok(())
}

/// ASCII text in UTF-16: every other byte NUL, the others printable.
fn looks_like_utf16(body: &[u8]) -> bool {
    let printable = |b: &u8| matches!(b, b' '..=b'~' | b'\t' | b'\r' | b'\n');
    let parity = |start: usize| body.iter().skip(start).step_by(2);
    let pattern = |zeros: usize, text: usize| {
        let nul = parity(zeros).filter(|&&b| b == 0).count();
        let shown = parity(text).filter(|b| printable(b)).count();
        let half = parity(zeros).count();
        half >= 4 && nul * 10 >= half * 9 && shown * 10 >= parity(text).count() * 9
    };
    pattern(1, 0) || pattern(0, 1)
}

/// UTF-8 from a reader in any encoding, a buffer at a time. UTF-8 input is either passed
/// through untouched (the CSV parser checks each field and reports bad bytes by row) or
/// decoded with U+FFFD for malformed sequences.
pub(crate) struct Decoded<R> {
    inner: R,
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_len: usize,
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
    finished: bool,
}

const RAW_BUFFER: usize = 16 * 1024;

impl<R: Read> Decoded<R> {
    /// `inner` must be past the byte-order mark.
    pub fn new(inner: R, encoding: &'static Encoding, pass_utf8_through: bool) -> Self {
        let decoder = (!(pass_utf8_through && encoding == UTF_8))
            .then(|| encoding.new_decoder_without_bom_handling());
        Self {
            inner,
            decoder,
            raw: Vec::new(),
            raw_pos: 0,
            raw_len: 0,
            out: Vec::new(),
            out_pos: 0,
            eof: false,
            finished: false,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(decoder) = self.decoder.as_mut() else {
            return self.inner.read(buf);
        };
        loop {
            if self.out_pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            if self.raw_pos == self.raw_len && !self.eof {
                self.raw.resize(RAW_BUFFER, 0);
                self.raw_len = match self.inner.read(&mut self.raw) {
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                self.raw_pos = 0;
                self.eof = self.raw_len == 0;
            }
            let input = &self.raw[self.raw_pos..self.raw_len];
            let room = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len().saturating_mul(3).saturating_add(16));
            self.out.resize(room, 0);
            let (_, read, written, _) = decoder.decode_to_utf8(input, &mut self.out, self.eof);
            self.raw_pos += read;
            self.out.truncate(written);
            self.out_pos = 0;
            self.finished = self.eof && self.raw_pos == self.raw_len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    fn decode_all(bytes: &[u8], encoding: &'static Encoding, pass: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut reader = Decoded::new(bytes, encoding, pass);
        let mut buf = [0u8; 3];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(resolve_label("UTF-8 with BOM").unwrap(), UTF_8);
        assert_eq!(resolve_label("ISO-8859-1").unwrap(), WINDOWS_1252);
        assert_eq!(resolve_label(" Windows-1252 ").unwrap(), WINDOWS_1252);
        assert_eq!(resolve_label("utf-16").unwrap(), UTF_16LE);
        assert!(matches!(
            resolve_label("klingon"),
            Err(StatementError::UnknownEncoding(_))
        ));
        assert!(resolve_label("iso-2022-kr").is_err());
    }

    #[test]
    fn choice_by_bom_validity_and_guess() {
        let bom = choose(Some("windows-1252"), b"\xEF\xBB\xBFa;b", true).unwrap();
        assert_eq!(
            (bom.name(), bom.bom_len, bom.source),
            ("UTF-8", 3, EncodingSource::ByteOrderMark)
        );
        let utf16 = choose(None, b"\xFF\xFEa\0", true).unwrap();
        assert_eq!((utf16.name(), utf16.bom_len), ("UTF-16LE", 2));
        let utf8 = choose(None, "Café;12".as_bytes(), true).unwrap();
        assert_eq!(utf8.source, EncodingSource::ValidUtf8);
        let cut = choose(None, &"é".as_bytes()[..1], false).unwrap();
        assert_eq!(cut.source, EncodingSource::ValidUtf8);
        let latin = choose(None, b"Caf\xe9 cr\xe8me;\xa312.00\nD\xe9p\xf4t;3", true).unwrap();
        assert_eq!(
            (latin.name(), latin.source),
            ("windows-1252", EncodingSource::Guessed)
        );
        let given = choose(Some("latin1"), b"abc", true).unwrap();
        assert_eq!(
            (given.name(), given.source),
            ("windows-1252", EncodingSource::Given)
        );
    }

    #[test]
    fn binary_is_refused() {
        let utf8 = choose(None, b"x", true).unwrap();
        assert!(check_text(b"date;amount\n2024-01-01;1\n", &utf8).is_ok());
        let zip = b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0";
        let e = check_text(zip, &utf8).unwrap_err().to_string();
        assert!(e.contains("NUL byte"), "{e}");
        let e = check_text(b"a\0b\0c\0d\0e\0", &utf8)
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-16 without a byte-order mark"), "{e}");
        let e = check_text(b"\x01\x02\x03\x04abc", &utf8)
            .unwrap_err()
            .to_string();
        assert!(e.contains("control characters"), "{e}");
    }

    #[test]
    fn decoding_streams_in_small_reads() {
        assert_eq!(
            decode_all(b"Caf\xe9 \xa3", WINDOWS_1252, true),
            "Café £".as_bytes()
        );
        let utf16: Vec<u8> = "é€a".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_all(&utf16, UTF_16LE, true), "é€a".as_bytes());
        assert_eq!(decode_all(b"a\xffb", UTF_8, true), b"a\xffb");
        assert_eq!(decode_all(b"a\xffb", UTF_8, false), "a\u{fffd}b".as_bytes());
        assert_eq!(decode_all(b"", WINDOWS_1252, true), b"");
    }
}
