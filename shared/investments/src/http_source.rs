//! The HTTP price source: a provider asked by URL template, one request per series. The
//! templates name what they need with `{symbol}` (closes) or `{currency}` and `{base}` (rates),
//! `{from}` and `{to}` (`YYYY-MM-DD`) and `{api_key}` (read from Secrets Manager through the
//! function's environment); each is percent-encoded. The answer is a JSON array of
//! `{"date": "YYYY-MM-DD", "value": "<decimal>"}` in date order. A timeout, a 429 or a 5xx is
//! transient (retried); any other failure is permanent.

use std::time::Duration;

use async_trait::async_trait;
use ferrofin_investment_calc::{DailySeries, Point};
use ferrofin_platform::fields::format_date;
use time::Date;

use crate::price_source::{PriceSource, SourceError};
use crate::series::Series;

/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Where and how to ask the provider.
#[derive(Clone)]
pub struct HttpSourceConfig {
    /// e.g. `https://prices.example.com/v1/daily/{symbol}?from={from}&to={to}&key={api_key}`.
    pub closes_url: String,
    /// e.g. `https://prices.example.com/v1/fx/{currency}{base}?from={from}&to={to}&key={api_key}`.
    pub fx_url: String,
    pub api_key: String,
}

impl std::fmt::Debug for HttpSourceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSourceConfig")
            .field("closes_url", &self.closes_url)
            .field("fx_url", &self.fx_url)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

/// Daily values from an HTTP provider.
pub struct HttpPriceSource {
    config: HttpSourceConfig,
    client: reqwest::Client,
}

impl HttpPriceSource {
    pub fn new(config: HttpSourceConfig) -> Result<Self, String> {
        // The process may already have installed it (another client did): that is fine.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|err| err.to_string())?;
        Ok(Self { config, client })
    }

    /// The URL of `series` from `from` through `to`.
    pub fn url(&self, series: &Series, from: Date, to: Date) -> String {
        let (template, names): (&str, Vec<(&str, &str)>) = match series {
            Series::Closes { symbol } => (&self.config.closes_url, vec![("{symbol}", symbol)]),
            Series::Fx { currency, base } => (
                &self.config.fx_url,
                vec![("{currency}", currency), ("{base}", base)],
            ),
        };
        let (from, to) = (format_date(from), format_date(to));
        names
            .into_iter()
            .chain([
                ("{from}", from.as_str()),
                ("{to}", to.as_str()),
                ("{api_key}", self.config.api_key.as_str()),
            ])
            .fold(template.to_owned(), |url, (name, value)| {
                url.replace(name, &percent_encode(value))
            })
    }
}

#[async_trait]
impl PriceSource for HttpPriceSource {
    async fn daily(
        &self,
        series: &Series,
        from: Date,
        to: Date,
    ) -> Result<Vec<Point>, SourceError> {
        let response = self
            .client
            .get(self.url(series, from, to))
            .send()
            .await
            .map_err(|err| SourceError::Transient(err.without_url().to_string()))?;
        let status = response.status();
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(SourceError::Transient(format!("{series}: HTTP {status}")));
        }
        if !status.is_success() {
            return Err(SourceError::Permanent(format!("{series}: HTTP {status}")));
        }
        let body = response
            .bytes()
            .await
            .map_err(|err| SourceError::Transient(err.without_url().to_string()))?;
        let values: DailySeries = serde_json::from_slice(&body)
            .map_err(|err| SourceError::Permanent(format!("{series}: {err}")))?;
        Ok(values
            .points()
            .iter()
            .filter(|point| from <= point.date && point.date <= to)
            .copied()
            .collect())
    }
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_template_is_filled_and_encoded() {
        let source = HttpPriceSource::new(HttpSourceConfig {
            closes_url: "http://127.0.0.1:1/daily/{symbol}?from={from}&to={to}&key={api_key}"
                .into(),
            fx_url: "http://127.0.0.1:1/fx/{currency}{base}?from={from}&to={to}".into(),
            api_key: "k&y".into(),
        })
        .expect("source");
        assert_eq!(
            source.url(
                &Series::closes("^GSPC"),
                date!(2025 - 01 - 01),
                date!(2025 - 01 - 31)
            ),
            "http://127.0.0.1:1/daily/%5EGSPC?from=2025-01-01&to=2025-01-31&key=k%26y"
        );
        assert_eq!(
            source.url(
                &Series::fx("USD", "EUR"),
                date!(2025 - 01 - 01),
                date!(2025 - 01 - 02)
            ),
            "http://127.0.0.1:1/fx/USDEUR?from=2025-01-01&to=2025-01-02"
        );
    }
}
