//! The element structure of OFX from its tokens. An element followed by text is a leaf (its
//! end tag optional, as in OFX 1.x SGML); any other is an aggregate, closed by its end tag (an
//! end tag closes every element opened after it) or by the end of the file.

use std::collections::VecDeque;

use crate::ofx::tokens::Token;

/// The deepest nesting accepted; OFX statements nest about ten deep.
const MAX_DEPTH: usize = 64;

/// Aggregates that leaves are attributed to: a leaf's parent is the innermost of these that is
/// open, so an element misread as an aggregate (an empty SGML leaf) does not hide its siblings.
const AGGREGATES: &[&str] = &[
    "OFX",
    "SIGNONMSGSRSV1",
    "SONRS",
    "STATUS",
    "FI",
    "BANKMSGSRSV1",
    "STMTTRNRS",
    "STMTRS",
    "BANKACCTFROM",
    "BANKACCTTO",
    "BANKTRANLIST",
    "STMTTRN",
    "PAYEE",
    "CURRENCY",
    "ORIGCURRENCY",
    "LEDGERBAL",
    "AVAILBAL",
    "BALLIST",
    "BAL",
    "CREDITCARDMSGSRSV1",
    "CCSTMTTRNRS",
    "CCSTMTRS",
    "CCACCTFROM",
    "CCACCTTO",
    "INVSTMTMSGSRSV1",
    "INVSTMTTRNRS",
    "INVSTMTRS",
];

/// What the structure says, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Open(String),
    Close(String),
    Leaf {
        name: String,
        value: String,
        parent: Option<&'static str>,
    },
}

#[derive(Default)]
pub(crate) struct Outline {
    stack: Vec<String>,
    pending: Option<String>,
    text: String,
}

impl Outline {
    /// Takes the next token, adding what it completes to `out`.
    pub fn feed(&mut self, token: Token, out: &mut VecDeque<Node>) -> Result<(), String> {
        match token {
            Token::Text(text) => {
                if self.pending.is_some() {
                    self.text.push_str(&text);
                }
            }
            Token::Open(name) => {
                self.settle_pending(out)?;
                self.pending = Some(name);
            }
            Token::Close(name) => {
                if self.pending.as_deref() == Some(name.as_str()) {
                    self.pending = None;
                    self.leaf(name, out);
                } else {
                    self.settle_pending_as_leaf(out);
                    if let Some(at) = self.stack.iter().rposition(|open| *open == name) {
                        self.close_down_to(at, out);
                    }
                }
            }
            Token::Eof => {
                self.settle_pending_as_leaf(out);
                self.close_down_to(0, out);
            }
        }
        Ok(())
    }

    /// The pending element, followed by a tag: a leaf if it had text, else an aggregate.
    fn settle_pending(&mut self, out: &mut VecDeque<Node>) -> Result<(), String> {
        let Some(name) = self.pending.take() else {
            return Ok(());
        };
        if !self.text.trim().is_empty() {
            self.leaf(name, out);
            return Ok(());
        }
        self.text.clear();
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("elements are nested deeper than {MAX_DEPTH}"));
        }
        out.push_back(Node::Open(name.clone()));
        self.stack.push(name);
        Ok(())
    }

    /// The pending element, followed by another element's end tag: a leaf (maybe empty).
    fn settle_pending_as_leaf(&mut self, out: &mut VecDeque<Node>) {
        if let Some(name) = self.pending.take() {
            self.leaf(name, out);
        }
    }

    fn leaf(&mut self, name: String, out: &mut VecDeque<Node>) {
        let parent = self
            .stack
            .iter()
            .rev()
            .find_map(|open| AGGREGATES.iter().find(|a| **a == open.as_str()).copied());
        let value = self.text.trim().to_owned();
        self.text.clear();
        out.push_back(Node::Leaf {
            name,
            value,
            parent,
        });
    }

    fn close_down_to(&mut self, at: usize, out: &mut VecDeque<Node>) {
        while self.stack.len() > at {
            if let Some(name) = self.stack.pop() {
                out.push_back(Node::Close(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ofx::tokens::Tokens;

    fn outline(input: &str) -> Vec<Node> {
        let mut tokens = Tokens::new(input.as_bytes());
        let mut outline = Outline::default();
        let mut out = VecDeque::new();
        loop {
            let token = tokens.next_token().unwrap();
            let eof = token == Token::Eof;
            outline.feed(token, &mut out).unwrap();
            if eof {
                return out.into_iter().collect();
            }
        }
    }

    fn leaf(name: &str, value: &str, parent: &'static str) -> Node {
        Node::Leaf {
            name: name.into(),
            value: value.into(),
            parent: Some(parent),
        }
    }

    #[test]
    fn sgml_and_xml_give_the_same_outline() {
        let sgml =
            "<STMTTRN>\n<TRNTYPE>DEBIT\n<NAME>Shop\n<PAYEE><NAME>Shop Ltd</PAYEE>\n</STMTTRN>";
        let xml = "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><NAME>Shop</NAME><PAYEE><NAME>Shop Ltd</NAME></PAYEE></STMTTRN>";
        let expected = vec![
            Node::Open("STMTTRN".into()),
            leaf("TRNTYPE", "DEBIT", "STMTTRN"),
            leaf("NAME", "Shop", "STMTTRN"),
            Node::Open("PAYEE".into()),
            leaf("NAME", "Shop Ltd", "PAYEE"),
            Node::Close("PAYEE".into()),
            Node::Close("STMTTRN".into()),
        ];
        assert_eq!(outline(sgml), expected);
        assert_eq!(outline(xml), expected);
    }

    #[test]
    fn an_end_tag_closes_what_was_left_open_and_eof_closes_the_rest() {
        let nodes = outline("<OFX><STMTRS><BANKTRANLIST><STMTTRN><FITID>1</STMTRS><CCSTMTRS><X>");
        let closes: Vec<_> = nodes
            .iter()
            .filter_map(|n| match n {
                Node::Close(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            closes,
            ["STMTTRN", "BANKTRANLIST", "STMTRS", "CCSTMTRS", "OFX"]
        );
    }

    #[test]
    fn an_empty_leaf_does_not_hide_its_siblings() {
        let nodes = outline("<STMTTRN><MEMO><FITID>9</STMTTRN>");
        assert!(nodes.contains(&leaf("FITID", "9", "STMTTRN")));
    }

    #[test]
    fn nesting_is_capped() {
        let deep = "<A>".repeat(MAX_DEPTH + 2);
        let mut tokens = Tokens::new(deep.as_bytes());
        let mut outline = Outline::default();
        let mut out = VecDeque::new();
        let mut result = Ok(());
        while result.is_ok() {
            let token = tokens.next_token().unwrap();
            if token == Token::Eof {
                break;
            }
            result = outline.feed(token, &mut out);
        }
        assert!(result.unwrap_err().contains("nested deeper"));
    }
}
