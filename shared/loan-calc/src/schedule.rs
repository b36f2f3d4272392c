//! The repayment schedule of a loan: [`Schedule::calculate`] turns validated [`LoanTerms`] into
//! rows (due date, principal, interest, fees, penalties, total, balance), the disbursement,
//! the totals, the APR and the effective annual rate.
//!
//! It is a pure function of the terms: the same terms always give the same schedule, so a
//! preview and the booked loan come from the same call.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::amortize::{self, Line, Payment};
use crate::dates::Grid;
use crate::fees;
use crate::flat;
use crate::irr::{CashFlow, Clock, annual_rates};
use crate::rates::{self, Period};
use crate::rounding::Rounder;
use crate::ser::{display, optional_display};
use crate::terms::{Amortization, InterestMethod, LoanTerms};

/// A loan's repayment schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub currency: String,
    pub disbursement: Disbursement,
    /// The rows, in date order, numbered from 1.
    #[serde(rename = "schedule")]
    pub rows: Vec<Row>,
    /// The rows added up, disbursement fees included.
    pub totals: Totals,
    /// Percent, 3 decimals: the nominal annual rate the cash flows imply (fees included).
    /// `None` when no rate exists.
    #[serde(serialize_with = "optional_display")]
    pub apr: Option<Decimal>,
    /// Percent, 3 decimals: the APR compounded over the repayment periods of a year.
    #[serde(serialize_with = "optional_display")]
    pub effective_annual_rate: Option<Decimal>,
}

/// The disbursement: the principal lent, the fees deducted from it and the amount paid out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disbursement {
    #[serde(serialize_with = "display")]
    pub date: Date,
    #[serde(serialize_with = "display")]
    pub principal: Decimal,
    /// The fees charged at disbursement.
    #[serde(serialize_with = "display")]
    pub fees: Decimal,
    /// `principal − fees`: what the borrower receives.
    #[serde(serialize_with = "display")]
    pub net_amount: Decimal,
}

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A scheduled repayment.
    Installment,
    /// An early repayment (see [`crate::prepay`]).
    Prepayment,
}

/// One row of the schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Row {
    pub number: u32,
    pub kind: RowKind,
    #[serde(serialize_with = "display")]
    pub due_date: Date,
    #[serde(serialize_with = "display")]
    pub principal: Decimal,
    #[serde(serialize_with = "display")]
    pub interest: Decimal,
    #[serde(serialize_with = "display")]
    pub fees: Decimal,
    /// Always 0 when a schedule is calculated: penalties arise from late payment.
    #[serde(serialize_with = "display")]
    pub penalties: Decimal,
    /// `principal + interest + fees + penalties`.
    #[serde(serialize_with = "display")]
    pub total: Decimal,
    /// The principal outstanding after this row.
    #[serde(serialize_with = "display")]
    pub balance: Decimal,
}

/// The sums of a schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    #[serde(serialize_with = "display")]
    pub principal: Decimal,
    #[serde(serialize_with = "display")]
    pub interest: Decimal,
    /// Installment fees and disbursement fees.
    #[serde(serialize_with = "display")]
    pub fees: Decimal,
    #[serde(serialize_with = "display")]
    pub penalties: Decimal,
    #[serde(serialize_with = "display")]
    pub total: Decimal,
}

impl Schedule {
    /// The schedule of `terms`.
    pub fn calculate(terms: &LoanTerms) -> Self {
        let plan = Plan::of(terms);
        let rows = rows(terms, &plan.lines, 1, terms.principal);
        assemble(terms, rows)
    }
}

/// The periods and rows of a loan before fees and totals, for the schedule and for a
/// prepayment, which recomputes what follows it.
pub(crate) struct Plan {
    pub(crate) periods: Vec<Period>,
    pub(crate) lines: Vec<Line>,
    /// How a declining-balance loan's principal is set; `None` for flat loans.
    pub(crate) payment: Option<Payment>,
}

impl Plan {
    pub(crate) fn of(terms: &LoanTerms) -> Self {
        let periods = rates::periods(terms);
        let rounder = Rounder::of(terms);
        match terms.interest_method {
            InterestMethod::Flat => Self {
                lines: flat::lines(terms.principal, &periods, terms.amortization, &rounder),
                periods,
                payment: None,
            },
            InterestMethod::DecliningBalance => {
                let payment = payment(terms.amortization, terms.principal, &periods, &rounder);
                Self {
                    lines: amortize::lines(terms.principal, &periods, payment, &rounder),
                    periods,
                    payment: Some(payment),
                }
            }
        }
    }
}

/// The level installment or principal part repaying `balance` over `periods`.
pub(crate) fn payment(
    amortization: Amortization,
    balance: Decimal,
    periods: &[Period],
    rounder: &Rounder,
) -> Payment {
    match amortization {
        Amortization::EqualInstallments => {
            Payment::Level(rounder.installment(amortize::level_payment(balance, periods)))
        }
        Amortization::EqualPrincipal => {
            Payment::Principal(amortize::equal_principal(balance, periods, rounder))
        }
    }
}

/// Installment rows from `lines`, numbered from `first_number`, the balance starting at
/// `balance`.
pub(crate) fn rows(
    terms: &LoanTerms,
    lines: &[Line],
    first_number: u32,
    balance: Decimal,
) -> Vec<Row> {
    let rounder = Rounder::of(terms);
    let mut balance = rounder.money(balance);
    lines
        .iter()
        .zip(first_number..)
        .map(|(line, number)| {
            let fees = fees::per_installment(&terms.fees, line.principal + line.interest, &rounder);
            balance -= line.principal;
            Row {
                number,
                kind: RowKind::Installment,
                due_date: line.due,
                principal: line.principal,
                interest: line.interest,
                fees,
                penalties: rounder.zero(),
                total: line.principal + line.interest + fees,
                balance,
            }
        })
        .collect()
}

/// The schedule made of `rows`: disbursement, totals and rates.
pub(crate) fn assemble(terms: &LoanTerms, rows: Vec<Row>) -> Schedule {
    let rounder = Rounder::of(terms);
    let principal = rounder.money(terms.principal);
    let disbursement_fees = fees::at_disbursement(&terms.fees, principal, &rounder);
    let disbursement = Disbursement {
        date: terms.disbursement_date,
        principal,
        fees: disbursement_fees,
        net_amount: principal - disbursement_fees,
    };
    let sum = |pick: fn(&Row) -> Decimal| rows.iter().map(pick).fold(rounder.zero(), |a, b| a + b);
    let (interest, penalties) = (sum(|r| r.interest), sum(|r| r.penalties));
    let fees = sum(|r| r.fees) + disbursement_fees;
    let repaid = sum(|r| r.principal);
    let totals = Totals {
        principal: repaid,
        interest,
        fees,
        penalties,
        total: repaid + interest + fees + penalties,
    };

    let clock = Clock::new(Grid::of(terms), terms.disbursement_date);
    let mut flows = Vec::with_capacity(rows.len() + 1);
    flows.push(CashFlow {
        time: Decimal::ZERO,
        amount: -disbursement.net_amount,
    });
    flows.extend(rows.iter().map(|row| CashFlow {
        time: clock.time(row.due_date),
        amount: row.total,
    }));
    let per_year = rates::periods_per_year(terms);
    let guess = rates::annual_rate(terms) / per_year;
    let (apr, effective_annual_rate) = annual_rates(&flows, per_year, guess);

    Schedule {
        currency: terms.currency.clone(),
        disbursement,
        rows,
        totals,
        apr,
        effective_annual_rate,
    }
}
