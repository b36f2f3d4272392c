//! OFX markup as a stream of tags and text, read with `quick-xml` in a lenient mode that also
//! reads OFX 1.x SGML: unclosed leaf elements, end tags that close several elements, a bare
//! `&` in text. Entities and character references are resolved; comments, declarations and
//! processing instructions are skipped.

use std::io::BufRead;

use quick_xml::events::Event;

/// One piece of markup. Tag names are upper-cased (OFX names are upper case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Open(String),
    Close(String),
    Text(String),
    Eof,
}

pub(crate) struct Tokens<R> {
    reader: quick_xml::Reader<R>,
    buf: Vec<u8>,
}

impl<R: BufRead> Tokens<R> {
    pub fn new(input: R) -> Self {
        let mut reader = quick_xml::Reader::from_reader(input);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        config.expand_empty_elements = true;
        Self {
            reader,
            buf: Vec::new(),
        }
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        self.reader.get_ref()
    }

    /// The next token; the error says what is malformed and where.
    pub fn next_token(&mut self) -> Result<Token, String> {
        loop {
            self.buf.clear();
            let event = self
                .reader
                .read_event_into(&mut self.buf)
                .map_err(|e| format!("{e} (near byte {})", self.reader.error_position()))?;
            let token = match event {
                Event::Start(tag) => Token::Open(tag.name().as_ref().to_ascii_uppercase()),
                Event::End(tag) => Token::Close(tag.name().as_ref().to_ascii_uppercase()),
                Event::Text(text) => Token::Text(text.xml10_content().into_owned()),
                Event::CData(data) => Token::Text(data.xml10_content().into_owned()),
                Event::GeneralRef(reference) => Token::Text(match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .map_or_else(|| format!("&{name};"), str::to_owned)
                    }
                }),
                Event::Eof => Token::Eof,
                Event::Empty(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => continue,
            };
            return Ok(token);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Vec<Token> {
        let mut t = Tokens::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match t.next_token().unwrap() {
                Token::Eof => return out,
                token => out.push(token),
            }
        }
    }

    #[test]
    fn sgml_leaves_without_end_tags() {
        use Token::*;
        assert_eq!(
            tokens("<STMTTRN><NAME>AT&T <b>x</STMTTRN>"),
            [
                Open("STMTTRN".into()),
                Open("NAME".into()),
                Text("AT".into()),
                Text("&T ".into()),
                Open("B".into()),
                Text("x".into()),
                Close("STMTTRN".into()),
            ]
        );
    }

    #[test]
    fn xml_entities_cdata_and_empty_elements() {
        use Token::*;
        assert_eq!(
            tokens(
                "<?xml version=\"1.0\"?><!-- c --><MEMO>A &amp; B &#233;<![CDATA[<x>]]></MEMO><E/>"
            ),
            [
                Open("MEMO".into()),
                Text("A ".into()),
                Text("&".into()),
                Text(" B ".into()),
                Text("é".into()),
                Text("<x>".into()),
                Close("MEMO".into()),
                Open("E".into()),
                Close("E".into()),
            ]
        );
    }
}
