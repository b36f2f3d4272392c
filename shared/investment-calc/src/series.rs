//! A daily value series, as the valuation writes it: one [`Day`] for every day from the first
//! activity to the valuation date, exact (not rounded), in one currency. Before its first day
//! every value and flow is zero.

use rust_decimal::Decimal;
use time::Date;

use crate::range::Period;

/// A day's closing value and external flows. Under the timing convention of the returns,
/// `inflow` arrives at the start of the day (it is invested for the day), everything else at
/// its end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Day {
    /// Market value at the close.
    pub(crate) value: Decimal,
    /// Purchases (fees included) and units transferred in at the close.
    pub(crate) inflow: Decimal,
    /// Sale proceeds (fees deducted) and units transferred out at the close.
    pub(crate) outflow: Decimal,
    /// Dividends and interest, net of their fees.
    pub(crate) income: Decimal,
    /// Standalone fees.
    pub(crate) charges: Decimal,
    /// Some price or FX rate the day was valued at was carried forward.
    pub(crate) stale: bool,
}

impl Day {
    /// `self` converted at `rate` (one unit of its currency in the other).
    pub(crate) fn converted(&self, rate: Decimal) -> Day {
        let convert = |amount: Decimal| {
            if amount.is_zero() {
                amount
            } else {
                amount * rate
            }
        };
        Day {
            value: convert(self.value),
            inflow: convert(self.inflow),
            outflow: convert(self.outflow),
            income: convert(self.income),
            charges: convert(self.charges),
            stale: self.stale,
        }
    }

    /// Adds `other`'s figures (in the same currency).
    pub(crate) fn add(&mut self, other: &Day) {
        self.value += other.value;
        self.inflow += other.inflow;
        self.outflow += other.outflow;
        self.income += other.income;
        self.charges += other.charges;
        self.stale |= other.stale;
    }
}

/// Consecutive days from `start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Series {
    pub(crate) start: Date,
    pub(crate) days: Vec<Day>,
}

/// The days of a period a series has, and where they are in it.
pub(crate) struct Window<'a> {
    /// Days from the opening close to the first day of `days` (1 when the series covers
    /// `from`).
    pub(crate) offset: u32,
    /// Value at the opening close.
    pub(crate) opening: Decimal,
    pub(crate) days: &'a [Day],
    /// Value at the closing close (`to`).
    pub(crate) closing: Decimal,
    /// The date of `days[0]`.
    pub(crate) first: Date,
}

impl Series {
    pub(crate) fn with_capacity(start: Date, days: usize) -> Self {
        Self {
            start,
            days: Vec::with_capacity(days),
        }
    }

    /// The index of `date`, if it is on or after the start.
    fn index(&self, date: Date) -> Option<usize> {
        usize::try_from((date - self.start).whole_days()).ok()
    }

    /// The closing value on `date`: zero before the start.
    fn value_on(&self, date: Date) -> Decimal {
        self.index(date)
            .and_then(|at| self.days.get(at))
            .map_or(Decimal::ZERO, |day| day.value)
    }

    /// The days of `period` that the series has (none before its start).
    pub(crate) fn window(&self, period: Period) -> Window<'_> {
        let first = period.from.max(self.start);
        let (low, high) = (self.index(first), self.index(period.to));
        let days = match (low, high) {
            (Some(low), Some(high)) => {
                let high = high.min(self.days.len().saturating_sub(1));
                self.days.get(low..=high).unwrap_or(&[])
            }
            _ => &[],
        };
        Window {
            offset: u32::try_from((first - period.opening_day()).whole_days()).unwrap_or(1),
            opening: self.value_on(period.opening_day()),
            closing: self.value_on(period.to),
            days,
            first,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn series() -> Series {
        let mut series = Series::with_capacity(date!(2025 - 01 - 10), 3);
        for value in [100, 110, 120] {
            series.days.push(Day {
                value: Decimal::from(value),
                ..Day::default()
            });
        }
        series
    }

    #[test]
    fn a_window_opens_on_the_close_before_it() {
        let series = series();
        let inside = series.window(Period {
            from: date!(2025 - 01 - 11),
            to: date!(2025 - 01 - 12),
        });
        assert_eq!(inside.opening, Decimal::from(100));
        assert_eq!(inside.closing, Decimal::from(120));
        assert_eq!(inside.offset, 1);
        assert_eq!(inside.days.len(), 2);
        let earlier = series.window(Period {
            from: date!(2025 - 01 - 01),
            to: date!(2025 - 01 - 11),
        });
        assert_eq!(earlier.opening, Decimal::ZERO);
        assert_eq!((earlier.offset, earlier.first), (10, date!(2025 - 01 - 10)));
        assert_eq!(earlier.days.len(), 2);
        let before = series.window(Period {
            from: date!(2024 - 01 - 01),
            to: date!(2024 - 12 - 31),
        });
        assert!(before.days.is_empty());
    }

    #[test]
    fn conversion_scales_every_figure_and_sums_add_them() {
        let day = Day {
            value: Decimal::from(10),
            inflow: Decimal::from(4),
            stale: true,
            ..Day::default()
        };
        let converted = day.converted(Decimal::new(5, 1));
        assert_eq!(converted.value, Decimal::from(5));
        assert_eq!(converted.inflow, Decimal::from(2));
        assert!(converted.stale);
        let mut total = Day::default();
        total.add(&converted);
        total.add(&day);
        assert_eq!(
            (total.value, total.inflow),
            (Decimal::from(15), Decimal::from(6))
        );
        assert!(total.stale);
    }
}
