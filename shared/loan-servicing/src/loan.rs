//! [`Loan`]: a booked loan to service — its schedule, computed by loan-calc from the booked
//! terms (the same call as the preview), its product's servicing settings and its money.
//! Every question about its state is a method that replays a history: see [`crate::state`],
//! [`crate::payoff`], [`crate::accrual`] and [`crate::penalty`].

use ferrofin_loan_calc::{LoanTerms, Schedule};

use crate::money::Money;
use crate::settings::{ServicingSettings, SettingsError};

/// A booked loan and the servicing settings of its product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loan {
    schedule: Schedule,
    settings: ServicingSettings,
    money: Money,
}

impl Loan {
    /// The loan booked with `terms`, serviced with `settings` (checked against its currency).
    pub fn new(terms: &LoanTerms, settings: ServicingSettings) -> Result<Self, SettingsError> {
        let money = Money::of(terms);
        settings.check(money)?;
        Ok(Self {
            schedule: Schedule::calculate(terms),
            settings,
            money,
        })
    }

    /// The booked repayment schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    pub fn settings(&self) -> &ServicingSettings {
        &self.settings
    }

    pub(crate) fn money(&self) -> Money {
        self.money
    }
}
