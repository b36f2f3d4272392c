//! Bodies of the admin routes: badges and challenges as admins write and read them, checked
//! field by field.

use ferrofin_gamification::stats::WINDOW_DAYS_MAX;
use ferrofin_gamification::{Activity, Badge, BadgeSpec, Challenge, ChallengeSpec, Rule};
use ferrofin_platform::fields::{self, FieldErrors, Invalid};
use ferrofin_platform::http::closed_schemas::closed_variants;
use ferrofin_platform::http::text_schemas::{required_text, text_up_to};
use ferrofin_platform::http::{CurrencyText, PositiveAmountText};
use ferrofin_platform::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

/// The most points a badge tier or a challenge gives.
const MAX_POINTS: u64 = 10_000;
const MAX_TIERS: usize = 10;
const MAX_STREAK_DAYS: u32 = 365;
const MAX_TARGET: u64 = 1_000_000;

/// What earns a badge. `kind` is `first`, `tiers`, `streak`, `window`, `savings` or
/// `under_budget`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleBody {
    /// The activity happened once.
    First { activity: Activity },
    /// The activity's count reached each of `tiers` (ascending; one award per tier).
    Tiers {
        activity: Activity,
        #[schema(min_items = 1, max_items = 10)]
        tiers: Vec<u64>,
    },
    /// The activity happened on `days` consecutive days (the user's days, 2 to 365).
    Streak {
        activity: Activity,
        #[schema(minimum = 2, maximum = 365)]
        days: u32,
    },
    /// The activity happened `times` times within `days` days (1 to 90).
    Window {
        activity: Activity,
        #[schema(minimum = 1, maximum = 1_000_000)]
        times: u64,
        #[schema(minimum = 1, maximum = 90)]
        days: u32,
    },
    /// Goal contributions in `currency` add up to `amount` (a decimal string).
    Savings {
        #[schema(value_type = CurrencyText)]
        currency: String,
        #[schema(value_type = PositiveAmountText)]
        amount: String,
    },
    /// `days` consecutive days (the user's days, 2 to 365) ended under the same budget.
    UnderBudget {
        #[schema(minimum = 2, maximum = 365)]
        days: u32,
    },
}

impl From<Rule> for RuleBody {
    fn from(rule: Rule) -> Self {
        match rule {
            Rule::First { activity } => Self::First { activity },
            Rule::Tiers { activity, tiers } => Self::Tiers { activity, tiers },
            Rule::Streak { activity, days } => Self::Streak { activity, days },
            Rule::Window {
                activity,
                times,
                days,
            } => Self::Window {
                activity,
                times,
                days,
            },
            Rule::Savings {
                currency,
                amount_minor,
            } => Self::Savings {
                currency: currency.code().to_owned(),
                amount: Money::from_minor(amount_minor, currency).to_decimal_string(),
            },
            Rule::UnderBudget { days } => Self::UnderBudget { days },
        }
    }
}

fn in_range<T: PartialOrd + std::fmt::Display>(value: T, low: T, high: T) -> Result<T, String> {
    if value < low || value > high {
        return Err(format!("must be {low} to {high}"));
    }
    Ok(value)
}

impl RuleBody {
    fn check(self, errors: &mut FieldErrors) -> Option<Rule> {
        match self {
            Self::First { activity } => Some(Rule::First { activity }),
            Self::Tiers { activity, tiers } => {
                let ascending = tiers.windows(2).all(|pair| pair[0] < pair[1]);
                let valid = !tiers.is_empty()
                    && tiers.len() <= MAX_TIERS
                    && ascending
                    && tiers.first().is_some_and(|first| *first >= 1)
                    && tiers.last().is_some_and(|last| *last <= MAX_TARGET);
                if !valid {
                    errors.push(
                        "rule.tiers",
                        format!("must be 1 to {MAX_TIERS} ascending counts of 1 to {MAX_TARGET}"),
                    );
                    return None;
                }
                Some(Rule::Tiers { activity, tiers })
            }
            Self::Streak { activity, days } => errors
                .take("rule.days", in_range(days, 2, MAX_STREAK_DAYS))
                .map(|days| Rule::Streak { activity, days }),
            Self::UnderBudget { days } => errors
                .take("rule.days", in_range(days, 2, MAX_STREAK_DAYS))
                .map(|days| Rule::UnderBudget { days }),
            Self::Window {
                activity,
                times,
                days,
            } => {
                let times = errors.take("rule.times", in_range(times, 1, MAX_TARGET));
                let days = errors.take("rule.days", in_range(days, 1, WINDOW_DAYS_MAX));
                Some(Rule::Window {
                    activity,
                    times: times?,
                    days: days?,
                })
            }
            Self::Savings { currency, amount } => {
                let currency = errors.take("rule.currency", Currency::parse(&currency))?;
                let amount = errors.take("rule.amount", Money::parse(&amount, currency))?;
                if amount.minor() <= 0 {
                    errors.push("rule.amount", "must be more than zero");
                    return None;
                }
                Some(Rule::Savings {
                    currency,
                    amount_minor: amount.minor(),
                })
            }
        }
    }
}

/// A badge to create, or to replace one with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sorter", "description": "Categorise transactions", "points": 20, "rule": {"kind": "tiers", "activity": "transaction_categorised", "tiers": [10, 100, 1000]}}))]
pub struct BadgeBody {
    /// 1 to 80 characters.
    #[schema(schema_with = required_text::<80>)]
    pub name: String,
    /// Up to 280 characters.
    #[serde(default)]
    #[schema(schema_with = text_up_to::<280>)]
    pub description: String,
    /// Points for earning it (each tier of a tiered badge), 0 to 10 000.
    #[schema(maximum = 10_000)]
    pub points: u64,
    #[schema(schema_with = closed_variants::<RuleBody>)]
    pub rule: RuleBody,
}

impl BadgeBody {
    pub fn check(self) -> Result<BadgeSpec, Invalid> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", fields::text(&self.name, 80, true));
        let description = errors.take("description", fields::text(&self.description, 280, false));
        let points = errors.take("points", in_range(self.points, 0, MAX_POINTS));
        let rule = self.rule.check(&mut errors);
        errors.finish()?;
        match (name, description, points, rule) {
            (Some(name), Some(description), Some(points), Some(rule)) => Ok(BadgeSpec {
                name,
                description,
                points,
                rule,
            }),
            _ => Err(Invalid::field("", "invalid badge")),
        }
    }
}

/// A badge as admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BadgeView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub points: u64,
    pub rule: RuleBody,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Badge> for BadgeView {
    fn from(badge: Badge) -> Self {
        Self {
            id: badge.id.to_string(),
            name: badge.spec.name,
            description: badge.spec.description,
            points: badge.spec.points,
            rule: badge.spec.rule.into(),
            created_at: badge.created_at,
            updated_at: badge.updated_at,
        }
    }
}

/// A challenge to create, or to replace one with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Ten in December", "description": "Record ten transactions", "activity": "transaction_recorded", "target": 10, "reward_points": 50, "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z"}))]
pub struct ChallengeBody {
    /// 1 to 80 characters.
    #[schema(schema_with = required_text::<80>)]
    pub name: String,
    /// Up to 280 characters.
    #[serde(default)]
    #[schema(schema_with = text_up_to::<280>)]
    pub description: String,
    /// What counts towards the target.
    pub activity: Activity,
    /// How many times, 1 to 1 000 000.
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub target: u64,
    /// Points for completing it, 0 to 10 000.
    #[schema(maximum = 10_000)]
    pub reward_points: u64,
    /// RFC 3339; before `ends_at`.
    #[schema(format = DateTime)]
    pub starts_at: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub ends_at: String,
}

fn instant(raw: &str) -> Result<OffsetDateTime, &'static str> {
    OffsetDateTime::parse(raw, &Rfc3339).map_err(|_| "must be an RFC 3339 date and time")
}

impl ChallengeBody {
    pub fn check(self) -> Result<ChallengeSpec, Invalid> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", fields::text(&self.name, 80, true));
        let description = errors.take("description", fields::text(&self.description, 280, false));
        let target = errors.take("target", in_range(self.target, 1, MAX_TARGET));
        let reward_points =
            errors.take("reward_points", in_range(self.reward_points, 0, MAX_POINTS));
        let starts_at = errors.take("starts_at", instant(&self.starts_at));
        let ends_at = errors.take("ends_at", instant(&self.ends_at));
        if let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at)
            && ends_at <= starts_at
        {
            errors.push("ends_at", "must be after starts_at");
        }
        errors.finish()?;
        match (name, description, target, reward_points, starts_at, ends_at) {
            (
                Some(name),
                Some(description),
                Some(target),
                Some(reward_points),
                Some(starts_at),
                Some(ends_at),
            ) => Ok(ChallengeSpec {
                name,
                description,
                activity: self.activity,
                target,
                reward_points,
                starts_at,
                ends_at,
            }),
            _ => Err(Invalid::field("", "invalid challenge")),
        }
    }
}

/// A challenge as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub activity: Activity,
    pub target: u64,
    pub reward_points: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Challenge> for ChallengeView {
    fn from(challenge: Challenge) -> Self {
        let spec = challenge.spec;
        Self {
            id: challenge.id.to_string(),
            name: spec.name,
            description: spec.description,
            activity: spec.activity,
            target: spec.target,
            reward_points: spec.reward_points,
            starts_at: spec.starts_at,
            ends_at: spec.ends_at,
            created_at: challenge.created_at,
            updated_at: challenge.updated_at,
        }
    }
}
