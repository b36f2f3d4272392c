//! How decimals and dates are written in JSON: the workspace's `rust_decimal` has no `serde`
//! feature and `time` writes a `Date` as a tuple, so every decimal is a string
//! (`"1234.5600"`, parsed exactly: more than 28 significant digits is refused, never rounded)
//! and every date is `YYYY-MM-DD`. Used with `#[serde(with = "crate::text::decimal")]`.

/// A `Decimal` as its string.
pub(crate) mod decimal {
    use rust_decimal::Decimal;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        value: &Decimal,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        let text = String::deserialize(deserializer)?;
        Decimal::from_str_exact(&text)
            .map_err(|_| D::Error::custom(format!("`{text}` is not a decimal string")))
    }

    /// An `Option<Decimal>` as its string or null.
    pub(crate) mod option {
        use rust_decimal::Decimal;
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(
            value: &Option<Decimal>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Decimal>, D::Error> {
            #[derive(Deserialize)]
            struct Text(#[serde(with = "super")] Decimal);
            Ok(Option::<Text>::deserialize(deserializer)?.map(|Text(value)| value))
        }
    }
}

/// A `Date` as `YYYY-MM-DD`.
pub(crate) mod date {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;
    use time::format_description::BorrowedFormatItem;
    use time::macros::format_description;

    const FORMAT: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]");

    pub(crate) fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text, FORMAT)
            .map_err(|_| D::Error::custom(format!("`{text}` is not a date written YYYY-MM-DD")))
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};
    use time::Date;
    use time::macros::date;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "super::decimal")]
        amount: Decimal,
        #[serde(with = "super::decimal::option")]
        maybe: Option<Decimal>,
        #[serde(with = "super::date")]
        on: Date,
    }

    #[test]
    fn decimals_and_dates_round_trip_as_strings() {
        let sample = Sample {
            amount: Decimal::new(123_450, 2),
            maybe: None,
            on: date!(2025 - 03 - 09),
        };
        let json = serde_json::to_value(&sample).expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({"amount": "1234.50", "maybe": null, "on": "2025-03-09"})
        );
        assert_eq!(
            serde_json::from_value::<Sample>(json).expect("deserialise"),
            sample
        );
    }

    #[test]
    fn inexact_decimals_and_other_date_shapes_are_refused() {
        let too_precise = serde_json::json!({
            "amount": "0.12345678901234567890123456789", "maybe": null, "on": "2025-03-09"
        });
        assert!(serde_json::from_value::<Sample>(too_precise).is_err());
        let not_a_number = serde_json::json!({"amount": "1e3", "maybe": "x", "on": "2025-03-09"});
        assert!(serde_json::from_value::<Sample>(not_a_number).is_err());
        let bad_date = serde_json::json!({"amount": "1", "maybe": "2", "on": "9 March 2025"});
        assert!(serde_json::from_value::<Sample>(bad_date).is_err());
    }
}
