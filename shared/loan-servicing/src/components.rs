//! The four components of an installment (principal, interest, fees, penalties), what is
//! known of one of them ([`Balance`]: due, paid, waived, outstanding) and an amount split over
//! them ([`Breakdown`]: what a repayment paid, what a payoff asks).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::Money;
use crate::text;

/// A component of an installment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Component {
    Principal,
    Interest,
    Fees,
    Penalties,
}

/// One component of an installment (or of the loan): `outstanding = due − paid − waived`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Balance {
    #[serde(with = "text::decimal")]
    pub due: Decimal,
    #[serde(with = "text::decimal")]
    pub paid: Decimal,
    #[serde(with = "text::decimal")]
    pub waived: Decimal,
    #[serde(with = "text::decimal")]
    pub outstanding: Decimal,
}

impl Balance {
    /// `due`, nothing paid or waived.
    pub(crate) fn owed(due: Decimal, money: Money) -> Self {
        Self {
            due,
            paid: money.zero(),
            waived: money.zero(),
            outstanding: due,
        }
    }

    /// Adds `amount` to what is due (a penalty charged).
    pub(crate) fn charge(&mut self, amount: Decimal) {
        self.due += amount;
        self.outstanding += amount;
    }

    /// Pays up to `amount` of the outstanding; returns what it paid.
    pub(crate) fn pay(&mut self, amount: Decimal) -> Decimal {
        let paid = amount.min(self.outstanding);
        self.paid += paid;
        self.outstanding -= paid;
        paid
    }

    /// Waives `amount` (at most the outstanding) of what is due.
    pub(crate) fn waive(&mut self, amount: Decimal) {
        let waived = amount.min(self.outstanding);
        self.waived += waived;
        self.outstanding -= waived;
    }
}

impl std::ops::Add for Balance {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            due: self.due + other.due,
            paid: self.paid + other.paid,
            waived: self.waived + other.waived,
            outstanding: self.outstanding + other.outstanding,
        }
    }
}

/// An amount split over the components, with its total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    #[serde(with = "text::decimal")]
    pub principal: Decimal,
    #[serde(with = "text::decimal")]
    pub interest: Decimal,
    #[serde(with = "text::decimal")]
    pub fees: Decimal,
    #[serde(with = "text::decimal")]
    pub penalties: Decimal,
    /// `principal + interest + fees + penalties`.
    #[serde(with = "text::decimal")]
    pub total: Decimal,
}

impl Breakdown {
    /// The breakdown whose component `c` is `amount(c)`.
    pub(crate) fn from_fn(amount: impl Fn(Component) -> Decimal) -> Self {
        let (principal, interest, fees, penalties) = (
            amount(Component::Principal),
            amount(Component::Interest),
            amount(Component::Fees),
            amount(Component::Penalties),
        );
        Self {
            principal,
            interest,
            fees,
            penalties,
            total: principal + interest + fees + penalties,
        }
    }

    pub(crate) fn component(&self, component: Component) -> Decimal {
        match component {
            Component::Principal => self.principal,
            Component::Interest => self.interest,
            Component::Fees => self.fees,
            Component::Penalties => self.penalties,
        }
    }

    /// Adds `amount` to `component` (and to the total).
    pub(crate) fn add(&mut self, component: Component, amount: Decimal) {
        let slot = match component {
            Component::Principal => &mut self.principal,
            Component::Interest => &mut self.interest,
            Component::Fees => &mut self.fees,
            Component::Penalties => &mut self.penalties,
        };
        *slot += amount;
        self.total += amount;
    }

    /// Zero in every component.
    pub(crate) fn zero(money: Money) -> Self {
        Self::from_fn(|_| money.zero())
    }
}

impl std::ops::Add for Breakdown {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            principal: self.principal + other.principal,
            interest: self.interest + other.interest,
            fees: self.fees + other.fees,
            penalties: self.penalties + other.penalties,
            total: self.total + other.total,
        }
    }
}
