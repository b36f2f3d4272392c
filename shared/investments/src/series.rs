//! A price series: the daily closes of a symbol, or the daily rates of a currency in a base
//! currency (what one unit of it is worth there). Its name is its table partition and its key in
//! the registry of held series.

use serde::{Deserialize, Serialize};

/// One series the prices worker keeps.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "series", rename_all = "snake_case")]
pub enum Series {
    /// Daily closes of a symbol, in its trading currency.
    Closes { symbol: String },
    /// Daily rates: one `currency` in `base`.
    Fx { currency: String, base: String },
}

const CLOSES: &str = "PRICES#";
const FX: &str = "FX#";

impl Series {
    pub fn closes(symbol: &str) -> Self {
        Self::Closes {
            symbol: symbol.to_owned(),
        }
    }

    pub fn fx(currency: &str, base: &str) -> Self {
        Self::Fx {
            currency: currency.to_owned(),
            base: base.to_owned(),
        }
    }

    /// `PRICES#<symbol>` or `FX#<currency>#<base>`.
    pub fn name(&self) -> String {
        match self {
            Self::Closes { symbol } => format!("{CLOSES}{symbol}"),
            Self::Fx { currency, base } => format!("{FX}{currency}#{base}"),
        }
    }

    /// The series a [`Self::name`] names.
    pub fn parse(name: &str) -> Option<Self> {
        if let Some(symbol) = name.strip_prefix(CLOSES) {
            return Some(Self::closes(symbol));
        }
        let (currency, base) = name.strip_prefix(FX)?.split_once('#')?;
        Some(Self::fx(currency, base))
    }
}

impl std::fmt::Display for Series {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closes { symbol } => write!(f, "{symbol}"),
            Self::Fx { currency, base } => write!(f, "{currency}/{base}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for series in [Series::closes("VWCE.DE"), Series::fx("USD", "EUR")] {
            assert_eq!(Series::parse(&series.name()), Some(series));
        }
        assert_eq!(Series::parse("OTHER#X"), None);
    }
}
