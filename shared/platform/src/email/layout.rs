//! The layout of every email: a body is a list of [`Block`]s, written once per template and
//! rendered here twice — as plain text and as a minimal HTML document in which every value is
//! escaped.

/// One piece of a body.
#[derive(Debug)]
pub(super) enum Block {
    Paragraph(String),
    /// A one-time code, shown large.
    Code(String),
    Link {
        label: &'static str,
        url: String,
    },
    /// Labelled values, one a line.
    Facts(Vec<(&'static str, String)>),
}

/// The plain-text body: blocks separated by blank lines.
pub(super) fn text_body(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(text) | Block::Code(text) => text.clone(),
            Block::Link { url, .. } => url.clone(),
            Block::Facts(facts) => facts
                .iter()
                .map(|(label, value)| format!("{label}: {value}"))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    format!("{}\n", parts.join("\n\n"))
}

/// A minimal HTML document of the blocks; every value is escaped.
pub(super) fn html_body(subject: &str, blocks: &[Block]) -> String {
    let body: String = blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(text) => format!("<p>{}</p>\n", escape(text)),
            Block::Code(code) => format!(
                "<p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">{}</p>\n",
                escape(code)
            ),
            Block::Link { label, url } => {
                format!("<p><a href=\"{}\">{}</a></p>\n", escape(url), escape(label))
            }
            Block::Facts(facts) => {
                let items: String = facts
                    .iter()
                    .map(|(label, value)| format!("<li>{}: {}</li>", escape(label), escape(value)))
                    .collect();
                format!("<ul>{items}</ul>\n")
            }
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family:Helvetica,Arial,sans-serif;line-height:1.5;color:#1a1a1a\">\n\
         {body}</body>\n</html>\n",
        escape(subject)
    )
}

/// Escapes text for HTML element content and double- or single-quoted attributes.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_in_content_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let html = html_body(
            "<subject>",
            &[Block::Link {
                label: "open",
                url: "https://x.test/?a=\"><script>".to_owned(),
            }],
        );
        assert!(html.contains("<title>&lt;subject&gt;</title>"));
        assert!(html.contains(r#"<a href="https://x.test/?a=&quot;&gt;&lt;script&gt;">open</a>"#));
    }

    #[test]
    fn facts_are_one_a_line_in_text_and_a_list_in_html() {
        let blocks = [
            Block::Paragraph("Hi,".to_owned()),
            Block::Facts(vec![
                ("Device", "Firefox".to_owned()),
                ("IP address", "203.0.113.10".to_owned()),
            ]),
        ];
        assert_eq!(
            text_body(&blocks),
            "Hi,\n\nDevice: Firefox\nIP address: 203.0.113.10\n"
        );
        assert!(
            html_body("s", &blocks)
                .contains("<ul><li>Device: Firefox</li><li>IP address: 203.0.113.10</li></ul>")
        );
    }
}
