//! The lots a holding is made of, and which of them a sale takes.
//!
//! A lot is a quantity acquired on one day with its cost basis, kept twice: in the holding's
//! currency and in the base currency at the FX rate of the day it was acquired. The unit cost
//! is `cost / quantity`, never stored, so that a split (which scales quantities) keeps every
//! cost basis exactly.
//!
//! * [`LotMethod::Fifo`] (the default): every acquisition is a lot; a sale or a transfer out
//!   takes the oldest lots first, the last one taken in part.
//! * [`LotMethod::AverageCost`]: all units are one pool, dated by its first acquisition; a
//!   sale takes its share of the pool's cost, `cost × sold / held`.
//!
//! A lot taken in part gives up `cost × taken / quantity` (to 28 significant digits) and keeps
//! the rest, so the cost removed and the cost left always add up to the cost there was.

use std::collections::VecDeque;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// Which lots a sale or a transfer out takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LotMethod {
    /// First in, first out.
    #[default]
    Fifo,
    /// One pool at its average cost.
    AverageCost,
}

/// Units acquired together, with their cost basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lot {
    pub(crate) acquired: Date,
    pub(crate) quantity: Decimal,
    /// In the holding's currency.
    pub(crate) cost: Decimal,
    /// In the base currency, at the rate of each acquisition.
    pub(crate) cost_base: Decimal,
}

/// The cost basis that left with units taken out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Taken {
    pub(crate) cost: Decimal,
    pub(crate) cost_base: Decimal,
}

/// A holding's open lots, oldest first.
#[derive(Clone, Debug)]
pub(crate) struct LotBook {
    method: LotMethod,
    lots: VecDeque<Lot>,
    quantity: Decimal,
}

impl LotBook {
    pub(crate) fn new(method: LotMethod) -> Self {
        Self {
            method,
            lots: VecDeque::new(),
            quantity: Decimal::ZERO,
        }
    }

    /// The units held.
    pub(crate) fn quantity(&self) -> Decimal {
        self.quantity
    }

    pub(crate) fn lots(&self) -> impl Iterator<Item = &Lot> {
        self.lots.iter()
    }

    /// The cost basis of every unit held.
    pub(crate) fn cost(&self) -> Taken {
        self.lots.iter().fold(Taken::default(), |sum, lot| Taken {
            cost: sum.cost + lot.cost,
            cost_base: sum.cost_base + lot.cost_base,
        })
    }

    /// Adds `lot`: a new lot (FIFO), or into the pool (average cost).
    pub(crate) fn acquire(&mut self, lot: Lot) {
        self.quantity += lot.quantity;
        match (self.method, self.lots.front_mut()) {
            (LotMethod::AverageCost, Some(pool)) => {
                pool.quantity += lot.quantity;
                pool.cost += lot.cost;
                pool.cost_base += lot.cost_base;
            }
            _ => self.lots.push_back(lot),
        }
    }

    /// Takes `quantity` out, oldest lots first (with one pool, its share), and gives the cost
    /// basis that left. `Err` with the quantity held when that is less than `quantity`; the
    /// book is then unchanged.
    pub(crate) fn take(&mut self, quantity: Decimal) -> Result<Taken, Decimal> {
        if quantity > self.quantity {
            return Err(self.quantity);
        }
        self.quantity -= quantity;
        let mut taken = Taken::default();
        let mut left = quantity;
        while left > Decimal::ZERO {
            let Some(lot) = self.lots.front_mut() else {
                break;
            };
            if lot.quantity <= left {
                left -= lot.quantity;
                taken.cost += lot.cost;
                taken.cost_base += lot.cost_base;
                self.lots.pop_front();
            } else {
                let cost = lot.cost * left / lot.quantity;
                let cost_base = lot.cost_base * left / lot.quantity;
                lot.quantity -= left;
                lot.cost -= cost;
                lot.cost_base -= cost_base;
                taken.cost += cost;
                taken.cost_base += cost_base;
                left = Decimal::ZERO;
            }
        }
        Ok(taken)
    }

    /// `to` new units for every `from`: every lot's quantity scales by `to / from`, its cost
    /// basis stays.
    pub(crate) fn split(&mut self, to: Decimal, from: Decimal) {
        for lot in &mut self.lots {
            lot.quantity = lot.quantity * to / from;
        }
        self.quantity = self.lots.iter().map(|lot| lot.quantity).sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn lot(acquired: Date, quantity: i64, cost: i64) -> Lot {
        Lot {
            acquired,
            quantity: Decimal::from(quantity),
            cost: Decimal::from(cost),
            cost_base: Decimal::from(cost),
        }
    }

    fn book(method: LotMethod) -> LotBook {
        let mut book = LotBook::new(method);
        book.acquire(lot(date!(2025 - 01 - 02), 10, 1000));
        book.acquire(lot(date!(2025 - 02 - 03), 10, 1400));
        book
    }

    #[test]
    fn fifo_takes_the_oldest_lot_first() {
        // 15 out of 10 @ 100 and 10 @ 140: the first lot whole (1,000) and half of the
        // second (700): 1,700; left: 5 units costing 700.
        let mut fifo = book(LotMethod::Fifo);
        let taken = fifo.take(Decimal::from(15)).expect("held");
        assert_eq!(taken.cost, Decimal::from(1700));
        assert_eq!(fifo.quantity(), Decimal::from(5));
        assert_eq!(fifo.cost().cost, Decimal::from(700));
        assert_eq!(fifo.lots().count(), 1);
    }

    #[test]
    fn average_cost_takes_a_share_of_the_pool() {
        // One pool of 20 units costing 2,400 (120 each): 15 out take 1,800, 5 are left at 600.
        let mut average = book(LotMethod::AverageCost);
        assert_eq!(average.lots().count(), 1);
        let taken = average.take(Decimal::from(15)).expect("held");
        assert_eq!(taken.cost, Decimal::from(1800));
        assert_eq!(average.cost().cost, Decimal::from(600));
        assert_eq!(
            average.lots().next().map(|lot| lot.acquired),
            Some(date!(2025 - 01 - 02))
        );
    }

    #[test]
    fn taking_more_than_is_held_changes_nothing() {
        let mut fifo = book(LotMethod::Fifo);
        assert_eq!(fifo.take(Decimal::from(21)), Err(Decimal::from(20)));
        assert_eq!(fifo.quantity(), Decimal::from(20));
        assert_eq!(fifo.cost().cost, Decimal::from(2400));
    }

    #[test]
    fn splits_scale_quantities_and_keep_the_cost() {
        // 2-for-1: 20 units → 40, still 2,400; then 1-for-4: 40 → 10.
        let mut fifo = book(LotMethod::Fifo);
        fifo.split(Decimal::TWO, Decimal::ONE);
        assert_eq!(fifo.quantity(), Decimal::from(40));
        assert_eq!(fifo.cost().cost, Decimal::from(2400));
        fifo.split(Decimal::ONE, Decimal::from(4));
        assert_eq!(fifo.quantity(), Decimal::TEN);
        let quantities: Vec<Decimal> = fifo.lots().map(|lot| lot.quantity).collect();
        assert_eq!(quantities, [Decimal::from(5), Decimal::from(5)]);
    }
}
