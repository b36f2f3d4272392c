//! Properties over random histories of the base loan: up to 8 repayments (distinct dates
//! from the disbursement to 20 days after the last due date, 0.01 to 1500.00 each), in every
//! allocation order.

use std::collections::BTreeMap;

use ferrofin_loan_servicing::{Balance, Loan, LoanEvent, LoanState, Repayment, Reversal};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;
use time::{Date, Duration};

use crate::common::{date, loan};

const LAST_DAY: i64 = 91 + 20; // 2024-01-15 → 2024-04-15 is 91 days

fn any_loan() -> impl Strategy<Value = Loan> {
    prop_oneof![
        Just("penalties_fees_interest_principal"),
        Just("interest_principal_penalties_fees"),
        Just("principal_interest_penalties_fees"),
    ]
    .prop_map(|order| loan(json!({ "allocation_order": order })))
}

/// Repayments on distinct days (a map from day to cents), in date order.
fn any_repayments() -> impl Strategy<Value = Vec<LoanEvent>> {
    prop::collection::btree_map(0..=LAST_DAY, 1..=150_000_i64, 0..=8).prop_map(
        |by_day: BTreeMap<i64, i64>| {
            by_day
                .into_iter()
                .enumerate()
                .map(|(index, (day, cents))| {
                    LoanEvent::Repayment(Repayment {
                        id: format!("r{index}"),
                        date: disbursed() + Duration::days(day),
                        amount: Decimal::new(cents, 2),
                    })
                })
                .collect()
        },
    )
}

fn disbursed() -> Date {
    date("2024-01-15")
}

fn end() -> Date {
    disbursed() + Duration::days(LAST_DAY)
}

/// The state without the repayments' ids, which a re-entered repayment changes.
fn without_ids(mut state: LoanState) -> LoanState {
    for allocation in &mut state.repayments {
        allocation.repayment_id.clear();
    }
    if let Some(settlement) = &mut state.early_settlement {
        settlement.repayment_id.clear();
    }
    state
}

fn consistent(balance: &Balance) -> bool {
    balance.outstanding >= Decimal::ZERO
        && balance.paid >= Decimal::ZERO
        && balance.waived >= Decimal::ZERO
        && balance.due == balance.paid + balance.waived + balance.outstanding
}

proptest! {
    #[test]
    fn allocations_add_up_to_the_amount(loan in any_loan(), history in any_repayments()) {
        let state = loan.state(&history, end()).unwrap();
        for allocation in &state.repayments {
            let allocated: Decimal = allocation.installments.iter().map(|part| part.paid.total).sum();
            prop_assert_eq!(allocated, allocation.amount - allocation.overpayment);
            prop_assert!(allocation.overpayment >= Decimal::ZERO);
        }
        let paid: Decimal = history
            .iter()
            .map(|event| match event {
                LoanEvent::Repayment(repayment) => repayment.amount,
                _ => Decimal::ZERO,
            })
            .sum();
        prop_assert_eq!(state.totals.total.paid + state.overpaid, paid);
    }

    #[test]
    fn outstanding_is_never_negative(loan in any_loan(), history in any_repayments(), day in 0..=LAST_DAY) {
        let state = loan.state(&history, disbursed() + Duration::days(day)).unwrap();
        for installment in &state.installments {
            let amounts = &installment.amounts;
            for balance in [&amounts.principal, &amounts.interest, &amounts.fees, &amounts.penalties, &amounts.total] {
                prop_assert!(consistent(balance), "installment {}: {:?}", installment.number, balance);
            }
        }
        prop_assert!(consistent(&state.totals.total));
    }

    #[test]
    fn reversing_then_repaying_again_restores_the_state(
        loan in any_loan(),
        history in any_repayments(),
        pick in any::<prop::sample::Index>(),
    ) {
        prop_assume!(!history.is_empty());
        let LoanEvent::Repayment(reversed) = pick.get(&history).clone() else { unreachable!() };
        let mut replayed = history.clone();
        replayed.push(LoanEvent::RepaymentReversal(Reversal {
            repayment_id: reversed.id.clone(),
            date: end(),
        }));
        // The dates are distinct: the new repayment takes the reversed one's place.
        replayed.push(LoanEvent::Repayment(Repayment { id: "again".into(), ..reversed }));
        prop_assert_eq!(
            without_ids(loan.state(&replayed, end()).unwrap()),
            without_ids(loan.state(&history, end()).unwrap())
        );
    }

    #[test]
    fn accruing_day_by_day_is_accruing_at_once(loan in any_loan(), history in any_repayments()) {
        let start = disbursed() - Duration::days(1);
        let mut by_day = Decimal::ZERO;
        for day in 0..=LAST_DAY {
            let from = start + Duration::days(day);
            let delta = loan.accrual_delta(&history, from, from + Duration::days(1)).unwrap();
            prop_assert!(delta >= Decimal::ZERO);
            by_day += delta;
        }
        let at_once = loan.accrual_delta(&history, start, start + Duration::days(LAST_DAY + 1)).unwrap();
        prop_assert_eq!(by_day, at_once);
    }

    #[test]
    fn penalties_found_are_not_found_again(history in any_repayments(), day in 0..=LAST_DAY) {
        let loan = loan(json!({ "late_penalty": { "charge": { "percent": "2" }, "grace_days": 3 } }));
        let as_of = disbursed() + Duration::days(day);
        let mut with_penalties = history.clone();
        with_penalties.extend(loan.penalties_to_apply(&history, as_of).unwrap().into_iter().map(LoanEvent::Penalty));
        prop_assert!(loan.penalties_to_apply(&with_penalties, as_of).unwrap().is_empty());
    }
}
