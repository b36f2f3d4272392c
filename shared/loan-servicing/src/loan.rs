//! [`Loan`]: a booked loan to service — its schedule, computed by loan-calc from the booked
//! terms (the same call as the preview), its product's servicing settings and its money.
//! Every question about its state is a method that replays a history: see [`crate::state`],
//! [`crate::payoff`], [`crate::accrual`], [`crate::penalty`] and [`crate::reschedule`].

use ferrofin_loan_calc::{LoanTerms, Schedule};

use crate::money::Money;
use crate::settings::{ServicingSettings, SettingsError};

/// A booked loan and the servicing settings of its product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loan {
    terms: LoanTerms,
    schedule: Schedule,
    settings: ServicingSettings,
}

impl Loan {
    /// The loan booked with `terms`, serviced with `settings` (checked against its currency).
    pub fn new(terms: &LoanTerms, settings: ServicingSettings) -> Result<Self, SettingsError> {
        settings.check(Money::of(terms))?;
        Ok(Self {
            terms: terms.clone(),
            schedule: Schedule::calculate(terms),
            settings,
        })
    }

    /// The booked terms.
    pub fn terms(&self) -> &LoanTerms {
        &self.terms
    }

    /// The booked repayment schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    pub fn settings(&self) -> &ServicingSettings {
        &self.settings
    }

    pub(crate) fn money(&self) -> Money {
        Money::of(&self.terms)
    }
}
