//! Request and response bodies of the /v1/loans/calculate routes, and the checks that turn a
//! loan request into the engine's terms with every field at fault named by its JSON path.

use ferrofin_loan_calc::text_schemas;
use ferrofin_loan_calc::{
    Comparison, EarlyRepayment, EarlyRepaymentError, LoanRequest, LoanTerms, MAX_COMPARED,
    Strategy, parse_date, parse_decimal, prepay, validate,
};
use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::money::Currency;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The terms of `request`, its fields named under `prefix` (`loan.`, `loans[2].`).
pub fn terms(request: &LoanRequest, prefix: &str) -> Result<LoanTerms, Vec<ErrorDetail>> {
    let detail = |field: &str, message: String| ErrorDetail {
        field: format!("{prefix}{field}"),
        message,
    };
    let Ok(currency) = Currency::parse(&request.currency) else {
        return Err(vec![detail(
            "currency",
            "must be a supported ISO 4217 currency code such as EUR".to_owned(),
        )]);
    };
    validate(request, currency.exponent()).map_err(|invalid| {
        invalid
            .errors
            .into_iter()
            .map(|error| detail(&error.field, error.message))
            .collect()
    })
}

/// A loan and an early repayment of it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"loan": {"principal": "10000.00", "currency": "EUR", "annual_interest_rate": "12",
    "number_of_repayments": 12, "repayment_every": 1, "repayment_frequency": "months",
    "interest_method": "declining_balance", "amortization": "equal_installments",
    "interest_calculation_period": "same_as_repayment", "days_in_year": "actual", "days_in_month": "actual",
    "disbursement_date": "2026-01-15"}, "amount": "3000.00", "date": "2026-05-20", "strategy": "reduce_term"}))]
pub struct EarlyRepaymentRequest {
    /// The loan, as `POST /v1/loans/calculate` takes it (declining balance only).
    pub loan: LoanRequest,
    /// Decimal string in the loan's currency: more than the interest owed on `date`, at most
    /// the payoff (which closes the loan).
    #[schema(schema_with = text_schemas::positive_amount)]
    pub amount: String,
    /// `YYYY-MM-DD`, after the disbursement and before the last due date.
    #[schema(schema_with = text_schemas::date)]
    pub date: String,
    pub strategy: Strategy,
}

impl EarlyRepaymentRequest {
    /// The loan's schedule after the repayment; every field at fault named.
    pub fn prepay(&self) -> Result<EarlyRepayment, Invalid> {
        let terms = terms(&self.loan, "loan.");
        let amount = parse_decimal(&self.amount);
        let date = parse_date(&self.date);
        let (Ok(terms), Ok(amount), Ok(date)) = (&terms, amount, date) else {
            let mut details = terms.err().unwrap_or_default();
            for (field, fault) in [("amount", amount.err()), ("date", date.err())] {
                if let Some(message) = fault {
                    details.push(ErrorDetail {
                        field: field.to_owned(),
                        message: message.to_owned(),
                    });
                }
            }
            return Err(Invalid(details));
        };
        prepay(terms, amount, date, self.strategy)
            .map_err(|refused| Invalid::field(refused_field(&refused), refused.to_string()))
    }
}

/// The field an early repayment is refused for.
fn refused_field(refused: &EarlyRepaymentError) -> &'static str {
    match refused {
        EarlyRepaymentError::FlatInterest => "loan.interest_method",
        EarlyRepaymentError::DateOutsideLoan { .. } => "date",
        EarlyRepaymentError::TooManyDecimals { .. }
        | EarlyRepaymentError::NotAboveInterest { .. }
        | EarlyRepaymentError::AbovePayoff { .. } => "amount",
    }
}

/// Up to five loans to compare.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareLoans {
    /// 1 to 5 loans, as `POST /v1/loans/calculate` takes each.
    #[schema(min_items = 1, max_items = 5)]
    pub loans: Vec<LoanRequest>,
}

impl CompareLoans {
    /// Every loan's terms; all faults of all loans at once.
    pub fn terms(&self) -> Result<Vec<LoanTerms>, Invalid> {
        if self.loans.is_empty() || self.loans.len() > MAX_COMPARED {
            return Err(Invalid::field(
                "loans",
                format!("1 to {MAX_COMPARED} loans"),
            ));
        }
        let mut details = Vec::new();
        let mut all = Vec::new();
        for (index, loan) in self.loans.iter().enumerate() {
            match terms(loan, &format!("loans[{index}].")) {
                Ok(terms) => all.push(terms),
                Err(faults) => details.extend(faults),
            }
        }
        if details.is_empty() {
            Ok(all)
        } else {
            Err(Invalid(details))
        }
    }
}

/// The loans side by side, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comparisons {
    pub comparisons: Vec<Comparison>,
}
