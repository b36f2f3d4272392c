//! Random cash flows never make `assess` panic, and every answer keeps its invariants. Plain std:
//! a seeded xorshift generator, so a failure repeats exactly (the seed is in the message).

use ferrofin_risk::{
    Assessment, BalanceDays, Cashflow, Entry, EntryKind, Factor, MAX_AMOUNT, RiskError, assess,
};
use rust_decimal::Decimal;
use time::{Date, Duration};

/// xorshift64*: small, deterministic, good enough to pick test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// In `0..bound` (`bound` > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "Rent",
    "LOAN",
    "credit-card",
    "Kreditkarte",
    "Supermarket",
    "salary",
    "REF 0042",
    "Sloane",
    "12/03",
    "",
    "  ",
    "Ünïcödé",
    "mortgage repayment",
    "Netflix.com",
    "#",
    "installment 3/12",
];

const CURRENCIES: &[&str] = &["EUR", "JPY", "KWD", "xx", ""];

const KINDS: &[EntryKind] = &[
    EntryKind::Income,
    EntryKind::Expense,
    EntryKind::Transfer,
    EntryKind::DebtPayment,
    EntryKind::Unknown,
    EntryKind::Unknown,
];

fn amount(rng: &mut Rng) -> Decimal {
    let sign = if rng.chance(60) { -1 } else { 1 };
    match rng.below(7) {
        0 => Decimal::ZERO,
        6 if rng.chance(3) => Decimal::MAX * Decimal::from(sign),
        1 => Decimal::from(MAX_AMOUNT * sign),
        2 => Decimal::new(sign * rng.below(10_000_000) as i64, 28),
        3 => Decimal::new(sign * rng.below(1_000_000_000_000_000_000) as i64, 6),
        4 => Decimal::new(sign * (95_000 + rng.below(10_000) as i64), 2),
        _ => Decimal::new(sign * rng.below(500_000) as i64, 2),
    }
}

fn text(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(3) {
        text.push_str(rng.pick(WORDS));
        text.push(' ');
    }
    text
}

fn cashflow(rng: &mut Rng) -> Cashflow {
    let base = Date::from_calendar_date(1970, time::Month::January, 1).expect("date");
    let from = base + Duration::days(rng.below(47_000) as i64);
    let to = from + Duration::days(rng.below(800) as i64);
    let span = (to - from).whole_days() + 1;
    let count = rng.below(80);
    let mut entries = Vec::new();
    for _ in 0..count {
        let date = from + Duration::days(rng.below(span as u64) as i64);
        // a payee that repeats, monthly or weekly, to exercise the recurring search
        let date = if rng.chance(30) {
            from + Duration::days((rng.below(6) * if rng.chance(50) { 7 } else { 30 }) as i64)
        } else {
            date
        };
        let mut entry = Entry::new(date.min(to), amount(rng), &text(rng), rng.pick(KINDS));
        if rng.chance(50) {
            entry.counterparty = Some(text(rng));
        }
        if rng.chance(30) {
            entry.category = Some(text(rng));
        }
        entries.push(entry);
    }
    Cashflow {
        currency: rng.pick(CURRENCIES).to_owned(),
        opening_balance: rng.chance(60).then(|| amount(rng)),
        from,
        to,
        entries,
    }
}

fn check(assessment: &Assessment, cashflow: &Cashflow, seed: u64) {
    assert!(assessment.score <= 100, "seed {seed}");
    assert_eq!(
        assessment.contributions.len(),
        Factor::ALL.len(),
        "seed {seed}"
    );
    let mut total = Decimal::ZERO;
    for c in &assessment.contributions {
        assert!(c.points >= Decimal::ZERO, "seed {seed}");
        assert!(c.points <= Decimal::from(c.weight), "seed {seed}");
        total += c.points;
    }
    assert!(total <= Decimal::ONE_HUNDRED, "seed {seed}");
    assert!(assessment.reasons.len() <= 3, "seed {seed}");
    let complete = assessment.months.iter().filter(|m| m.complete).count();
    let assessed = if complete == 0 {
        assessment.months.len()
    } else {
        complete
    };
    assert_eq!(
        assessment.metrics.months_assessed as usize, assessed,
        "seed {seed}"
    );
    match (&assessment.metrics.balance, cashflow.opening_balance) {
        (BalanceDays::Unknown, None) => {}
        (
            BalanceDays::Known {
                negative_days,
                window_days,
                ..
            },
            Some(_),
        ) => {
            assert!(negative_days <= window_days, "seed {seed}");
            let days = (cashflow.to - cashflow.from).whole_days() + 1;
            assert_eq!(i64::from(*window_days), days, "seed {seed}");
        }
        _ => panic!("seed {seed}: balance known without an opening balance, or not known with one"),
    }
    for obligation in &assessment.metrics.recurring_obligations {
        assert!(obligation.count >= 3, "seed {seed}");
        assert!(obligation.first < obligation.last, "seed {seed}");
    }
    serde_json::to_string(assessment).expect("serialises");
}

#[test]
fn random_cash_flows_never_panic() {
    let (mut assessed, mut refused) = (0, 0);
    for seed in 1..=3000_u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut flow = cashflow(&mut rng);
        let out_of_window = rng.chance(5) && !flow.entries.is_empty();
        if out_of_window {
            flow.entries[0].date = flow.to + Duration::days(1);
        }
        match assess(&flow) {
            Ok(assessment) => {
                assert!(
                    !out_of_window,
                    "seed {seed}: an entry outside the window was taken"
                );
                check(&assessment, &flow, seed);
                assessed += 1;
            }
            Err(RiskError::EntryOutsideWindow { index, .. }) => {
                assert!(out_of_window && index == 0, "seed {seed}");
                refused += 1;
            }
            Err(RiskError::AmountTooLarge { .. } | RiskError::OpeningBalanceTooLarge) => {
                assert!(!out_of_window, "seed {seed}");
                refused += 1;
            }
            Err(error) => panic!("seed {seed}: {error}"),
        }
    }
    // both paths are exercised
    assert!(
        assessed > 2000 && refused > 50,
        "{assessed} assessed, {refused} refused"
    );
}

#[test]
fn many_largest_amounts_in_one_month_do_not_overflow() {
    let from = Date::from_calendar_date(2026, time::Month::January, 1).expect("date");
    let to = Date::from_calendar_date(2026, time::Month::March, 31).expect("date");
    let mut entries = Vec::new();
    for i in 0..3000_i64 {
        let amount = if i % 2 == 0 { MAX_AMOUNT } else { -MAX_AMOUNT };
        let date = from + Duration::days(i % 31);
        entries.push(Entry::new(
            date,
            Decimal::from(amount),
            "Loan",
            EntryKind::Unknown,
        ));
    }
    entries.push(Entry::new(
        to,
        Decimal::new(1, 28),
        "Tiny income",
        EntryKind::Income,
    ));
    let flow = Cashflow {
        currency: "EUR".to_owned(),
        opening_balance: Some(Decimal::from(-MAX_AMOUNT)),
        from,
        to,
        entries,
    };
    let assessment = assess(&flow).expect("assessed");
    check(&assessment, &flow, 0);
}

#[test]
fn the_widest_window_is_assessed() {
    let flow = Cashflow {
        currency: "EUR".to_owned(),
        opening_balance: Some(Decimal::ONE),
        from: Date::MIN,
        to: Date::MAX,
        entries: vec![
            Entry::new(Date::MIN, Decimal::from(-2), "First", EntryKind::Unknown),
            Entry::new(Date::MAX, Decimal::from(5), "Last", EntryKind::Unknown),
        ],
    };
    let assessment = assess(&flow).expect("assessed");
    check(&assessment, &flow, 0);
    assert_eq!(assessment.months.len(), 19_999 * 12);
}
