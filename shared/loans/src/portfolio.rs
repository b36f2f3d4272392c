//! The portfolio summary, kept as counters on write: per currency, the active loans and their
//! principal outstanding, the same by delinquency bucket, and per month what was disbursed.
//! Each loan save adds the change of the loan's contribution (what it counts for after the
//! save less what it counted for before) in its own table transaction, so the counters never
//! drift from the loans and are read with one query.

use std::collections::BTreeMap;

use ferrofin_loan_servicing::DelinquencyBucket;
use ferrofin_platform::ports::table::{Condition, Key, Table, TableError, Write};
use ferrofin_platform::records::all_under;
use serde::{Deserialize, Serialize};

use crate::loan::{Loan, LoanStatus};

pub const PORTFOLIO_PARTITION: &str = "LOAN_PORTFOLIO";
pub const CURRENCY_PREFIX: &str = "CURRENCY#";
pub const MONTH_PREFIX: &str = "MONTH#";

/// The counters of one currency.
pub fn currency_key(currency: &str) -> Key {
    Key::new(PORTFOLIO_PARTITION, format!("{CURRENCY_PREFIX}{currency}"))
}

/// What was disbursed in one month (`yyyy-mm`) in one currency.
pub fn month_key(month: &str, currency: &str) -> Key {
    Key::new(
        PORTFOLIO_PARTITION,
        format!("{MONTH_PREFIX}{month}#{currency}"),
    )
}

/// The counters of one currency, as stored (attributes `ADD`ed by loan saves; one pair per
/// late bucket, named by [`bucket_loans`] and [`bucket_outstanding`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CurrencyCounters {
    pub active_loans: i64,
    pub outstanding_principal_minor: i64,
    pub loans_1_30: i64,
    pub outstanding_1_30_minor: i64,
    pub loans_31_60: i64,
    pub outstanding_31_60_minor: i64,
    pub loans_61_90: i64,
    pub outstanding_61_90_minor: i64,
    pub loans_over_90: i64,
    pub outstanding_over_90_minor: i64,
}

impl CurrencyCounters {
    /// The loans late in `bucket` and their principal outstanding (none for `None`).
    pub fn bucket(&self, bucket: DelinquencyBucket) -> (i64, i64) {
        match bucket {
            DelinquencyBucket::None => (0, 0),
            DelinquencyBucket::Days1To30 => (self.loans_1_30, self.outstanding_1_30_minor),
            DelinquencyBucket::Days31To60 => (self.loans_31_60, self.outstanding_31_60_minor),
            DelinquencyBucket::Days61To90 => (self.loans_61_90, self.outstanding_61_90_minor),
            DelinquencyBucket::Over90 => (self.loans_over_90, self.outstanding_over_90_minor),
        }
    }
}

/// What one month disbursed in one currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MonthCounters {
    pub disbursed_loans: i64,
    pub disbursed_principal_minor: i64,
}

/// The counter attribute of loans in a bucket.
pub fn bucket_loans(bucket: DelinquencyBucket) -> String {
    format!("loans_{}", bucket.name())
}

/// The counter attribute of the principal outstanding in a bucket.
pub fn bucket_outstanding(bucket: DelinquencyBucket) -> String {
    format!("outstanding_{}_minor", bucket.name())
}

/// What `loan` counts for: an active loan once, with its principal outstanding, in its bucket
/// too when it is late.
fn contribution(loan: &Loan) -> BTreeMap<String, i64> {
    let mut counts = BTreeMap::new();
    if loan.status != LoanStatus::Active {
        return counts;
    }
    counts.insert("active_loans".to_owned(), 1);
    counts.insert(
        "outstanding_principal_minor".to_owned(),
        loan.outstanding_minor,
    );
    if let Some(standing) = &loan.standing
        && standing.bucket != DelinquencyBucket::None
    {
        counts.insert(bucket_loans(standing.bucket), 1);
        counts.insert(bucket_outstanding(standing.bucket), loan.outstanding_minor);
    }
    counts
}

/// The counter writes of saving `loan` as changed from `before`.
pub fn portfolio_writes(before: Option<&Loan>, loan: &Loan) -> Vec<Write> {
    let old = before.map(contribution).unwrap_or_default();
    let new = contribution(loan);
    let mut deltas: BTreeMap<String, i64> = new.clone();
    for (name, count) in old {
        *deltas.entry(name).or_default() -= count;
    }
    let deltas: Vec<(String, i64)> = deltas
        .into_iter()
        .filter(|(_, delta)| *delta != 0)
        .collect();
    let currency = &loan.request.currency;
    let mut writes = Vec::new();
    if !deltas.is_empty() {
        writes.push(Write::Add {
            key: currency_key(currency),
            deltas,
            condition: Condition::Always,
        });
    }
    let disbursed_now =
        before.is_some_and(|before| before.schedule.is_none()) && loan.schedule.is_some();
    if disbursed_now {
        let month = loan.request.disbursement_date.get(..7).unwrap_or_default();
        writes.push(Write::Add {
            key: month_key(month, currency),
            deltas: vec![
                ("disbursed_loans".to_owned(), 1),
                (
                    "disbursed_principal_minor".to_owned(),
                    loan.outstanding_minor,
                ),
            ],
            condition: Condition::Always,
        });
    }
    writes
}

/// One currency's part of the portfolio: its counters and what the month disbursed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyPortfolio {
    pub currency: String,
    pub counters: CurrencyCounters,
    pub month: MonthCounters,
}

/// The counters stored, with the currency their sort key names.
#[derive(Deserialize)]
struct Stored<T> {
    sk: String,
    #[serde(flatten)]
    counters: T,
}

/// The portfolio per currency, with what `month` (`yyyy-mm`) disbursed: two queries of one
/// partition.
pub async fn read_portfolio(
    table: &dyn Table,
    month: &str,
) -> Result<Vec<CurrencyPortfolio>, TableError> {
    let partition = || PORTFOLIO_PARTITION.to_owned();
    let currencies: Vec<Stored<CurrencyCounters>> =
        all_under(table, partition(), CURRENCY_PREFIX).await?;
    let month_prefix = format!("{MONTH_PREFIX}{month}#");
    let months: Vec<Stored<MonthCounters>> = all_under(table, partition(), &month_prefix).await?;
    let mut by_currency: BTreeMap<String, CurrencyPortfolio> = BTreeMap::new();
    for stored in currencies {
        let currency = stored.sk.trim_start_matches(CURRENCY_PREFIX).to_owned();
        by_currency
            .entry(currency.clone())
            .or_insert(CurrencyPortfolio {
                currency,
                counters: stored.counters,
                month: MonthCounters::default(),
            });
    }
    for stored in months {
        let currency = stored.sk.trim_start_matches(&month_prefix).to_owned();
        by_currency
            .entry(currency.clone())
            .or_insert_with(|| CurrencyPortfolio {
                currency,
                counters: CurrencyCounters::default(),
                month: MonthCounters::default(),
            })
            .month = stored.counters;
    }
    Ok(by_currency.into_values().collect())
}
