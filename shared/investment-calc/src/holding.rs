//! What a holding is: a [`Holding`] is one security ([`Holding::symbol`]) in one account, in
//! the currency it is priced and traded in, of an [`AssetClass`]. A [`Currency`] carries its
//! minor units, which the engine cannot look up itself (it has no ISO 4217 table): the caller
//! resolves them (2 for EUR, 0 for JPY, 3 for KWD).

use serde::{Deserialize, Serialize};

/// The most minor units a currency may have.
pub const MAX_MINOR_UNITS: u32 = 8;

/// A currency and the decimals its amounts are rounded to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Currency {
    /// ISO 4217 code (`"EUR"`), compared exactly.
    pub code: String,
    /// Decimals of the minor unit, 0 to [`MAX_MINOR_UNITS`].
    pub minor_units: u32,
}

/// The kind of asset a holding is, for the allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssetClass {
    Equity,
    Fund,
    Bond,
    Cash,
    Commodity,
    RealEstate,
    Crypto,
    Other,
}

impl AssetClass {
    /// The name it is written with (`"real_estate"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Equity => "equity",
            Self::Fund => "fund",
            Self::Bond => "bond",
            Self::Cash => "cash",
            Self::Commodity => "commodity",
            Self::RealEstate => "real_estate",
            Self::Crypto => "crypto",
            Self::Other => "other",
        }
    }
}

/// One security in one account. A portfolio has at most one holding per symbol and account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holding {
    /// The key of the security's price series (`"VWCE.DE"`).
    pub symbol: String,
    /// The account it is held in, as the caller names it.
    pub account: String,
    /// The currency it is priced and traded in; every activity is in it.
    pub currency: Currency,
    pub asset_class: AssetClass,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_class_names_are_their_serialised_names() {
        for class in [
            AssetClass::Equity,
            AssetClass::Fund,
            AssetClass::Bond,
            AssetClass::Cash,
            AssetClass::Commodity,
            AssetClass::RealEstate,
            AssetClass::Crypto,
            AssetClass::Other,
        ] {
            assert_eq!(
                serde_json::to_value(class).expect("serialise"),
                serde_json::Value::from(class.name())
            );
        }
    }
}
