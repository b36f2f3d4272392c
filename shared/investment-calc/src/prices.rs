//! Market data: a [`DailySeries`] of closes per symbol and of FX rates per currency, read with
//! the carry-forward rule. The value on a day is the last point on or before it; a value from
//! an earlier day (a weekend, a holiday, a gap in the feed) is *stale*, and so is every figure
//! computed from it. Before the first point there is no value at all, and the engine says so
//! ([`crate::Error::NoPrice`], [`crate::Error::NoFxRate`]) instead of guessing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::SeriesError;

/// One day's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    #[serde(with = "crate::text::date")]
    pub date: Date,
    #[serde(with = "crate::text::decimal")]
    pub value: Decimal,
}

/// Values on strictly rising dates, each greater than zero; days may be missing. In JSON a
/// list of points, checked when read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "Vec<Point>", into = "Vec<Point>")]
pub struct DailySeries(Vec<Point>);

impl TryFrom<Vec<Point>> for DailySeries {
    type Error = SeriesError;

    fn try_from(points: Vec<Point>) -> Result<Self, SeriesError> {
        Self::new(points)
    }
}

impl From<DailySeries> for Vec<Point> {
    fn from(series: DailySeries) -> Self {
        series.0
    }
}

/// The value a day is given, and the day it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    #[serde(with = "crate::text::decimal")]
    pub value: Decimal,
    /// The date of the point it comes from.
    #[serde(with = "crate::text::date")]
    pub as_of: Date,
    /// `as_of` is before the day asked for: the value was carried forward.
    pub stale: bool,
}

impl DailySeries {
    /// A series of `points`, which must be on strictly rising dates and greater than zero.
    pub fn new(points: Vec<Point>) -> Result<Self, SeriesError> {
        for pair in points.windows(2) {
            if pair[1].date <= pair[0].date {
                return Err(SeriesError::NotIncreasing {
                    previous: pair[0].date,
                    date: pair[1].date,
                });
            }
        }
        if let Some(point) = points.iter().find(|point| point.value <= Decimal::ZERO) {
            return Err(SeriesError::NotPositive {
                date: point.date,
                value: point.value,
            });
        }
        Ok(Self(points))
    }

    pub fn points(&self) -> &[Point] {
        &self.0
    }

    /// The value on `date` (carried forward), or `None` before the first point.
    pub fn on(&self, date: Date) -> Option<Quote> {
        let after = self.0.partition_point(|point| point.date <= date);
        after.checked_sub(1).map(|at| quote(self.0[at], date))
    }
}

fn quote(point: Point, date: Date) -> Quote {
    Quote {
        value: point.value,
        as_of: point.date,
        stale: point.date < date,
    }
}

/// Reads a series day after day, each read a step forward from the last: the valuation
/// visits every day once, so a cursor costs one comparison a day where a search would cost
/// a dozen.
pub(crate) struct Cursor<'a> {
    points: &'a [Point],
    /// How many points are on or before the last day read.
    passed: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(series: &'a DailySeries) -> Self {
        Self {
            points: &series.0,
            passed: 0,
        }
    }

    /// The value on `date`, which must not be before the last date read.
    pub(crate) fn on(&mut self, date: Date) -> Option<Quote> {
        while self
            .points
            .get(self.passed)
            .is_some_and(|point| point.date <= date)
        {
            self.passed += 1;
        }
        self.passed
            .checked_sub(1)
            .map(|at| quote(self.points[at], date))
    }
}

/// The closes and FX rates an evaluation reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketData {
    /// Closing price per symbol, in the holding's currency.
    pub prices: BTreeMap<String, DailySeries>,
    /// Per currency code, what one unit of it is worth in the base currency (USD → EUR at
    /// 0.92 is `"USD": [{"value": "0.92", …}]`). The base currency itself needs none: 1.
    pub fx_rates: BTreeMap<String, DailySeries>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn series(points: &[(Date, i64)]) -> Result<DailySeries, SeriesError> {
        DailySeries::new(
            points
                .iter()
                .map(|&(date, value)| Point {
                    date,
                    value: Decimal::from(value),
                })
                .collect(),
        )
    }

    #[test]
    fn a_missing_day_carries_the_last_close_forward_as_stale() {
        let closes =
            series(&[(date!(2025 - 01 - 02), 10), (date!(2025 - 01 - 06), 12)]).expect("series");
        assert_eq!(closes.on(date!(2025 - 01 - 01)), None);
        let friday = closes.on(date!(2025 - 01 - 02)).expect("quote");
        assert_eq!((friday.value, friday.stale), (Decimal::TEN, false));
        let sunday = closes.on(date!(2025 - 01 - 05)).expect("quote");
        assert_eq!(
            (sunday.value, sunday.as_of, sunday.stale),
            (Decimal::TEN, date!(2025 - 01 - 02), true)
        );
        assert_eq!(
            closes.on(date!(2025 - 02 - 01)).map(|q| q.value),
            Some(Decimal::from(12))
        );
    }

    #[test]
    fn the_cursor_reads_as_the_search_does() {
        let closes = series(&[
            (date!(2025 - 01 - 02), 10),
            (date!(2025 - 01 - 03), 11),
            (date!(2025 - 01 - 06), 12),
        ])
        .expect("series");
        let mut cursor = Cursor::new(&closes);
        let mut day = date!(2024 - 12 - 30);
        while day <= date!(2025 - 01 - 08) {
            assert_eq!(cursor.on(day), closes.on(day), "{day}");
            day = day.next_day().expect("day");
        }
    }

    #[test]
    fn a_series_must_rise_and_be_positive() {
        assert_eq!(
            series(&[(date!(2025 - 01 - 02), 1), (date!(2025 - 01 - 02), 2)]),
            Err(SeriesError::NotIncreasing {
                previous: date!(2025 - 01 - 02),
                date: date!(2025 - 01 - 02)
            })
        );
        assert!(matches!(
            series(&[(date!(2025 - 01 - 02), 0)]),
            Err(SeriesError::NotPositive { .. })
        ));
        let json = serde_json::json!([{"date": "2025-01-03", "value": "1"},
            {"date": "2025-01-02", "value": "1"}]);
        assert!(serde_json::from_value::<DailySeries>(json).is_err());
    }
}
