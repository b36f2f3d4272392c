//! The embedded price source: a JSON file of daily closes per symbol and rates per currency
//! pair, read once when the source is made (`devserver/prices.json`; the path is configurable).
//!
//! ```json
//! {"closes": {"ACME": [{"date": "2025-01-02", "value": "101.50"}]},
//!  "fx": {"USD/EUR": [{"date": "2025-01-02", "value": "0.92"}]}}
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use async_trait::async_trait;
use ferrofin_investment_calc::{DailySeries, Point};
use serde::Deserialize;
use time::Date;

use crate::price_source::{PriceSource, SourceError};
use crate::series::Series;

/// What the file holds.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceFile {
    #[serde(default)]
    pub closes: BTreeMap<String, DailySeries>,
    /// Keyed `<currency>/<base>`.
    #[serde(default)]
    pub fx: BTreeMap<String, DailySeries>,
}

/// Daily values from a local file.
#[derive(Debug, Default)]
pub struct FilePriceSource {
    file: PriceFile,
}

impl FilePriceSource {
    pub fn new(file: PriceFile) -> Self {
        Self { file }
    }

    /// Reads and checks the file at `path`.
    pub fn open(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        let file = serde_json::from_str(&text)
            .map_err(|err| format!("{} is not a price file: {err}", path.display()))?;
        Ok(Self::new(file))
    }
}

#[async_trait]
impl PriceSource for FilePriceSource {
    async fn daily(
        &self,
        series: &Series,
        from: Date,
        to: Date,
    ) -> Result<Vec<Point>, SourceError> {
        let values = match series {
            Series::Closes { symbol } => self.file.closes.get(symbol),
            Series::Fx { currency, base } => self.file.fx.get(&format!("{currency}/{base}")),
        };
        let values =
            values.ok_or_else(|| SourceError::Permanent(format!("{series} is not in the file")))?;
        Ok(values
            .points()
            .iter()
            .filter(|point| from <= point.date && point.date <= to)
            .copied()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use time::macros::date;

    #[tokio::test]
    async fn the_file_answers_the_days_asked_for() {
        let file: PriceFile = serde_json::from_value(serde_json::json!({
            "closes": {"ACME": [{"date": "2025-01-02", "value": "10"},
                                {"date": "2025-01-03", "value": "11"}]},
            "fx": {"USD/EUR": [{"date": "2025-01-02", "value": "0.9"}]}
        }))
        .expect("file");
        let source = FilePriceSource::new(file);
        let closes = source
            .daily(
                &Series::closes("ACME"),
                date!(2025 - 01 - 03),
                date!(2025 - 01 - 31),
            )
            .await
            .expect("closes");
        assert_eq!(closes.len(), 1);
        assert_eq!(closes[0].value, Decimal::from(11));
        let rates = source
            .daily(
                &Series::fx("USD", "EUR"),
                date!(2025 - 01 - 01),
                date!(2025 - 01 - 31),
            )
            .await
            .expect("rates");
        assert_eq!(rates[0].value, Decimal::new(9, 1));
        assert!(matches!(
            source
                .daily(
                    &Series::closes("NOPE"),
                    date!(2025 - 01 - 01),
                    date!(2025 - 01 - 31)
                )
                .await,
            Err(SourceError::Permanent(_))
        ));
    }
}
