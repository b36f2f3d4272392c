//! Turns a [`LoanRequest`] into [`LoanTerms`], or refuses it with every field at fault named
//! ([`ValidationError`]). The checks, each with the field it names:
//!
//! | field | rule |
//! |---|---|
//! | `decimals` (the argument) | at most 4 (ISO 4217's largest minor unit) |
//! | `currency` | three capital letters |
//! | `principal` | a decimal > 0, at most a trillion, at most `decimals` decimals |
//! | `annual_interest_rate` | a decimal from 0 to 100 (percent per year) |
//! | `number_of_repayments` | 1 to 600 |
//! | `repayment_every` | >= 1; with `number_of_repayments`, a term of at most 50 years |
//! | `disbursement_date` | `YYYY-MM-DD`, from 1900-01-01 to 2200-12-31 |
//! | `first_repayment_date` | `YYYY-MM-DD`, after the disbursement, and no later than a year (or one repayment period, when that is longer) after it |
//! | `grace_on_principal_periods`, `grace_on_interest_periods` | less than `number_of_repayments` |
//! | `rounding.installment_multiple` | a decimal > 0, at most a trillion, at most `decimals` decimals |
//! | `fees[i]` | exactly one of `amount` and `percent` |
//! | `fees[i].name` | not blank, at most 100 characters |
//! | `fees[i].amount` | a decimal >= 0, at most a trillion, at most `decimals` decimals |
//! | `fees[i].percent` | a decimal from 0 to 100 |
//! | `fees` | the fees charged at disbursement are less than the principal |

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::dates::{Grid, add_months};
use crate::fees;
use crate::request::{FeeRequest, LoanRequest};
use crate::rounding::Rounder;
use crate::terms::{Fee, FeeCharge, Frequency, LoanTerms, Rounding};
use crate::text::{decimal_places, parse_date, parse_decimal};

/// The most decimals a currency may have.
pub const MAX_DECIMALS: u32 = 4;
/// The largest principal, fee or installment multiple: a trillion, as the ledger.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;
/// The most repayments a loan may have.
pub const MAX_REPAYMENTS: u32 = 600;

/// One field at fault and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's JSON path: `principal`, `rounding.installment_multiple`, `fees[1].percent`.
    pub field: String,
    pub message: String,
}

/// Every field of a request at fault, in field order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid loan terms: {}", describe(.errors))]
pub struct ValidationError {
    pub errors: Vec<FieldError>,
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks `request` for a currency of `decimals` decimals (the caller resolves them from its
/// ISO 4217 table) and returns the terms the engine computes from.
pub fn validate(request: &LoanRequest, decimals: u32) -> Result<LoanTerms, ValidationError> {
    let mut faults = Faults::default();
    if decimals > MAX_DECIMALS {
        faults.add("decimals", format!("must be at most {MAX_DECIMALS}"));
    }
    let places = decimals.min(MAX_DECIMALS);
    let currency_ok =
        request.currency.len() == 3 && request.currency.bytes().all(|b| b.is_ascii_uppercase());
    if !currency_ok {
        faults.add(
            "currency",
            "must be an ISO 4217 code of three capital letters",
        );
    }
    let principal = faults.check("principal", money(&request.principal, places, true));
    let rate = faults.check(
        "annual_interest_rate",
        percent(&request.annual_interest_rate, "percent per year"),
    );
    let repayments = faults.check("number_of_repayments", repayment_count(request));
    let every = faults.check("repayment_every", repayment_every(request, repayments));
    let disbursement = faults.check("disbursement_date", disbursement_date(request));
    let first = match (&request.first_repayment_date, disbursement, every) {
        (Some(text), Some(disbursement), Some(every)) => faults
            .check(
                "first_repayment_date",
                first_repayment_date(text, disbursement, every, request.repayment_frequency),
            )
            .map(Some),
        (Some(text), _, _) => {
            faults.check(
                "first_repayment_date",
                parse_date(text).map_err(str::to_owned),
            );
            None
        }
        (None, _, _) => Some(None),
    };
    if let Some(count) = repayments {
        for (field, grace) in [
            (
                "grace_on_principal_periods",
                request.grace_on_principal_periods,
            ),
            (
                "grace_on_interest_periods",
                request.grace_on_interest_periods,
            ),
        ] {
            if grace >= count {
                faults.add(field, "must be less than number_of_repayments");
            }
        }
    }
    let rounding = match &request.rounding {
        None => Some(Rounding::default()),
        Some(rounding) => match &rounding.installment_multiple {
            None => Some(Rounding {
                mode: rounding.mode,
                installment_multiple: None,
            }),
            Some(text) => faults
                .check("rounding.installment_multiple", money(text, places, true))
                .map(|multiple| Rounding {
                    mode: rounding.mode,
                    installment_multiple: Some(multiple),
                }),
        },
    };
    let fees: Vec<Option<Fee>> = request
        .fees
        .iter()
        .enumerate()
        .map(|(index, fee)| faults.fee(index, fee, places))
        .collect();

    let (
        Some(principal),
        Some(annual_interest_rate),
        Some(number_of_repayments),
        Some(repayment_every),
        Some(disbursement_date),
        Some(first_repayment_date),
        Some(rounding),
        Some(fees),
        true,
    ) = (
        principal,
        rate,
        repayments,
        every,
        disbursement,
        first,
        rounding,
        fees.into_iter().collect::<Option<Vec<Fee>>>(),
        faults.0.is_empty(),
    )
    else {
        return Err(ValidationError { errors: faults.0 });
    };
    let terms = LoanTerms {
        principal,
        currency: request.currency.clone(),
        decimals,
        annual_interest_rate,
        number_of_repayments,
        repayment_every,
        repayment_frequency: request.repayment_frequency,
        interest_method: request.interest_method,
        amortization: request.amortization,
        interest_calculation_period: request.interest_calculation_period,
        days_in_year: request.days_in_year,
        days_in_month: request.days_in_month,
        disbursement_date,
        first_repayment_date,
        grace_on_principal_periods: request.grace_on_principal_periods,
        grace_on_interest_periods: request.grace_on_interest_periods,
        rounding,
        fees,
    };
    if fees::at_disbursement(&terms.fees, principal, &Rounder::of(&terms)) >= principal {
        faults.add(
            "fees",
            "the fees charged at disbursement must be less than the principal",
        );
        return Err(ValidationError { errors: faults.0 });
    }
    Ok(terms)
}

/// The faults found so far.
#[derive(Default)]
struct Faults(Vec<FieldError>);

impl Faults {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.add(field, message)).ok()
    }

    fn fee(&mut self, index: usize, fee: &FeeRequest, places: u32) -> Option<Fee> {
        let field = |name: &str| format!("fees[{index}]{name}");
        let name = fee.name.trim();
        let name_ok = !name.is_empty() && name.chars().count() <= 100;
        if !name_ok {
            self.add(
                &field(".name"),
                "must not be blank and at most 100 characters",
            );
        }
        let charge = match (&fee.amount, &fee.percent) {
            (Some(amount), None) => self
                .check(&field(".amount"), money(amount, places, false))
                .map(FeeCharge::Amount),
            (None, Some(percent_text)) => self
                .check(&field(".percent"), percent(percent_text, "percent"))
                .map(FeeCharge::Percent),
            _ => {
                self.add(&field(""), "must have exactly one of amount and percent");
                None
            }
        };
        charge.filter(|_| name_ok).map(|charge| Fee {
            name: name.to_owned(),
            charge,
            when: fee.when,
        })
    }
}

/// An amount of money: a decimal of at most `places` decimals, up to [`MAX_AMOUNT`], and
/// above zero when `positive`.
fn money(text: &str, places: u32, positive: bool) -> Result<Decimal, String> {
    let value = parse_decimal(text).map_err(str::to_owned)?;
    if positive && value.is_zero() {
        return Err("must be greater than 0".to_owned());
    }
    if value > Decimal::from(MAX_AMOUNT) {
        return Err("must be at most 1000000000000".to_owned());
    }
    if decimal_places(value) > places {
        return Err(format!("must have at most {places} decimals"));
    }
    Ok(value)
}

/// A percent from 0 to 100.
fn percent(text: &str, what: &str) -> Result<Decimal, String> {
    let value = parse_decimal(text).map_err(str::to_owned)?;
    if value > Decimal::ONE_HUNDRED {
        return Err(format!("must be between 0 and 100 ({what})"));
    }
    Ok(value)
}

fn repayment_count(request: &LoanRequest) -> Result<u32, String> {
    let count = request.number_of_repayments;
    if (1..=MAX_REPAYMENTS).contains(&count) {
        Ok(count)
    } else {
        Err(format!("must be between 1 and {MAX_REPAYMENTS}"))
    }
}

/// `repayment_every`, and the term it makes with `repayments` within 50 years.
fn repayment_every(request: &LoanRequest, repayments: Option<u32>) -> Result<u32, String> {
    let every = request.repayment_every;
    if every == 0 {
        return Err("must be at least 1".to_owned());
    }
    let limit = match request.repayment_frequency {
        Frequency::Months => 600,
        Frequency::Weeks => 2_608,
        Frequency::Days => 18_262,
    };
    let term = u64::from(repayments.unwrap_or(1)) * u64::from(every);
    if term > limit {
        return Err("with number_of_repayments, makes a term beyond 50 years".to_owned());
    }
    Ok(every)
}

fn disbursement_date(request: &LoanRequest) -> Result<Date, String> {
    let date = parse_date(&request.disbursement_date).map_err(str::to_owned)?;
    if !(1900..=2200).contains(&date.year()) {
        return Err("must be between 1900-01-01 and 2200-12-31".to_owned());
    }
    Ok(date)
}

fn first_repayment_date(
    text: &str,
    disbursement: Date,
    every: u32,
    frequency: Frequency,
) -> Result<Date, String> {
    let date = parse_date(text).map_err(str::to_owned)?;
    if date <= disbursement {
        return Err("must be after disbursement_date".to_owned());
    }
    let one_period = Grid::regular(disbursement, every, frequency).point(1);
    let limit = one_period.max(add_months(disbursement, 12, disbursement.day()));
    if date > limit {
        return Err(
            "must be at most a year (or one repayment period, when longer) after disbursement_date"
                .to_owned(),
        );
    }
    Ok(date)
}
