//! Wallet reports built from the rollups: summary, cash flow and net worth, per currency
//! (amounts in different currencies are never added together).

use std::collections::BTreeMap;

use time::{Date, Duration};

use crate::analytics::Flow;
use crate::error::LedgerError;
use crate::portfolio_values::portfolio_values;
use crate::service::Ledger;
use crate::transactions::date_string;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::month::Month;

/// Longest range per interval, so a report stays a bounded amount of work.
pub const MAX_DAYS_BY_DAY: i64 = 366;
pub const MAX_DAYS_BY_WEEK: i64 = 3 * 366;
pub const MAX_MONTHS: usize = 120;
/// How many categories the summary ranks.
pub const TOP_CATEGORIES: usize = 5;

/// Grouping of a cash-flow series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    Day,
    Week,
    Month,
}

/// One category's spending in a currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategorySpend {
    pub category: String,
    pub spent: Money,
}

/// One point of a series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowPoint {
    /// `YYYY-MM-DD` (day, or the Monday of a week) or `YYYY-MM`.
    pub period: String,
    pub income: Money,
    pub expenses: Money,
}

/// The summary of one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencySummary {
    pub currency: Currency,
    pub balance: Money,
    pub income: Money,
    pub expenses: Money,
    pub top_categories: Vec<CategorySpend>,
    pub monthly_trend: Vec<FlowPoint>,
}

/// Assets, liabilities and net worth of one currency at one month end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetWorthPoint {
    pub month: String,
    pub assets: Money,
    pub liabilities: Money,
    /// The investment portfolios' latest values in this currency (their base), at month ends
    /// on or after the day they were valued (earlier values are not kept).
    pub investments: Money,
}

fn money(minor: i64, currency: Currency) -> Money {
    Money::from_minor(minor, currency)
}

fn check_range(from: Date, to: Date, max_days: i64) -> Result<(), LedgerError> {
    if from > to {
        return Err(LedgerError::invalid("from", "must not be after `to`"));
    }
    if (to - from).whole_days() >= max_days {
        return Err(LedgerError::invalid(
            "to",
            format!("the range may span at most {max_days} days for this interval"),
        ));
    }
    Ok(())
}

fn months(from: Date, to: Date) -> Result<Vec<Month>, LedgerError> {
    let mut months = Vec::new();
    let (mut month, last) = (Month::of(from), Month::of(to));
    while month <= last {
        months.push(month);
        if months.len() > MAX_MONTHS {
            return Err(LedgerError::invalid(
                "to",
                format!("the range may span at most {MAX_MONTHS} months"),
            ));
        }
        month = month.next();
    }
    Ok(months)
}

fn period_of(day: Date, interval: Interval) -> String {
    match interval {
        Interval::Day => date_string(day),
        Interval::Week => {
            date_string(day - Duration::days(i64::from(day.weekday().number_days_from_monday())))
        }
        Interval::Month => Month::of(day).to_string(),
    }
}

impl Ledger {
    /// Balances now, income and spending in `[from, to]`, the top spending categories and the
    /// monthly trend (whole months that the range touches), per currency.
    pub async fn summary(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
    ) -> Result<Vec<CurrencySummary>, LedgerError> {
        months(from, to)?;
        let mut summaries: BTreeMap<Currency, CurrencySummary> = BTreeMap::new();
        let blank = |currency: Currency| CurrencySummary {
            currency,
            balance: Money::zero(currency),
            income: Money::zero(currency),
            expenses: Money::zero(currency),
            top_categories: Vec::new(),
            monthly_trend: Vec::new(),
        };
        for account in self.accounts.list(user_id).await? {
            let summary = summaries
                .entry(account.currency)
                .or_insert_with(|| blank(account.currency));
            summary.balance = money(
                summary.balance.minor() + account.balance_minor,
                account.currency,
            );
        }
        for ((_, currency), flow) in self.daily_flows(user_id, from, to).await? {
            let summary = summaries.entry(currency).or_insert_with(|| blank(currency));
            summary.income = money(summary.income.minor() + flow.income_minor, currency);
            summary.expenses = money(summary.expenses.minor() + flow.expense_minor, currency);
        }
        let mut categories: BTreeMap<(Currency, String), i64> = BTreeMap::new();
        let mut trend: BTreeMap<(Currency, String), Flow> = BTreeMap::new();
        for ((month, currency, category), flow) in
            self.monthly_category_flows(user_id, from, to).await?
        {
            *categories.entry((currency, category)).or_default() += flow.expense_minor;
            let point = trend.entry((currency, month)).or_default();
            point.income_minor += flow.income_minor;
            point.expense_minor += flow.expense_minor;
        }
        for ((currency, category), spent) in categories.into_iter().filter(|(_, spent)| *spent > 0)
        {
            let summary = summaries.entry(currency).or_insert_with(|| blank(currency));
            summary.top_categories.push(CategorySpend {
                category,
                spent: money(spent, currency),
            });
        }
        for ((currency, month), flow) in trend {
            let summary = summaries.entry(currency).or_insert_with(|| blank(currency));
            summary.monthly_trend.push(FlowPoint {
                period: month,
                income: money(flow.income_minor, currency),
                expenses: money(flow.expense_minor, currency),
            });
        }
        Ok(summaries
            .into_values()
            .map(|mut summary| {
                summary.top_categories.sort_by(|a, b| {
                    b.spent
                        .minor()
                        .cmp(&a.spent.minor())
                        .then(a.category.cmp(&b.category))
                });
                summary.top_categories.truncate(TOP_CATEGORIES);
                summary
            })
            .collect())
    }

    /// Income, spending and net per period of `[from, to]`, per currency; empty periods included.
    pub async fn cash_flow(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
        interval: Interval,
    ) -> Result<BTreeMap<Currency, Vec<FlowPoint>>, LedgerError> {
        match interval {
            Interval::Day => check_range(from, to, MAX_DAYS_BY_DAY)?,
            Interval::Week => check_range(from, to, MAX_DAYS_BY_WEEK)?,
            Interval::Month => {
                check_range(from, to, i64::MAX).and_then(|()| months(from, to).map(|_| ()))?
            }
        }
        let flows = self.daily_flows(user_id, from, to).await?;
        let currencies: Vec<Currency> = {
            let mut seen: Vec<Currency> = flows.keys().map(|(_, currency)| *currency).collect();
            seen.sort();
            seen.dedup();
            seen
        };
        let mut periods: Vec<String> = Vec::new();
        let mut day = from;
        while day <= to {
            let period = period_of(day, interval);
            if periods.last() != Some(&period) {
                periods.push(period);
            }
            day += Duration::days(1);
        }
        let mut series = BTreeMap::new();
        for currency in currencies {
            let mut totals: BTreeMap<String, Flow> = periods
                .iter()
                .map(|p| (p.clone(), Flow::default()))
                .collect();
            for ((day, _), flow) in flows.iter().filter(|((_, c), _)| *c == currency) {
                let point = totals.entry(period_of(*day, interval)).or_default();
                point.income_minor += flow.income_minor;
                point.expense_minor += flow.expense_minor;
            }
            let points = totals
                .into_iter()
                .map(|(period, flow)| FlowPoint {
                    period,
                    income: money(flow.income_minor, currency),
                    expenses: money(flow.expense_minor, currency),
                })
                .collect();
            series.insert(currency, points);
        }
        Ok(series)
    }

    /// Assets, liabilities (loan and credit-card balances owed) and net worth at the end of each
    /// month of `[from, to]`, per currency, from today's balances minus the later changes. An
    /// account's opening balance counts as its balance before its first recorded transaction,
    /// whenever the account was opened in the service (history is often entered afterwards).
    pub async fn net_worth(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<Currency, Vec<NetWorthPoint>>, LedgerError> {
        check_range(from, to, i64::MAX)?;
        let months = months(from, to)?;
        let month_ends: Vec<Date> = months.iter().map(|m| m.last_day()).collect();
        let first_end = month_ends.first().copied().unwrap_or(to);
        let mut series: BTreeMap<Currency, Vec<NetWorthPoint>> = BTreeMap::new();
        for account in self.accounts.list(user_id).await? {
            let changes = self
                .account_changes_after(user_id, &account.id, first_end)
                .await?;
            let points = series.entry(account.currency).or_insert_with(|| {
                months
                    .iter()
                    .map(|m| NetWorthPoint {
                        month: m.to_string(),
                        assets: Money::zero(account.currency),
                        liabilities: Money::zero(account.currency),
                        investments: Money::zero(account.currency),
                    })
                    .collect()
            });
            for (point, end) in points.iter_mut().zip(&month_ends) {
                let later: i64 = changes
                    .iter()
                    .filter(|(day, _)| day > end)
                    .map(|(_, delta)| delta)
                    .sum();
                let balance = account.balance_minor - later;
                if account.kind.is_liability() {
                    point.liabilities =
                        money(point.liabilities.minor() - balance, account.currency);
                } else {
                    point.assets = money(point.assets.minor() + balance, account.currency);
                }
            }
        }
        for portfolio in portfolio_values(self.table.as_ref(), user_id).await? {
            let currency = portfolio.currency;
            let points = series.entry(currency).or_insert_with(|| {
                months
                    .iter()
                    .map(|m| NetWorthPoint {
                        month: m.to_string(),
                        assets: Money::zero(currency),
                        liabilities: Money::zero(currency),
                        investments: Money::zero(currency),
                    })
                    .collect()
            });
            for (point, end) in points.iter_mut().zip(&month_ends) {
                if let Some(value) = portfolio.at_month_end(*end) {
                    point.investments = money(point.investments.minor() + value, currency);
                }
            }
        }
        Ok(series)
    }
}
