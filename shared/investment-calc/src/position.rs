//! A holding as of the valuation date: its quantity, the close and FX rate it is valued at,
//! and its figures twice, in the holding's own currency ([`Position::local`]) and in the base
//! currency ([`Position::base`]), with its open lots.
//!
//! In the base currency, the market value is at the valuation date's rate, while the cost
//! basis, realised gain, income and fees are at the rates of the days they arose: the
//! unrealised and realised gains then include the FX gain.
//!
//! `total_gain = unrealised_gain + realised_gain + dividends + interest − charges`: what the
//! holding earned net of every fee (those of trades are in the cost basis and the proceeds,
//! those of income are deducted from it). `fees` adds every fee up, for information.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::holding::{Currency, Holding};
use crate::ledger::{Amounts, HoldingLedger};
use crate::prices::Quote;
use crate::rounding;

/// A holding's state on the valuation date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Position {
    pub holding: Holding,
    /// Units held, exact.
    #[serde(with = "crate::text::decimal")]
    pub quantity: Decimal,
    /// The close it is valued at; `None` when it holds nothing and was never priced.
    pub price: Option<Quote>,
    /// One unit of its currency in the base currency (1 for the base currency itself);
    /// `None` when it holds nothing and no rate is known.
    pub fx_rate: Option<Quote>,
    /// The price or the rate was carried forward from an earlier day.
    pub stale: bool,
    /// In the holding's currency.
    pub local: Figures,
    /// In the base currency.
    pub base: Figures,
    /// Open lots, oldest first (one pool under average cost).
    pub lots: Vec<LotFigures>,
}

/// A position's money figures in one currency, rounded to its minor units (the average cost
/// to four places more).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub currency: String,
    #[serde(with = "crate::text::decimal")]
    pub market_value: Decimal,
    /// The cost of the units held, purchase fees included.
    #[serde(with = "crate::text::decimal")]
    pub cost_basis: Decimal,
    /// `cost_basis / quantity`; `None` when nothing is held.
    #[serde(with = "crate::text::decimal::option")]
    pub average_cost: Option<Decimal>,
    /// `market_value − cost_basis`.
    #[serde(with = "crate::text::decimal")]
    pub unrealised_gain: Decimal,
    /// Proceeds less the cost basis of the units sold, over every sale.
    #[serde(with = "crate::text::decimal")]
    pub realised_gain: Decimal,
    /// Net of their fees.
    #[serde(with = "crate::text::decimal")]
    pub dividends: Decimal,
    /// Net of their fees.
    #[serde(with = "crate::text::decimal")]
    pub interest: Decimal,
    /// Standalone fees.
    #[serde(with = "crate::text::decimal")]
    pub charges: Decimal,
    /// Every fee paid: on trades, on income and standalone.
    #[serde(with = "crate::text::decimal")]
    pub fees: Decimal,
    /// `unrealised_gain + realised_gain + dividends + interest − charges`.
    #[serde(with = "crate::text::decimal")]
    pub total_gain: Decimal,
}

/// An open lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LotFigures {
    #[serde(with = "crate::text::date")]
    pub acquired: Date,
    #[serde(with = "crate::text::decimal")]
    pub quantity: Decimal,
    /// In the holding's currency, to its minor units plus four.
    #[serde(with = "crate::text::decimal")]
    pub unit_cost: Decimal,
    /// In the holding's currency.
    #[serde(with = "crate::text::decimal")]
    pub cost_basis: Decimal,
    /// In the base currency, at the rates of its acquisitions.
    #[serde(with = "crate::text::decimal")]
    pub cost_basis_base: Decimal,
}

/// The exact figures of one currency, before rounding.
struct Exact {
    market_value: Decimal,
    cost_basis: Decimal,
    realised: Decimal,
    dividends: Decimal,
    interest: Decimal,
    charges: Decimal,
    fees: Decimal,
}

impl Exact {
    fn pick(
        ledger: &HoldingLedger,
        market_value: Decimal,
        cost_basis: Decimal,
        side: fn(&Amounts) -> Decimal,
    ) -> Self {
        Self {
            market_value,
            cost_basis,
            realised: side(&ledger.realised),
            dividends: side(&ledger.dividends),
            interest: side(&ledger.interest),
            charges: side(&ledger.charges),
            fees: side(&ledger.fees),
        }
    }

    fn rounded(&self, quantity: Decimal, currency: &Currency) -> Figures {
        let money = |amount| rounding::money(amount, currency.minor_units);
        let unrealised = self.market_value - self.cost_basis;
        Figures {
            currency: currency.code.clone(),
            market_value: money(self.market_value),
            cost_basis: money(self.cost_basis),
            average_cost: (!quantity.is_zero())
                .then(|| rounding::unit_cost(self.cost_basis / quantity, currency.minor_units)),
            unrealised_gain: money(unrealised),
            realised_gain: money(self.realised),
            dividends: money(self.dividends),
            interest: money(self.interest),
            charges: money(self.charges),
            fees: money(self.fees),
            total_gain: money(
                unrealised + self.realised + self.dividends + self.interest - self.charges,
            ),
        }
    }
}

/// The position of `holding` from its replayed `ledger`, valued at `price` and `fx_rate`
/// (both present whenever something is held).
pub(crate) fn position(
    holding: &Holding,
    ledger: &HoldingLedger,
    price: Option<Quote>,
    fx_rate: Option<Quote>,
    base: &Currency,
) -> Position {
    let quantity = ledger.book.quantity();
    let close = price.map_or(Decimal::ZERO, |quote| quote.value);
    let rate = fx_rate.map_or(Decimal::ZERO, |quote| quote.value);
    let market_value = quantity * close;
    let cost = ledger.book.cost();
    let local = Exact::pick(ledger, market_value, cost.cost, |amounts| amounts.local);
    let in_base = Exact::pick(ledger, market_value * rate, cost.cost_base, |amounts| {
        amounts.base
    });
    let minor_units = holding.currency.minor_units;
    let held = !quantity.is_zero();
    Position {
        holding: holding.clone(),
        quantity,
        price,
        fx_rate,
        stale: held && (price.is_some_and(|q| q.stale) || fx_rate.is_some_and(|q| q.stale)),
        local: local.rounded(quantity, &holding.currency),
        base: in_base.rounded(quantity, base),
        lots: ledger
            .book
            .lots()
            .map(|lot| LotFigures {
                acquired: lot.acquired,
                quantity: lot.quantity,
                unit_cost: rounding::unit_cost(lot.cost / lot.quantity, minor_units),
                cost_basis: rounding::money(lot.cost, minor_units),
                cost_basis_base: rounding::money(lot.cost_base, base.minor_units),
            })
            .collect(),
    }
}
