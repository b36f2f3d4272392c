//! What staff say about a customer: [`CustomerDetails`] (the body of create and replace) and
//! [`CustomerPatch`] (a partial change), and the rules that span fields (an individual has a
//! first and last name, a business a legal name; dates are not in the future; ...).

use serde::{Deserialize, Deserializer, Serialize};
use time::Date;
use utoipa::ToSchema;

use crate::fields::{CountryCode, Label, NationalId, PhoneNumber, Text};
use crate::kinds::{CustomerKind, CustomerStatus, KycStatus, RiskBand, iso_date};
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::fields::ErrorDetail;
use ferrofin_platform::http::text_schemas::{required_text, required_text_or_null};
use ferrofin_platform::http::{AnyDateText, EmailText};
use ferrofin_platform::ids::UserId;

/// Most tags a customer carries.
pub const MAX_TAGS: usize = 10;

/// The schema of `tags`: at most [`MAX_TAGS`] [`Label`]s.
fn labels() -> utoipa::openapi::Schema {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .pattern(Some("^[A-Za-z0-9_-]{1,40}$")),
        )
        .max_items(Some(MAX_TAGS))
        .unique_items(true)
        .build()
        .into()
}

/// The name fields; each is required for the kind it applies to.
const NAME_FIELDS: &[&str] = &["first_name", "last_name", "legal_name"];

/// A postal address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[schema(schema_with = required_text::<200>)]
    pub line1: Text,
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub line2: Option<Text>,
    #[schema(schema_with = required_text::<200>)]
    pub city: Text,
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub region: Option<Text>,
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub postal_code: Option<Text>,
    /// ISO 3166-1 alpha-2.
    #[schema(value_type = String, pattern = "^[A-Za-z]{2}$", example = "GB")]
    pub country: CountryCode,
}

/// Everything staff set on a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "individual", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
    "phone": "+447700900123", "date_of_birth": "1990-12-10", "national_id": "AB123456789",
    "address": {"line1": "12 High Street", "city": "London", "postal_code": "EC1A 1BB", "country": "GB"},
    "segment": "retail", "tags": ["vip"]}))]
pub struct CustomerDetails {
    pub kind: CustomerKind,
    /// Individuals only.
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub first_name: Option<Text>,
    /// Individuals only.
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub last_name: Option<Text>,
    /// Businesses only.
    #[serde(default)]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub legal_name: Option<Text>,
    /// Unique among customers.
    #[schema(value_type = EmailText)]
    pub email: EmailAddress,
    /// E.164, e.g. `+442079460958`.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^\\+[1-9][0-9]{7,14}$", example = "+442079460958")]
    pub phone: Option<PhoneNumber>,
    /// Individuals only; `YYYY-MM-DD`.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<AnyDateText>)]
    pub date_of_birth: Option<Date>,
    /// Businesses only; `YYYY-MM-DD`.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<AnyDateText>)]
    pub registration_date: Option<Date>,
    /// National or tax id; unique among customers, shown masked without
    /// `customers:read:sensitive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z0-9]{4,32}$")]
    pub national_id: Option<NationalId>,
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(default)]
    pub status: CustomerStatus,
    #[serde(default)]
    pub kyc_status: KycStatus,
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z0-9_-]{1,40}$")]
    pub segment: Option<Label>,
    #[serde(default)]
    pub risk_band: Option<RiskBand>,
    /// The user id of the staff member in charge.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub assigned_officer: Option<UserId>,
    #[serde(default)]
    #[schema(schema_with = labels)]
    pub tags: Vec<Label>,
}

fn problem(field: &str, message: &str) -> ErrorDetail {
    ErrorDetail {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

impl CustomerDetails {
    /// The name the customer is listed and searched by.
    pub fn display_name(&self) -> String {
        match self.kind {
            CustomerKind::Business => self
                .legal_name
                .as_ref()
                .map(Text::as_str)
                .unwrap_or_default()
                .to_owned(),
            CustomerKind::Individual => [&self.first_name, &self.last_name]
                .into_iter()
                .flatten()
                .map(Text::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// Checks the rules that span fields; `today` bounds the dates.
    pub fn check(&self, today: Date) -> Result<(), Vec<ErrorDetail>> {
        let mut problems = Vec::new();
        let kind_fields = [
            (
                "first_name",
                self.first_name.is_some(),
                CustomerKind::Individual,
            ),
            (
                "last_name",
                self.last_name.is_some(),
                CustomerKind::Individual,
            ),
            (
                "legal_name",
                self.legal_name.is_some(),
                CustomerKind::Business,
            ),
            (
                "date_of_birth",
                self.date_of_birth.is_some(),
                CustomerKind::Individual,
            ),
            (
                "registration_date",
                self.registration_date.is_some(),
                CustomerKind::Business,
            ),
        ];
        let kind = self.kind.as_str();
        for (field, present, applies_to) in kind_fields {
            if applies_to != self.kind && present {
                problems.push(problem(
                    field,
                    &format!("does not apply to a {kind} customer"),
                ));
            } else if applies_to == self.kind && !present && NAME_FIELDS.contains(&field) {
                problems.push(problem(
                    field,
                    &format!("is required for a {kind} customer"),
                ));
            }
        }
        for (field, date) in [
            ("date_of_birth", self.date_of_birth),
            ("registration_date", self.registration_date),
        ] {
            if date.is_some_and(|date| date > today) {
                problems.push(problem(field, "must not be in the future"));
            }
        }
        if self.tags.len() > MAX_TAGS {
            problems.push(problem("tags", &format!("at most {MAX_TAGS} tags")));
        }
        let mut unique = self.tags.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != self.tags.len() {
            problems.push(problem("tags", "must not repeat a tag"));
        }
        if self
            .assigned_officer
            .as_ref()
            .is_some_and(|id| !(1..=64).contains(&id.as_str().len()))
        {
            problems.push(problem("assigned_officer", "must be a user id"));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// These details with `patch` applied (not yet checked).
    pub fn patched(&self, patch: CustomerPatch) -> Self {
        let mut next = self.clone();
        macro_rules! set {
            ($($field:ident),*) => { $(if let Some(value) = patch.$field { next.$field = value; })* };
        }
        set!(
            kind,
            first_name,
            last_name,
            legal_name,
            email,
            phone,
            date_of_birth,
            registration_date,
            national_id,
            address,
            status,
            kyc_status,
            segment,
            risk_band,
            assigned_officer,
            tags
        );
        next
    }
}

/// Reads a present JSON value (even `null`) as `Some`, so an absent field stays `None`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Reads a present `YYYY-MM-DD` date or `null`.
fn present_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<Date>>, D::Error> {
    iso_date::option::deserialize(deserializer).map(Some)
}

/// A partial change: absent fields stay as they are; `null` clears an optional field.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kyc_status": "verified", "segment": null}))]
pub struct CustomerPatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub kind: Option<CustomerKind>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub first_name: Option<Option<Text>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub last_name: Option<Option<Text>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = required_text_or_null::<200>)]
    pub legal_name: Option<Option<Text>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<EmailText>, nullable = false)]
    pub email: Option<EmailAddress>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = "^\\+[1-9][0-9]{7,14}$")]
    pub phone: Option<Option<PhoneNumber>>,
    #[serde(default, deserialize_with = "present_date")]
    #[schema(value_type = Option<AnyDateText>)]
    pub date_of_birth: Option<Option<Date>>,
    #[serde(default, deserialize_with = "present_date")]
    #[schema(value_type = Option<AnyDateText>)]
    pub registration_date: Option<Option<Date>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z0-9]{4,32}$")]
    pub national_id: Option<Option<NationalId>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Address>)]
    pub address: Option<Option<Address>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub status: Option<CustomerStatus>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub kyc_status: Option<KycStatus>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = "^[A-Za-z0-9_-]{1,40}$")]
    pub segment: Option<Option<Label>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<RiskBand>)]
    pub risk_band: Option<Option<RiskBand>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub assigned_officer: Option<Option<UserId>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = labels)]
    pub tags: Option<Vec<Label>>,
}

impl CustomerPatch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn individual() -> CustomerDetails {
        serde_json::from_value(serde_json::json!({
            "kind": "individual", "first_name": "Ada", "last_name": "Lovelace",
            "email": "ada@example.com", "date_of_birth": "1990-12-10"
        }))
        .expect("valid details")
    }

    #[test]
    fn an_individual_needs_names_and_no_business_fields() {
        assert_eq!(individual().check(date!(2026 - 01 - 01)), Ok(()));
        let mut wrong = individual();
        wrong.first_name = None;
        wrong.legal_name = Some(Text::parse("Acme").expect("text"));
        let problems = wrong.check(date!(2026 - 01 - 01)).expect_err("invalid");
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["first_name", "legal_name"]);
    }

    #[test]
    fn a_date_of_birth_in_the_future_is_refused() {
        let problems = individual()
            .check(date!(1980 - 01 - 01))
            .expect_err("future");
        assert_eq!(problems[0].field, "date_of_birth");
    }

    #[test]
    fn a_patch_sets_present_fields_and_clears_nulls() {
        let patch: CustomerPatch = serde_json::from_value(
            serde_json::json!({"phone": "+447700900123", "date_of_birth": null}),
        )
        .expect("patch");
        let next = individual().patched(patch);
        assert_eq!(
            next.phone.as_ref().map(PhoneNumber::as_str),
            Some("+447700900123")
        );
        assert_eq!(next.date_of_birth, None);
        assert_eq!(next.display_name(), "Ada Lovelace");
        assert!(
            serde_json::from_value::<CustomerPatch>(serde_json::json!({"version": 3})).is_err()
        );
    }

    #[test]
    fn repeated_or_too_many_tags_are_refused() {
        let mut details = individual();
        details.tags = vec![Label::parse("vip").expect("label"); 2];
        assert!(details.check(date!(2026 - 01 - 01)).is_err());
    }
}
