//! Replays a holding's activities: [`HoldingLedger::apply`] updates the lots and the running
//! totals (realised gain, income, fees) and tells the day's external flows, in the holding's
//! currency and, at the day's FX rate, in the base currency.
//!
//! * buy: a lot costing `quantity × unit_price + fees`; that much flows in;
//! * sell: lots taken out (FIFO or average cost); proceeds `quantity × unit_price − fees`
//!   flow out; realised gain = proceeds − cost basis taken (in the base currency: proceeds at
//!   the sale's rate − cost basis at the acquisitions' rates, so it includes the FX gain);
//! * dividend, interest: `amount − fees` of income;
//! * fee: a charge of `amount`;
//! * split: quantities scale, cost bases stay;
//! * transfer in: a lot costing `quantity × unit_cost`; its units flow in at the day's close;
//! * transfer out: lots taken out as in a sale, nothing realised; the units flow out at the
//!   day's close.

use rust_decimal::Decimal;
use time::Date;

use crate::activity::{Activity, ActivityKind};
use crate::error::Error;
use crate::holding::Holding;
use crate::lots::{Lot, LotBook, LotMethod};

/// An amount in the holding's currency and in the base currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Amounts {
    pub(crate) local: Decimal,
    pub(crate) base: Decimal,
}

impl Amounts {
    fn add(&mut self, local: Decimal, rate: Decimal) {
        self.local += local;
        self.base += local * rate;
    }
}

/// A day's external flows of one holding, in its currency; units moved by transfers are
/// valued at the day's close by the valuation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DayFlows {
    /// Paid for purchases, fees included.
    pub(crate) bought: Decimal,
    /// Received from sales, fees deducted.
    pub(crate) proceeds: Decimal,
    pub(crate) units_in: Decimal,
    pub(crate) units_out: Decimal,
    /// Dividends and interest, net of their fees.
    pub(crate) income: Decimal,
    /// Standalone fees.
    pub(crate) charges: Decimal,
}

impl DayFlows {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A holding's lots and running totals.
#[derive(Clone, Debug)]
pub(crate) struct HoldingLedger {
    pub(crate) book: LotBook,
    pub(crate) realised: Amounts,
    pub(crate) dividends: Amounts,
    pub(crate) interest: Amounts,
    pub(crate) charges: Amounts,
    /// Every fee paid: on purchases (in the cost basis), on sales (out of the proceeds), on
    /// income, and standalone.
    pub(crate) fees: Amounts,
}

impl HoldingLedger {
    pub(crate) fn new(method: LotMethod) -> Self {
        Self {
            book: LotBook::new(method),
            realised: Amounts::default(),
            dividends: Amounts::default(),
            interest: Amounts::default(),
            charges: Amounts::default(),
            fees: Amounts::default(),
        }
    }

    /// Applies `activity` (already checked) at `rate` (one unit of the holding's currency in
    /// the base currency, on the activity's date), adding its flows to `flows`.
    pub(crate) fn apply(
        &mut self,
        holding: &Holding,
        activity: &Activity,
        rate: Decimal,
        flows: &mut DayFlows,
    ) -> Result<(), Error> {
        let date = activity.date;
        match activity.kind {
            ActivityKind::Buy {
                quantity,
                unit_price,
                fees,
            } => {
                let cost = quantity * unit_price + fees;
                self.book.acquire(lot(date, quantity, cost, rate));
                self.fees.add(fees, rate);
                flows.bought += cost;
            }
            ActivityKind::Sell {
                quantity,
                unit_price,
                fees,
            } => {
                let taken = self.take(holding, date, quantity)?;
                let proceeds = quantity * unit_price - fees;
                self.realised.local += proceeds - taken.cost;
                self.realised.base += proceeds * rate - taken.cost_base;
                self.fees.add(fees, rate);
                flows.proceeds += proceeds;
            }
            ActivityKind::Dividend { amount, fees } => {
                self.dividends.add(amount - fees, rate);
                self.fees.add(fees, rate);
                flows.income += amount - fees;
            }
            ActivityKind::Interest { amount, fees } => {
                self.interest.add(amount - fees, rate);
                self.fees.add(fees, rate);
                flows.income += amount - fees;
            }
            ActivityKind::Fee { amount } => {
                self.charges.add(amount, rate);
                self.fees.add(amount, rate);
                flows.charges += amount;
            }
            ActivityKind::Split { to, from } => {
                self.book.split(to, from);
                // Units moved earlier the same day are valued at the close, after the split.
                flows.units_in = flows.units_in * to / from;
                flows.units_out = flows.units_out * to / from;
            }
            ActivityKind::TransferIn {
                quantity,
                unit_cost,
            } => {
                self.book
                    .acquire(lot(date, quantity, quantity * unit_cost, rate));
                flows.units_in += quantity;
            }
            ActivityKind::TransferOut { quantity } => {
                self.take(holding, date, quantity)?;
                flows.units_out += quantity;
            }
        }
        Ok(())
    }

    fn take(
        &mut self,
        holding: &Holding,
        date: Date,
        quantity: Decimal,
    ) -> Result<crate::lots::Taken, Error> {
        self.book.take(quantity).map_err(|held| Error::Oversold {
            symbol: holding.symbol.clone(),
            account: holding.account.clone(),
            date,
            requested: quantity,
            held,
        })
    }
}

fn lot(acquired: Date, quantity: Decimal, cost: Decimal, rate: Decimal) -> Lot {
    Lot {
        acquired,
        quantity,
        cost,
        cost_base: cost * rate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holding::{AssetClass, Currency};
    use time::macros::date;

    fn holding() -> Holding {
        Holding {
            symbol: "ACME".into(),
            account: "broker".into(),
            currency: Currency {
                code: "USD".into(),
                minor_units: 2,
            },
            asset_class: AssetClass::Equity,
        }
    }

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn apply(ledger: &mut HoldingLedger, date: Date, rate: &str, kind: ActivityKind) -> DayFlows {
        let activity = Activity {
            date,
            currency: "USD".into(),
            kind,
        };
        let mut flows = DayFlows::default();
        ledger
            .apply(&holding(), &activity, d(rate), &mut flows)
            .expect("applies");
        flows
    }

    #[test]
    fn a_sale_realises_the_fx_gain_in_the_base_currency() {
        // Bought 10 @ 100 USD + 5 fees at 0.90 EUR/USD: cost 1,005 USD = 904.50 EUR.
        // Sold 10 @ 110 − 5 fees at 0.95: proceeds 1,095 USD = 1,040.25 EUR.
        // Realised 1,095 − 1,005 = 90 USD; 1,040.25 − 904.50 = 135.75 EUR (the dollar rose).
        let mut ledger = HoldingLedger::new(LotMethod::Fifo);
        let bought = apply(
            &mut ledger,
            date!(2025 - 01 - 02),
            "0.90",
            ActivityKind::Buy {
                quantity: d("10"),
                unit_price: d("100"),
                fees: d("5"),
            },
        );
        assert_eq!(bought.bought, d("1005"));
        let sold = apply(
            &mut ledger,
            date!(2025 - 06 - 02),
            "0.95",
            ActivityKind::Sell {
                quantity: d("10"),
                unit_price: d("110"),
                fees: d("5"),
            },
        );
        assert_eq!(sold.proceeds, d("1095"));
        assert_eq!(ledger.realised.local, d("90"));
        assert_eq!(ledger.realised.base, d("135.75"));
        assert_eq!(ledger.fees.local, d("10"));
        assert_eq!(ledger.book.quantity(), Decimal::ZERO);
    }

    #[test]
    fn income_is_net_of_its_fees_and_charges_stand_apart() {
        let mut ledger = HoldingLedger::new(LotMethod::Fifo);
        let dividend = apply(
            &mut ledger,
            date!(2025 - 03 - 03),
            "1",
            ActivityKind::Dividend {
                amount: d("20"),
                fees: d("3"),
            },
        );
        assert_eq!(dividend.income, d("17"));
        let fee = apply(
            &mut ledger,
            date!(2025 - 03 - 03),
            "1",
            ActivityKind::Fee { amount: d("2") },
        );
        assert_eq!(fee.charges, d("2"));
        assert_eq!(ledger.dividends.local, d("17"));
        assert_eq!(ledger.charges.local, d("2"));
        assert_eq!(ledger.fees.local, d("5"));
    }

    #[test]
    fn transfers_move_units_and_realise_nothing() {
        let mut ledger = HoldingLedger::new(LotMethod::Fifo);
        let arrived = apply(
            &mut ledger,
            date!(2025 - 01 - 02),
            "1",
            ActivityKind::TransferIn {
                quantity: d("4"),
                unit_cost: d("50"),
            },
        );
        assert_eq!(arrived.units_in, d("4"));
        assert_eq!(ledger.book.cost().cost, d("200"));
        let left = apply(
            &mut ledger,
            date!(2025 - 02 - 03),
            "1",
            ActivityKind::TransferOut { quantity: d("1") },
        );
        assert_eq!(left.units_out, d("1"));
        assert_eq!(ledger.realised.local, Decimal::ZERO);
        assert_eq!(ledger.book.cost().cost, d("150"));
    }

    #[test]
    fn selling_more_than_is_held_is_an_error() {
        let mut ledger = HoldingLedger::new(LotMethod::AverageCost);
        let activity = Activity {
            date: date!(2025 - 01 - 02),
            currency: "USD".into(),
            kind: ActivityKind::Sell {
                quantity: d("1"),
                unit_price: d("1"),
                fees: Decimal::ZERO,
            },
        };
        let result = ledger.apply(
            &holding(),
            &activity,
            Decimal::ONE,
            &mut DayFlows::default(),
        );
        assert_eq!(
            result,
            Err(Error::Oversold {
                symbol: "ACME".into(),
                account: "broker".into(),
                date: date!(2025 - 01 - 02),
                requested: d("1"),
                held: Decimal::ZERO
            })
        );
    }
}
