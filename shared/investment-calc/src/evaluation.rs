//! What an evaluation answers: the positions on the valuation date, and for any [`Range`]
//! the returns and the daily value history, of the portfolio (in the base currency) or of
//! one holding (in its own currency or the base currency), and the allocation.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::allocation::{Allocation, allocation};
use crate::error::Error;
use crate::history::{ValuePoint, history};
use crate::holding::Currency;
use crate::position::Position;
use crate::range::{Period, Range};
use crate::returns::{Returns, returns};
use crate::series::Series;

/// Which currency a holding's figures are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Denomination {
    /// The holding's own currency: its price moves only.
    Holding,
    /// The base currency, at each day's rate: price and currency moves.
    Base,
}

/// A portfolio replayed and valued on every day up to the valuation date, made by
/// [`crate::evaluate`]. Holdings are numbered as in the portfolio.
#[derive(Clone, Debug)]
pub struct Evaluation {
    valuation_date: Date,
    base_currency: Currency,
    positions: Vec<Position>,
    portfolio: Series,
    holdings_local: Vec<Series>,
    holdings_base: Vec<Series>,
}

impl Evaluation {
    pub(crate) fn new(
        valuation_date: Date,
        base_currency: Currency,
        positions: Vec<Position>,
        portfolio: Series,
        holdings_local: Vec<Series>,
        holdings_base: Vec<Series>,
    ) -> Self {
        Self {
            valuation_date,
            base_currency,
            positions,
            portfolio,
            holdings_local,
            holdings_base,
        }
    }

    pub fn valuation_date(&self) -> Date {
        self.valuation_date
    }

    /// The date of the first activity (the valuation date when there is none).
    pub fn first_day(&self) -> Date {
        self.portfolio.start
    }

    /// Every holding's position on the valuation date, in the portfolio's order.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// The days `range` covers on the valuation date.
    pub fn period(&self, range: Range) -> Result<Period, Error> {
        range.resolve(self.valuation_date, self.first_day())
    }

    /// The portfolio's returns over `range`, in the base currency.
    pub fn returns(&self, range: Range) -> Result<Returns, Error> {
        Ok(returns(
            &self.portfolio,
            self.period(range)?,
            &self.base_currency,
        ))
    }

    /// The portfolio's value on each day of `range`, in the base currency.
    pub fn value_history(&self, range: Range) -> Result<Vec<ValuePoint>, Error> {
        Ok(history(
            &self.portfolio,
            self.period(range)?,
            &self.base_currency,
        ))
    }

    /// Holding number `holding`'s returns over `range`.
    pub fn holding_returns(
        &self,
        holding: usize,
        range: Range,
        denomination: Denomination,
    ) -> Result<Returns, Error> {
        let (series, currency) = self.holding_series(holding, denomination)?;
        Ok(returns(series, self.period(range)?, currency))
    }

    /// Holding number `holding`'s value on each day of `range`.
    pub fn holding_value_history(
        &self,
        holding: usize,
        range: Range,
        denomination: Denomination,
    ) -> Result<Vec<ValuePoint>, Error> {
        let (series, currency) = self.holding_series(holding, denomination)?;
        Ok(history(series, self.period(range)?, currency))
    }

    /// The market value on the valuation date by asset class, currency and account.
    pub fn allocation(&self) -> Allocation {
        let values = self
            .positions
            .iter()
            .zip(&self.holdings_base)
            .map(|(position, series)| {
                let value = series.days.last().map(|day| day.value).unwrap_or_default();
                (&position.holding, value)
            });
        allocation(values, &self.base_currency)
    }

    fn holding_series(
        &self,
        holding: usize,
        denomination: Denomination,
    ) -> Result<(&Series, &Currency), Error> {
        let position = self
            .positions
            .get(holding)
            .ok_or(Error::NoSuchHolding(holding))?;
        Ok(match denomination {
            Denomination::Holding => (&self.holdings_local[holding], &position.holding.currency),
            Denomination::Base => (&self.holdings_base[holding], &self.base_currency),
        })
    }
}
