//! The closed sets of a customer: its kind, lifecycle status, KYC status and risk band. Their
//! `as_str` names appear in index keys and statistics counters.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a snake_case enum with `as_str` and `ALL`.
macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }
    };
}

named_enum!(
    /// A person or a company.
    CustomerKind { Individual => "individual", Business => "business" }
);

named_enum!(
    /// Whether the relationship with the customer is live (new customers are active).
    #[derive(Default)]
    CustomerStatus { #[default] Active => "active", Inactive => "inactive", Closed => "closed" }
);

named_enum!(
    /// Where know-your-customer checks stand (new customers are pending).
    #[derive(Default)]
    KycStatus { #[default] Pending => "pending", Verified => "verified", Rejected => "rejected" }
);

named_enum!(
    /// The credit risk band staff assigned.
    RiskBand { Low => "low", Medium => "medium", High => "high" }
);

// Calendar dates as ISO `YYYY-MM-DD` strings, for serde (`iso_date` and `iso_date::option`).
/// Dates in JSON, exactly `YYYY-MM-DD`.
pub use ferrofin_platform::fields::date_text as iso_date;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_json_form() {
        for status in KycStatus::ALL {
            let json = serde_json::to_value(status).expect("json");
            assert_eq!(json, status.as_str());
        }
        assert_eq!(RiskBand::ALL.len(), 3);
    }
}
