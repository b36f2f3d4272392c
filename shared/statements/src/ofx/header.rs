//! The start of an OFX file: the 1.x header (`OFXHEADER:100`, `DATA:OFXSGML`, `VERSION`,
//! `ENCODING`, `CHARSET`, one per line) or the 2.x processing instruction
//! (`<?OFX OFXHEADER="200" VERSION="211" ...?>`), which tell the version and the encoding.

use serde::Serialize;

use crate::StatementError;
use crate::encoding::{self, EncodingSource, TextEncoding};

/// OFX 1.x is SGML (leaf elements need no closing tag), 2.x is XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfxSyntax {
    Sgml,
    Xml,
}

/// What the header said, and the encoding the file is read with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfxInfo {
    pub syntax: OfxSyntax,
    /// `VERSION` of the header (`102`, `151`, `211`, …), when there is a header.
    pub version: Option<String>,
    /// The WHATWG name of the encoding.
    pub encoding: String,
    pub encoding_source: EncodingSource,
}

/// Whether `prefix` (the first bytes of a file) looks like OFX or QFX.
pub fn looks_like_ofx(prefix: &[u8]) -> bool {
    header_fields(prefix).is_some()
}

struct Fields {
    syntax: OfxSyntax,
    version: Option<String>,
    /// The encoding label the header declares, if any.
    declared: Option<String>,
}

/// The file's kind, version and encoding from its first bytes.
pub(crate) fn read(sample: &[u8], whole: bool) -> Result<(OfxInfo, TextEncoding), StatementError> {
    let fields = header_fields(sample).ok_or_else(|| {
        StatementError::NotOfx(
            "it starts with neither an OFX header (OFXHEADER:100 or <?OFX ...?>) nor <OFX>"
                .to_owned(),
        )
    })?;
    let utf8_text = !sample.is_ascii() && encoding::is_utf8_prefix(sample, whole);
    let declared_utf8 = fields
        .declared
        .as_deref()
        .is_some_and(|l| l.eq_ignore_ascii_case("utf-8"));
    // A header saying USASCII or 1252 over bytes that are valid UTF-8 is wrong about them, and
    // a charset this crate does not know is no reason to refuse the file: detect instead.
    let label = fields
        .declared
        .as_deref()
        .filter(|_| declared_utf8 || !utf8_text)
        .filter(|label| encoding::resolve_label(label).is_ok());
    let encoding = encoding::choose(label, sample, whole)?;
    encoding::check_text(sample, &encoding)?;
    let info = OfxInfo {
        syntax: fields.syntax,
        version: fields.version,
        encoding: encoding.name().to_owned(),
        encoding_source: encoding.source,
    };
    Ok((info, encoding))
}

fn header_fields(sample: &[u8]) -> Option<Fields> {
    // Decoding as UTF-8 sniffs a byte-order mark (so UTF-16 files work); the header is ASCII.
    let (text, _, _) = encoding_rs::UTF_8.decode(sample.get(..4096).unwrap_or(sample));
    let text = text.trim_start();
    let upper = text.to_ascii_uppercase();
    if upper.starts_with("OFXHEADER:") {
        return Some(sgml_fields(text));
    }
    if upper.starts_with("<?XML") || upper.starts_with("<?OFX") {
        let instruction = upper
            .find("<?OFX")
            .and_then(|pi| upper[pi..].find("?>").map(|end| &text[pi..pi + end]));
        if instruction.is_none() && !upper.contains("<OFX>") {
            return None;
        }
        let declaration = upper
            .starts_with("<?XML")
            .then(|| &text[..upper.find("?>").unwrap_or(0)]);
        return Some(Fields {
            syntax: OfxSyntax::Xml,
            version: instruction.and_then(|i| attribute(i, "VERSION")),
            declared: declaration.and_then(|d| attribute(d, "encoding")),
        });
    }
    upper.starts_with("<OFX>").then_some(Fields {
        syntax: OfxSyntax::Sgml,
        version: None,
        declared: None,
    })
}

fn sgml_fields(text: &str) -> Fields {
    let mut version = None;
    let mut encoding = None;
    let mut charset = None;
    for line in text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with('<'))
    {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_owned();
        match key.trim().to_ascii_uppercase().as_str() {
            "VERSION" => version = Some(value),
            "ENCODING" => encoding = Some(value),
            "CHARSET" => charset = Some(value),
            _ => {}
        }
    }
    let declared = match (encoding.as_deref(), charset.as_deref()) {
        (Some(e), _) if e.eq_ignore_ascii_case("UTF-8") => Some("utf-8".to_owned()),
        (_, Some(c)) if c.eq_ignore_ascii_case("NONE") => None,
        (_, Some(c)) if c.len() == 4 && c.starts_with("125") => Some(format!("windows-{c}")),
        (_, Some(c)) if c.starts_with("8859-") => Some(format!("iso-{c}")),
        (_, Some(c)) => Some(c.to_owned()),
        (_, None) => None,
    };
    Fields {
        syntax: OfxSyntax::Sgml,
        version,
        declared,
    }
}

/// The value of `name="value"` (or single quotes) inside a processing instruction.
fn attribute(instruction: &str, name: &str) -> Option<String> {
    let upper = instruction.to_ascii_uppercase();
    let mut from = 0;
    while let Some(found) = upper[from..].find(&name.to_ascii_uppercase()) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || !upper.as_bytes()[at - 1].is_ascii_alphanumeric();
        let rest = instruction[from..].trim_start();
        if let Some(rest) = rest
            .strip_prefix('=')
            .map(str::trim_start)
            .filter(|_| before_ok)
        {
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = &rest[1..];
            return value.find(quote).map(|end| value[..end].to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgml_header() {
        let sample = b"OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n\r\n<OFX>";
        let (info, enc) = read(sample, true).unwrap();
        assert_eq!(info.syntax, OfxSyntax::Sgml);
        assert_eq!(info.version.as_deref(), Some("102"));
        assert_eq!(
            (enc.name(), enc.source),
            ("windows-1252", EncodingSource::Given)
        );
        assert!(looks_like_ofx(sample));
    }

    #[test]
    fn sgml_header_over_utf8_text_reads_utf8() {
        let sample = "OFXHEADER:100\nENCODING:USASCII\nCHARSET:1252\n\n<OFX><NAME>Café".as_bytes();
        let (_, enc) = read(sample, true).unwrap();
        assert_eq!(
            (enc.name(), enc.source),
            ("UTF-8", EncodingSource::ValidUtf8)
        );
    }

    #[test]
    fn charsets() {
        let latin9 = b"OFXHEADER:100\nCHARSET:8859-15\n\n<OFX><NAME>\xa4";
        assert_eq!(read(latin9, true).unwrap().1.name(), "ISO-8859-15");
        let unknown = b"OFXHEADER:100\nCHARSET:KLINGON\n\n<OFX>";
        let (info, _) = read(unknown, true).unwrap();
        assert_eq!(info.encoding_source, EncodingSource::ValidUtf8);
    }

    #[test]
    fn xml_header() {
        let sample = br#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE"?><OFX>"#;
        let (info, enc) = read(sample, true).unwrap();
        assert_eq!(info.syntax, OfxSyntax::Xml);
        assert_eq!(info.version.as_deref(), Some("211"));
        assert_eq!(enc.name(), "UTF-8");
        let bare = br#"<?OFX OFXHEADER='200' VERSION='220'?><OFX>"#;
        assert_eq!(read(bare, true).unwrap().0.version.as_deref(), Some("220"));
        let no_pi = br#"<?xml version="1.0"?><OFX>"#;
        assert_eq!(read(no_pi, true).unwrap().0.syntax, OfxSyntax::Xml);
        assert!(!looks_like_ofx(br#"<?xml version="1.0"?><html>"#));
        let utf16: Vec<u8> = "\u{feff}OFXHEADER:100\n\n<OFX>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(read(&utf16, true).unwrap().1.name(), "UTF-16LE");
    }

    #[test]
    fn no_header() {
        assert!(looks_like_ofx(b"  <OFX><BANKMSGSRSV1>"));
        assert!(!looks_like_ofx(b"date;amount\n"));
        let e = read(b"<html><body>", true).unwrap_err();
        assert!(e.to_string().contains("not an OFX statement"), "{e}");
    }
}
