//! The checks of what a client sends: a portfolio's name, base currency and lot method, a
//! holding's symbol, account, currency and asset class, and an activity's fields by kind, each
//! failing with the field it is about.

use ferrofin_investment_calc::{Activity, ActivityKind, AssetClass, LotMethod, Range};
use ferrofin_platform::fields::{FieldErrors, Invalid, iso_date, text};
use ferrofin_platform::money::Currency;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;
use time::Date;

/// Longest portfolio name.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest symbol.
pub const MAX_SYMBOL_CHARS: usize = 32;
/// Longest account label.
pub const MAX_ACCOUNT_CHARS: usize = 64;

/// A portfolio name: 1..=100 printable characters.
pub fn name(raw: &str) -> Result<String, String> {
    text(raw, MAX_NAME_CHARS, true)
}

/// A supported ISO 4217 code.
pub fn currency(raw: &str) -> Result<Currency, String> {
    Currency::parse(raw).map_err(|err| err.to_string())
}

/// `fifo` or `average_cost`.
pub fn lot_method(raw: &str) -> Result<LotMethod, String> {
    serde_json::from_value(serde_json::Value::from(raw))
        .map_err(|_| "must be fifo or average_cost".to_owned())
}

/// An asset class name (`equity`, `fund`, `bond`, `cash`, `commodity`, `real_estate`, `crypto`,
/// `other`).
pub fn asset_class(raw: &str) -> Result<AssetClass, String> {
    serde_json::from_value(serde_json::Value::from(raw)).map_err(|_| {
        "must be equity, fund, bond, cash, commodity, real_estate, crypto or other".to_owned()
    })
}

/// A ticker: 1..=32 of `A-Z a-z 0-9 . - _ ^ = :`, kept as written (it keys the price series).
pub fn symbol(raw: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || ".-_^=:".contains(c);
    if raw.is_empty() || raw.chars().count() > MAX_SYMBOL_CHARS || !raw.chars().all(allowed) {
        return Err(format!(
            "must be 1 to {MAX_SYMBOL_CHARS} letters, digits or . - _ ^ = :"
        ));
    }
    Ok(raw.to_owned())
}

/// An account label: 1..=64 printable characters without `#`.
pub fn account(raw: &str) -> Result<String, String> {
    let label = text(raw, MAX_ACCOUNT_CHARS, true)?;
    if label.contains('#') {
        return Err("must not contain #".to_owned());
    }
    Ok(label)
}

/// A decimal written as a string (`"101.50"`), exactly.
fn decimal(raw: &str) -> Result<Decimal, String> {
    let shaped = !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    shaped
        .then(|| Decimal::from_str(raw).ok())
        .flatten()
        .ok_or_else(|| "must be a decimal number written as a string, e.g. \"101.50\"".to_owned())
}

/// The kind of an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ActivityKindName)]
pub enum Kind {
    Buy,
    Sell,
    Dividend,
    Interest,
    Fee,
    Split,
    TransferIn,
    TransferOut,
}

/// An activity as a client writes it: the fields its kind needs, decimals as strings.
#[derive(Clone, Debug, Default)]
pub struct NewActivity {
    pub holding_id: String,
    pub date: String,
    pub kind: Option<Kind>,
    /// The holding's when left out.
    pub currency: Option<String>,
    pub quantity: Option<String>,
    pub unit_price: Option<String>,
    pub unit_cost: Option<String>,
    pub amount: Option<String>,
    pub fees: Option<String>,
    pub to: Option<String>,
    pub from: Option<String>,
}

/// Reads the fields of `new` into an engine activity in `holding_currency`, dated no later than
/// `today`; every missing, malformed or impossible field is a detail of one [`Invalid`].
pub fn activity(
    new: &NewActivity,
    holding_currency: Currency,
    today: Date,
) -> Result<Activity, Invalid> {
    let mut errors = FieldErrors::default();
    let date = errors.take("date", iso_date(&new.date));
    if let Some(day) = date
        && day > today
    {
        errors.push("date", format!("must not be after today ({today})"));
    }
    if let Some(raw) = &new.currency
        && raw != holding_currency.code()
    {
        errors.push(
            "currency",
            format!("must be {holding_currency}, the holding's currency"),
        );
    }
    let mut field = |name: &str, raw: &Option<String>, required: bool| -> Decimal {
        match raw {
            Some(raw) => errors.take(name, decimal(raw)).unwrap_or_default(),
            None if required => {
                errors.push(name, "is required for this kind of activity");
                Decimal::ZERO
            }
            None => Decimal::ZERO,
        }
    };
    let kind = match new.kind {
        None => None,
        Some(Kind::Buy) | Some(Kind::Sell) => {
            let quantity = field("quantity", &new.quantity, true);
            let unit_price = field("unit_price", &new.unit_price, true);
            let fees = field("fees", &new.fees, false);
            Some(if new.kind == Some(Kind::Buy) {
                ActivityKind::Buy {
                    quantity,
                    unit_price,
                    fees,
                }
            } else {
                ActivityKind::Sell {
                    quantity,
                    unit_price,
                    fees,
                }
            })
        }
        Some(Kind::Dividend) | Some(Kind::Interest) => {
            let amount = field("amount", &new.amount, true);
            let fees = field("fees", &new.fees, false);
            Some(if new.kind == Some(Kind::Dividend) {
                ActivityKind::Dividend { amount, fees }
            } else {
                ActivityKind::Interest { amount, fees }
            })
        }
        Some(Kind::Fee) => Some(ActivityKind::Fee {
            amount: field("amount", &new.amount, true),
        }),
        Some(Kind::Split) => Some(ActivityKind::Split {
            to: field("to", &new.to, true),
            from: field("from", &new.from, true),
        }),
        Some(Kind::TransferIn) => Some(ActivityKind::TransferIn {
            quantity: field("quantity", &new.quantity, true),
            unit_cost: field("unit_cost", &new.unit_cost, true),
        }),
        Some(Kind::TransferOut) => Some(ActivityKind::TransferOut {
            quantity: field("quantity", &new.quantity, true),
        }),
    };
    if kind.is_none() {
        errors.push("kind", "is required");
    }
    errors.finish()?;
    let (Some(date), Some(kind)) = (date, kind) else {
        return Err(Invalid::field("kind", "is required"));
    };
    let activity = Activity {
        date,
        currency: holding_currency.code().to_owned(),
        kind,
    };
    activity
        .check(&engine_holding_probe(holding_currency))
        .map_err(|problem| Invalid::field(problem_field(&activity.kind), problem.to_string()))?;
    Ok(activity)
}

/// A holding in `currency`, for the engine's per-activity check (which only reads the currency).
fn engine_holding_probe(currency: Currency) -> ferrofin_investment_calc::Holding {
    ferrofin_investment_calc::Holding {
        symbol: String::new(),
        account: String::new(),
        currency: crate::valuation::engine_currency(currency),
        asset_class: AssetClass::Other,
    }
}

/// The field an impossible value of `kind` is in.
fn problem_field(kind: &ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Buy { quantity, .. }
        | ActivityKind::Sell { quantity, .. }
        | ActivityKind::TransferIn { quantity, .. }
        | ActivityKind::TransferOut { quantity }
            if *quantity <= Decimal::ZERO =>
        {
            "quantity"
        }
        ActivityKind::Buy { fees, .. } | ActivityKind::Sell { fees, .. }
            if *fees < Decimal::ZERO =>
        {
            "fees"
        }
        ActivityKind::Buy { .. } | ActivityKind::Sell { .. } => "unit_price",
        ActivityKind::TransferIn { .. } => "unit_cost",
        ActivityKind::Dividend { amount, .. } | ActivityKind::Interest { amount, .. }
            if *amount < Decimal::ZERO =>
        {
            "amount"
        }
        ActivityKind::Dividend { .. } | ActivityKind::Interest { .. } => "fees",
        ActivityKind::Fee { .. } => "amount",
        ActivityKind::Split { to, .. } if *to <= Decimal::ZERO => "to",
        ActivityKind::Split { .. } => "from",
        ActivityKind::TransferOut { .. } => "quantity",
    }
}

/// A range: `1d`, `mtd`, `ytd`, `1y`, `max` (the default), or `custom` with `from` and `to`.
pub fn range(raw: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Range, Invalid> {
    let mut errors = FieldErrors::default();
    let range = match raw.unwrap_or("max") {
        "1d" => Some(Range::OneDay),
        "mtd" => Some(Range::Mtd),
        "ytd" => Some(Range::Ytd),
        "1y" => Some(Range::OneYear),
        "max" => Some(Range::Max),
        "custom" => {
            let mut day = |field: &str, raw: Option<&str>| match raw {
                Some(raw) => errors.take(field, iso_date(raw)),
                None => {
                    errors.push(field, "is required with range=custom");
                    None
                }
            };
            let (from, to) = (day("from", from), day("to", to));
            from.zip(to).map(|(from, to)| Range::Custom { from, to })
        }
        _ => {
            errors.push("range", "must be 1d, mtd, ytd, 1y, max or custom");
            None
        }
    };
    if raw != Some("custom") {
        for (field, given) in [("from", from), ("to", to)] {
            if given.is_some() {
                errors.push(field, "is only read with range=custom");
            }
        }
    }
    errors.finish()?;
    range.ok_or_else(|| Invalid::field("range", "must be 1d, mtd, ytd, 1y, max or custom"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn eur() -> Currency {
        Currency::parse("EUR").expect("EUR")
    }

    fn buy(quantity: &str) -> NewActivity {
        NewActivity {
            date: "2025-03-03".into(),
            kind: Some(Kind::Buy),
            quantity: Some(quantity.into()),
            unit_price: Some("101.50".into()),
            ..NewActivity::default()
        }
    }

    #[test]
    fn an_activity_reads_its_kinds_fields() {
        let activity = activity(&buy("10"), eur(), date!(2025 - 03 - 03)).expect("activity");
        assert_eq!(activity.currency, "EUR");
        assert_eq!(
            activity.kind,
            ActivityKind::Buy {
                quantity: Decimal::TEN,
                unit_price: Decimal::new(10150, 2),
                fees: Decimal::ZERO
            }
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let fields = |new: &NewActivity| match activity(new, eur(), date!(2025 - 03 - 03)) {
            Err(Invalid(details)) => details.into_iter().map(|d| d.field).collect::<Vec<_>>(),
            Ok(_) => Vec::new(),
        };
        assert_eq!(fields(&buy("0")), ["quantity"]);
        assert_eq!(fields(&buy("1e3")), ["quantity"]);
        let mut later = buy("1");
        later.date = "2025-03-04".into();
        later.currency = Some("USD".into());
        later.unit_price = None;
        assert_eq!(fields(&later), ["date", "currency", "unit_price"]);
        let split = NewActivity {
            date: "2025-03-03".into(),
            kind: Some(Kind::Split),
            to: Some("2".into()),
            from: Some("0".into()),
            ..NewActivity::default()
        };
        assert_eq!(fields(&split), ["from"]);
    }

    #[test]
    fn symbols_and_accounts_are_checked() {
        assert_eq!(symbol("VWCE.DE"), Ok("VWCE.DE".to_owned()));
        assert!(symbol("A#B").is_err());
        assert!(symbol("").is_err());
        assert!(account("broker#1").is_err());
        assert_eq!(lot_method("average_cost"), Ok(LotMethod::AverageCost));
        assert!(lot_method("lifo").is_err());
        assert_eq!(asset_class("real_estate"), Ok(AssetClass::RealEstate));
    }

    #[test]
    fn ranges_are_named_or_custom() {
        assert_eq!(range(None, None, None), Ok(Range::Max));
        assert_eq!(range(Some("1y"), None, None), Ok(Range::OneYear));
        assert_eq!(
            range(Some("custom"), Some("2025-01-01"), Some("2025-02-01")),
            Ok(Range::Custom {
                from: date!(2025 - 01 - 01),
                to: date!(2025 - 02 - 01)
            })
        );
        assert!(range(Some("custom"), Some("2025-01-01"), None).is_err());
        assert!(range(Some("ytd"), Some("2025-01-01"), None).is_err());
        assert!(range(Some("2y"), None, None).is_err());
    }
}
