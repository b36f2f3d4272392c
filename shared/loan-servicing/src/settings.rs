//! The servicing settings of a loan product ([`ServicingSettings`]): the order a repayment pays
//! an installment's components in, the late penalty, the arrears tolerance and the days overdue
//! after which a loan is non-performing. They deserialise from the product's stored JSON
//! (snake_case, decimals as strings) and are checked against the currency by
//! [`crate::Loan::new`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::components::Component;
use crate::money::Money;
use crate::text;

/// The order in which a repayment pays the components of each installment. Installments are
/// paid oldest first, each one fully in this order before the next (as Fineract does).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AllocationOrder {
    /// Penalties, then fees, interest, principal (Fineract's default).
    #[default]
    PenaltiesFeesInterestPrincipal,
    /// Interest, then principal, penalties, fees.
    InterestPrincipalPenaltiesFees,
    /// Principal, then interest, penalties, fees.
    PrincipalInterestPenaltiesFees,
}

impl AllocationOrder {
    /// The components, first paid first.
    pub(crate) fn components(self) -> [Component; 4] {
        use Component::{Fees, Interest, Penalties, Principal};
        match self {
            Self::PenaltiesFeesInterestPrincipal => [Penalties, Fees, Interest, Principal],
            Self::InterestPrincipalPenaltiesFees => [Interest, Principal, Penalties, Fees],
            Self::PrincipalInterestPenaltiesFees => [Principal, Interest, Penalties, Fees],
        }
    }
}

/// What a late penalty charges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyCharge {
    /// Percent (0 to 100) of the overdue installment's outstanding amount.
    Percent(#[serde(with = "text::decimal")] Decimal),
    /// A flat amount, in the currency.
    Amount(#[serde(with = "text::decimal")] Decimal),
}

/// `{"percent": "2"}` or `{"amount": "15.00"}`, as serde reads [`PenaltyCharge`].
#[cfg(feature = "openapi")]
fn penalty_charge_schema() -> utoipa::openapi::Schema {
    use ferrofin_loan_calc::text_schemas::{percent, unsigned_amount};
    use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder};
    let variant = |name: &str, value: utoipa::openapi::Schema| {
        ObjectBuilder::new()
            .property(name, value)
            .required(name)
            .additional_properties(Some(
                AdditionalProperties::<utoipa::openapi::Schema>::FreeForm(false),
            ))
    };
    OneOfBuilder::new()
        .item(variant("percent", percent()))
        .item(variant("amount", unsigned_amount()))
        .build()
        .into()
}

impl PenaltyCharge {
    /// The penalty on an installment owing `outstanding`, rounded to the currency.
    pub(crate) fn on(self, outstanding: Decimal, money: Money) -> Decimal {
        money.round(match self {
            Self::Percent(percent) => outstanding * percent / Decimal::ONE_HUNDRED,
            Self::Amount(amount) => amount,
        })
    }
}

/// The penalty charged once on an installment still overdue `grace_days` after its due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LatePenalty {
    #[cfg_attr(feature = "openapi", schema(schema_with = penalty_charge_schema))]
    pub charge: PenaltyCharge,
    /// The installment is charged on the first day after `due date + grace_days` (at most
    /// 3650).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(maximum = 3650))]
    pub grace_days: u32,
}

/// The servicing part of a loan product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServicingSettings {
    #[serde(default)]
    pub allocation_order: AllocationOrder,
    /// `None`: late installments are not penalised.
    #[serde(default)]
    pub late_penalty: Option<LatePenalty>,
    /// An installment whose outstanding amount is at or below this is not overdue.
    #[serde(default, with = "text::decimal")]
    #[cfg_attr(feature = "openapi", schema(schema_with = ferrofin_loan_calc::text_schemas::unsigned_amount))]
    pub arrears_tolerance: Decimal,
    /// Days overdue (of the oldest overdue installment) from which the loan is non-performing,
    /// 1 to 3650.
    #[serde(default = "ninety_days")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3650))]
    pub days_until_non_performing: u32,
}

/// The longest a day count of the settings may be: ten years.
pub const MAX_DAYS: u32 = 3650;

fn ninety_days() -> u32 {
    90
}

impl Default for ServicingSettings {
    fn default() -> Self {
        Self {
            allocation_order: AllocationOrder::default(),
            late_penalty: None,
            arrears_tolerance: Decimal::ZERO,
            days_until_non_performing: ninety_days(),
        }
    }
}

/// Why servicing settings do not fit a loan.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("the late penalty percent {0} must be from 0 to 100")]
    PenaltyPercent(Decimal),
    #[error("{field} {amount} must be at least 0 with at most {decimals} decimals")]
    Amount {
        field: &'static str,
        amount: Decimal,
        decimals: u32,
    },
    #[error("days_until_non_performing must be 1 to {MAX_DAYS}")]
    DaysUntilNonPerforming,
    #[error("late_penalty.grace_days must be at most {MAX_DAYS}")]
    GraceDays,
}

impl ServicingSettings {
    /// Checks the settings for a loan whose amounts are `money`.
    pub(crate) fn check(&self, money: Money) -> Result<(), SettingsError> {
        let amount = |field, amount: Decimal| {
            if amount.is_sign_negative() || !money.is_exact(amount) {
                Err(SettingsError::Amount {
                    field,
                    amount,
                    decimals: money.decimals(),
                })
            } else {
                Ok(())
            }
        };
        amount("arrears_tolerance", self.arrears_tolerance)?;
        match self.late_penalty.map(|penalty| penalty.charge) {
            Some(PenaltyCharge::Percent(percent))
                if percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED =>
            {
                return Err(SettingsError::PenaltyPercent(percent));
            }
            Some(PenaltyCharge::Amount(flat)) => amount("late_penalty.charge.amount", flat)?,
            _ => {}
        }
        if !(1..=MAX_DAYS).contains(&self.days_until_non_performing) {
            return Err(SettingsError::DaysUntilNonPerforming);
        }
        if self
            .late_penalty
            .is_some_and(|penalty| penalty.grace_days > MAX_DAYS)
        {
            return Err(SettingsError::GraceDays);
        }
        Ok(())
    }
}
