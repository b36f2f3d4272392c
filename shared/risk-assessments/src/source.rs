//! What an assessment reads, as asked and stored: the user's transactions over a window, or
//! an uploaded statement file. [`Source::check`] holds the rules both share.

use ferrofin_files::FileId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::fields::Invalid;
use ferrofin_platform::fields::date_text;
use ferrofin_platform::money::Currency;
use ferrofin_statements::{CsvMapping, Format};
use serde::{Deserialize, Serialize};
use time::Date;

/// The longest window an assessment reads, in days (two years and a leap day).
pub const MAX_WINDOW_DAYS: i64 = 731;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Source {
    /// The user's transactions in `currency` from `from` to `to` (both included), on
    /// `account_ids`, or when `None` on their checking, savings and cash accounts.
    Transactions {
        currency: Currency,
        #[serde(with = "date_text")]
        from: Date,
        #[serde(with = "date_text")]
        to: Date,
        account_ids: Option<Vec<AccountId>>,
    },
    /// A completed file of the requester, uploaded with purpose `statement`: CSV with this
    /// mapping, or OFX/QFX when `mapping` is `None`. Rows in `currency` are assessed; the window
    /// is `from..=to` when given, else the first to the last row's date.
    Statement {
        file_id: FileId,
        mapping: Option<Box<CsvMapping>>,
        currency: Currency,
        #[serde(default, with = "date_text::option")]
        from: Option<Date>,
        #[serde(default, with = "date_text::option")]
        to: Option<Date>,
        /// The balance before the window's first day, in minor units; an OFX statement's
        /// ledger balance gives it when left out.
        opening_balance_minor: Option<i64>,
    },
}

impl Source {
    pub fn currency(&self) -> Currency {
        match self {
            Self::Transactions { currency, .. } | Self::Statement { currency, .. } => *currency,
        }
    }

    /// The window rules: `from` not after `to`, neither after `today`, at most
    /// [`MAX_WINDOW_DAYS`] days.
    pub fn check(&self, today: Date) -> Result<(), Invalid> {
        let (from, to) = match self {
            Self::Transactions { from, to, .. } => (Some(*from), Some(*to)),
            Self::Statement { from, to, .. } => (*from, *to),
        };
        if let Some(to) = to
            && to > today
        {
            return Err(Invalid::field("to", "must not be after today"));
        }
        if let (Some(from), Some(to)) = (from, to) {
            check_window(from, to)?;
        }
        Ok(())
    }
}

/// `from` not after `to` and at most [`MAX_WINDOW_DAYS`] days, both included.
pub fn check_window(from: Date, to: Date) -> Result<(), Invalid> {
    if from > to {
        return Err(Invalid::field("from", "must not be after to"));
    }
    if (to - from).whole_days() + 1 > MAX_WINDOW_DAYS {
        return Err(Invalid::field(
            "to",
            format!("the window is at most {MAX_WINDOW_DAYS} days"),
        ));
    }
    Ok(())
}

/// How to read a statement with `mapping` (OFX without one).
pub fn statement_format(mapping: Option<&CsvMapping>) -> Format {
    mapping.map_or(Format::Ofx, |mapping| {
        Format::Csv(Box::new(mapping.clone()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofin_statements::Column;

    #[test]
    fn a_statement_source_without_a_window_round_trips() {
        let mapping = CsvMapping::new(Column::Name("Date".into()), Column::Name("Amount".into()));
        let source = Source::Statement {
            file_id: FileId::from("f"),
            mapping: Some(Box::new(mapping)),
            currency: Currency::parse("EUR").expect("EUR"),
            from: None,
            to: Some(time::macros::date!(2026 - 04 - 30)),
            opening_balance_minor: None,
        };
        let text = serde_json::to_string(&source).expect("json");
        let back: Source = serde_json::from_str(&text).expect("read back");
        assert_eq!(back, source);
    }
}
