//! Whether an object's first bytes match its declared content type: the magic numbers of PDF,
//! PNG and JPEG; for text types (CSV, plain text, OFX/QFX) text without NUL or other binary
//! control bytes (UTF-16 with its byte-order mark is text too); OFX also starts with its header.

/// How many leading bytes the check reads.
pub const SNIFF_LEN: usize = 512;

/// Whether `prefix` (the object's first bytes, at most [`SNIFF_LEN`]) can start a file of
/// `content_type`.
pub fn matches(content_type: &str, prefix: &[u8]) -> bool {
    match content_type {
        "application/pdf" => prefix.starts_with(b"%PDF-"),
        "image/png" => prefix.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => prefix.starts_with(b"\xff\xd8\xff"),
        "application/x-ofx"
        | "application/ofx"
        | "application/vnd.intu.qfx"
        | "application/x-qfx" => is_text(prefix) && starts_like_ofx(prefix),
        _ => is_text(prefix),
    }
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

fn is_utf16(prefix: &[u8]) -> bool {
    prefix.starts_with(b"\xff\xfe") || prefix.starts_with(b"\xfe\xff")
}

/// Text in any single-byte or UTF-8 encoding: no NUL and no control bytes other than tab, line
/// feed, form feed, carriage return and escape.
fn is_text(prefix: &[u8]) -> bool {
    if is_utf16(prefix) {
        return true;
    }
    prefix
        .iter()
        .all(|&byte| byte >= 0x20 || matches!(byte, b'\t' | b'\n' | 0x0c | b'\r' | 0x1b))
}

/// OFX 1.x starts with `OFXHEADER:`, OFX 2.x with `<?xml` (then `<?OFX`); some banks send
/// the `<OFX>` element alone. Leading whitespace and a UTF-8 byte-order mark are allowed.
fn starts_like_ofx(prefix: &[u8]) -> bool {
    let text = prefix.strip_prefix(UTF8_BOM).unwrap_or(prefix);
    let start = text
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    [&b"OFXHEADER"[..], b"<?xml", b"<?OFX", b"<OFX>"]
        .iter()
        .any(|marker| {
            text.len() >= marker.len() && text[..marker.len()].eq_ignore_ascii_case(marker)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_decide_binary_types() {
        assert!(matches("application/pdf", b"%PDF-1.7\n..."));
        assert!(!matches("application/pdf", b"<html>"));
        assert!(matches("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!matches("image/png", b"GIF89a"));
        assert!(matches("image/jpeg", b"\xff\xd8\xff\xe0\0\x10JFIF"));
        assert!(!matches("image/jpeg", b"\x89PNG"));
    }

    #[test]
    fn text_types_refuse_binary_content() {
        assert!(matches("text/csv", b"date,amount\r\n2026-01-02,-4.50\r\n"));
        assert!(matches(
            "text/csv",
            b"\xef\xbb\xbfdate;amount\ncaf\xe9;1,50\n"
        ));
        assert!(matches("text/csv", b"\xff\xfed\0a\0t\0e\0"));
        assert!(!matches("text/csv", b"%PDF-1.7\n\x00\x01\x02"));
        assert!(!matches("text/plain", b"\x7fELF\x02\x01\x01\0"));
    }

    #[test]
    fn ofx_needs_its_header() {
        assert!(matches(
            "application/x-ofx",
            b"OFXHEADER:100\r\nDATA:OFXSGML\r\n"
        ));
        assert!(matches(
            "application/vnd.intu.qfx",
            b"\xef\xbb\xbf  <?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\"?>"
        ));
        assert!(matches("application/ofx", b"<OFX><SIGNONMSGSRSV1>"));
        assert!(!matches("application/x-ofx", b"date,amount\n"));
        assert!(!matches("application/x-ofx", b""));
    }
}
