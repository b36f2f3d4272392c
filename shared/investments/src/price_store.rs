//! Stored daily values: one item per series and calendar year holding that year's values as a
//! map of `YYYY-MM-DD` to a decimal string, so five years of daily closes are five reads (a
//! batch get), and a fetched day merges into its year's item under optimistic concurrency. Beside
//! them, per series, the days already fetched (guards: a fetch is done once per series and day)
//! and how its source stands (the last good fetch; stale since a failure).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use ferrofin_investment_calc::{DailySeries, Point};
use ferrofin_platform::fields::format_date;
use ferrofin_platform::ports::table::{
    Condition, Key, Table, TableError, Write, from_record, to_record,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::keys;
use crate::series::Series;

/// A year of one series.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct YearOfValues {
    /// `YYYY-MM-DD` -> value, a decimal string.
    values: BTreeMap<String, String>,
    version: u64,
}

/// How a series' source stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesStatus {
    /// The last day a fetch succeeded for.
    #[serde(default, with = "ferrofin_platform::fields::date_text::option")]
    pub fetched_through: Option<Date>,
    /// Set when the source failed after its retries; cleared by the next good fetch.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub stale_since: Option<OffsetDateTime>,
    /// What the source answered when it failed.
    #[serde(default)]
    pub failure: Option<String>,
}

/// Reads and writes stored series.
#[derive(Clone)]
pub struct PriceStore {
    table: Arc<dyn Table>,
}

impl PriceStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The values of each series from `from` through `to` (a batch get of their years).
    pub async fn read(
        &self,
        series: &[Series],
        from: Date,
        to: Date,
    ) -> Result<Vec<DailySeries>, TableError> {
        let years: Vec<i32> = (from.year()..=to.year()).collect();
        let keys: Vec<Key> = series
            .iter()
            .flat_map(|one| {
                let name = one.name();
                years
                    .iter()
                    .map(move |year| keys::series_year(&name, *year))
            })
            .collect();
        let mut items = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(ferrofin_platform::ports::table::MAX_BATCH_GET_KEYS) {
            items.extend(self.table.get_many(chunk).await?);
        }
        let mut answer = Vec::with_capacity(series.len());
        let mut items = items.into_iter();
        for _ in series {
            let mut points = Vec::new();
            for item in items.by_ref().take(years.len()).flatten() {
                let year: YearOfValues = from_record(item)?;
                points.extend(points_of(&year, from, to)?);
            }
            answer.push(
                DailySeries::new(points)
                    .map_err(|err| TableError::InvalidRequest(err.to_string()))?,
            );
        }
        Ok(answer)
    }

    /// Whether `series` was fetched for `day` already.
    pub async fn fetched(&self, series: &Series, day: Date) -> Result<bool, TableError> {
        Ok(self
            .table
            .get(&keys::series_fetched(&series.name(), day))
            .await?
            .is_some())
    }

    /// Stores `points` (merged into their years, a later value replacing an earlier one of
    /// the same day) and marks `series` fetched for `day`, all in one transaction; retried on
    /// a concurrent change of a year.
    pub async fn store(
        &self,
        series: &Series,
        day: Date,
        points: &[Point],
    ) -> Result<(), TableError> {
        let name = series.name();
        let mut by_year: BTreeMap<i32, Vec<&Point>> = BTreeMap::new();
        for point in points {
            by_year.entry(point.date.year()).or_default().push(point);
        }
        loop {
            let mut writes = Vec::with_capacity(by_year.len() + 2);
            for (year, points) in &by_year {
                let key = keys::series_year(&name, *year);
                let stored: Option<YearOfValues> =
                    self.table.get(&key).await?.map(from_record).transpose()?;
                let condition = stored.as_ref().map_or(Condition::NotExists, |stored| {
                    Condition::version_is(stored.version)
                });
                let mut year_values = stored.unwrap_or_default();
                for point in points {
                    year_values
                        .values
                        .insert(format_date(point.date), point.value.normalize().to_string());
                }
                year_values.version += 1;
                writes.push(Write::Put {
                    item: to_record(&year_values, &key, None)?,
                    condition,
                });
            }
            writes.push(Write::Put {
                item: to_record(&FetchedGuard {}, &keys::series_fetched(&name, day), None)?,
                condition: Condition::NotExists,
            });
            let status = SeriesStatus {
                fetched_through: Some(day),
                stale_since: None,
                failure: None,
            };
            writes.push(Write::Put {
                item: to_record(&status, &keys::series_status(&name), None)?,
                condition: Condition::Always,
            });
            let guard_at = writes.len() - 2;
            match self.table.transact(writes).await {
                Err(TableError::ConditionFailed { at: Some(at) }) if at == guard_at => {
                    return Ok(());
                }
                Err(TableError::ConditionFailed { .. }) | Err(TableError::Contention) => continue,
                other => return other,
            }
        }
    }

    /// How each series' source stands (one batch get).
    pub async fn statuses(&self, series: &[Series]) -> Result<Vec<SeriesStatus>, TableError> {
        let keys: Vec<Key> = series
            .iter()
            .map(|one| keys::series_status(&one.name()))
            .collect();
        let mut statuses = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(ferrofin_platform::ports::table::MAX_BATCH_GET_KEYS) {
            for item in self.table.get_many(chunk).await? {
                statuses.push(item.map(from_record).transpose()?.unwrap_or_default());
            }
        }
        Ok(statuses)
    }

    pub async fn status(&self, series: &Series) -> Result<SeriesStatus, TableError> {
        Ok(self
            .table
            .get(&keys::series_status(&series.name()))
            .await?
            .map(from_record)
            .transpose()?
            .unwrap_or_default())
    }

    /// Records that the source of `series` failed: it is stale from `at` until a good fetch.
    pub async fn mark_stale(
        &self,
        series: &Series,
        at: OffsetDateTime,
        failure: &str,
    ) -> Result<(), TableError> {
        let mut status = self.status(series).await?;
        status.stale_since = status.stale_since.or(Some(at));
        status.failure = Some(failure.to_owned());
        self.table
            .put(
                to_record(&status, &keys::series_status(&series.name()), None)?,
                Condition::Always,
            )
            .await
    }
}

#[derive(Serialize)]
struct FetchedGuard {}

/// A stored `YYYY-MM-DD` day, read by hand: five years of a series are thousands of them.
fn stored_day(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, byte| {
            byte.is_ascii_digit()
                .then(|| n * 10 + u32::from(byte - b'0'))
        })
    };
    let month = time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    Date::from_calendar_date(
        i32::try_from(number(0..4)?).ok()?,
        month,
        u8::try_from(number(8..10)?).ok()?,
    )
    .ok()
}

fn points_of(year: &YearOfValues, from: Date, to: Date) -> Result<Vec<Point>, TableError> {
    let (low, high) = (format_date(from), format_date(to));
    year.values
        .range(low..=high)
        .map(|(day, value)| {
            let date = stored_day(day)
                .ok_or_else(|| TableError::InvalidRequest(format!("stored day {day:?}")))?;
            let value = Decimal::from_str(value)
                .map_err(|err| TableError::InvalidRequest(err.to_string()))?;
            Ok(Point { date, value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn stored_days_read_back() {
        assert_eq!(stored_day("2026-02-28"), Some(date!(2026 - 02 - 28)));
        assert_eq!(stored_day("2026-02-30"), None);
        assert_eq!(stored_day("2026-2-28"), None);
        assert_eq!(stored_day("20a6-02-28"), None);
    }
}
