//! OFX and QFX statements, 1.x (SGML) and 2.x (XML): every `<STMTTRN>` of the bank and
//! credit-card statements as a row, streamed, and each statement's currency, account and
//! ledger balance.

pub mod header;
pub mod statement;

mod outline;
mod tokens;
mod values;

use std::collections::VecDeque;
use std::io::{BufReader, Chain, Cursor, Read};

use crate::currency::Currencies;
use crate::encoding::Decoded;
use crate::limits::TokenCap;
use crate::sample::{SAMPLE_BYTES, sample};
use crate::{Options, RowResult, StatementError};

use header::OfxInfo;
use outline::{Node, Outline};
use statement::{OfxStatement, Statements};
use tokens::{Token, Tokens};

type Source<R> = BufReader<TokenCap<Decoded<Chain<Cursor<Vec<u8>>, R>>>>;

/// The rows of an OFX file, streamed. Each item is `Ok(row or row error)`, or `Err` for a fatal
/// error after which the iterator ends.
pub struct OfxRows<R: Read> {
    tokens: Tokens<Source<R>>,
    outline: Outline,
    nodes: VecDeque<Node>,
    statements: Statements,
    info: OfxInfo,
    max_token: usize,
    at_eof: bool,
    finished: bool,
}

impl<R: Read> OfxRows<R> {
    /// The header and encoding of the file.
    pub fn info(&self) -> &OfxInfo {
        &self.info
    }

    /// The statements read to the end so far (all of them once the iterator is exhausted); the
    /// ledger balance follows the transactions in OFX, so it is known at the statement's end.
    pub fn statements(&self) -> &[OfxStatement] {
        &self.statements.done
    }

    fn fail(&mut self, error: StatementError) -> Option<Result<RowResult, StatementError>> {
        self.finished = true;
        Some(Err(error))
    }
}

impl<R: Read> Iterator for OfxRows<R> {
    type Item = Result<RowResult, StatementError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            while let Some(node) = self.nodes.pop_front() {
                if let Some(row) = self.statements.take(node) {
                    return Some(Ok(row));
                }
            }
            if self.finished {
                return None;
            }
            if self.at_eof {
                self.finished = true;
                if self.statements.seen == 0 {
                    return Some(Err(StatementError::NotOfx(
                        "it has no bank statement (STMTRS) nor credit-card statement (CCSTMTRS)"
                            .to_owned(),
                    )));
                }
                return None;
            }
            let token = match self.tokens.next_token() {
                Ok(token) => token,
                Err(message) => {
                    let cap = self.tokens.get_ref().get_ref();
                    let error = if cap.tripped() {
                        StatementError::TooLong {
                            what: "an OFX element or value",
                            at: format!("line {}", cap.line()),
                            limit: self.max_token,
                        }
                    } else {
                        StatementError::MalformedOfx(message)
                    };
                    return self.fail(error);
                }
            };
            self.at_eof = token == Token::Eof;
            if let Err(message) = self.outline.feed(token, &mut self.nodes) {
                return self.fail(StatementError::MalformedOfx(message));
            }
        }
    }
}

/// Opens an OFX or QFX file: reads its header from the first bytes, then streams.
pub fn parse_ofx<R: Read>(input: R, options: &Options) -> Result<OfxRows<R>, StatementError> {
    let currencies = Currencies::new(options)?;
    let sampled = sample(input, SAMPLE_BYTES)?;
    if sampled.head.is_empty() {
        return Err(StatementError::Empty);
    }
    let (info, encoding) = header::read(&sampled.head, sampled.whole)?;
    let max_token = options.limits.max_record_bytes;
    let source = BufReader::new(TokenCap::new(
        Decoded::new(
            sampled.into_reader(encoding.bom_len),
            encoding.encoding,
            false,
        ),
        max_token,
    ));
    Ok(OfxRows {
        tokens: Tokens::new(source),
        outline: Outline::default(),
        nodes: VecDeque::new(),
        statements: Statements::new(currencies, options.limits.max_field_chars),
        info,
        max_token,
        at_eof: false,
        finished: false,
    })
}
