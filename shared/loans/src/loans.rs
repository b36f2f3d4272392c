//! Loans: apply (staff for a customer, or a user for themselves) for a product, hand in,
//! approve level by level, reject, withdraw, disburse (which books the calculator's schedule
//! for the loan's request: the preview and the booked loan are one call), read and list. Each
//! step is saved with its audit entry and the loan's list copies in one table transaction; a
//! step that lost a race with another is taken again on the loan as it is now.

use std::sync::Arc;

use ferrofin_customers::ids::CustomerId;
use ferrofin_customers::{CustomerError, Customers};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::payout::Payout;
use ferrofin_loan_calc::{LoanRequest, LoanTerms, Schedule, validate};
use ferrofin_loan_servicing::{
    HistoryError, Loan as ServicedLoan, LoanEvent, LoanState, LoanStatus as ServicedStatus,
    PayoffQuote, Refund, Repayment, RescheduleError, Rescheduling, Reversal,
};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::clock::{Clock, new_id};
use ferrofin_platform::ports::table::{Position, Write};
use ferrofin_risk_assessments::assessment::RiskAssessment;
use ferrofin_risk_assessments::{AssessmentStatus, RiskAssessments, Subject};
use serde_json::json;
use time::Date;

use crate::error::LoanError;
use crate::ids::{LoanId, ProductId};
use crate::index::{LoanList, LoanSummary};
use crate::loan::{
    Announced, Applicant, Approver, HistoryEntry, Loan, LoanAction, LoanStatus, NewTerms, Owed,
};
use crate::portfolio::CurrencyPortfolio;
use crate::product::{LoanAsk, ProductStatus};
use crate::store::LendingStore;

/// Who is acting, and what their role lets them do with loans.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: UserId,
    /// `loans:read`: every loan is visible.
    pub reads_all: bool,
    /// The approval levels held (`loans:approve:level1`, `...level2`).
    pub approval_levels: Vec<u8>,
}

/// An application, as asked.
#[derive(Clone, Debug)]
pub struct Application {
    pub product_id: ProductId,
    /// For staff holding `loans:create`: the customer who borrows; `None`: the caller does.
    pub customer_id: Option<CustomerId>,
    /// A loan to the caller: their account the money is paid into at disbursement.
    pub payout_account: Option<AccountId>,
    pub ask: LoanAsk,
    pub purpose: Option<String>,
}

#[derive(Clone)]
pub struct Loans {
    pub(crate) store: LendingStore,
    ledger: Ledger,
    customers: Customers,
    assessments: RiskAssessments,
    audit: AuditLog,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Loans {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: LendingStore::new(state),
            ledger: Ledger::new(state),
            customers: Customers::new(state),
            assessments: RiskAssessments::new(state),
            audit: AuditLog::new(state.table.clone(), state.clock.clone()),
            clock: state.clock.clone(),
        }
    }

    /// A draft loan for `application` (the handler has checked `loans:create` for a customer).
    pub async fn apply(
        &self,
        caller: &Caller,
        application: Application,
    ) -> Result<Loan, LoanError> {
        let product =
            self.store
                .product(&application.product_id)
                .await
                .map_err(|err| match err {
                    LoanError::NotFound(_) => {
                        Invalid::field("product_id", "no such loan product").into()
                    }
                    other => other,
                })?;
        if product.status == ProductStatus::Retired {
            return Err(LoanError::Conflict(
                "the product is retired: it takes no new applications".to_owned(),
            ));
        }
        let applicant = match application.customer_id {
            Some(customer_id) => {
                match self.customers.get(&customer_id, false).await {
                    Ok(_) => {}
                    Err(CustomerError::NotFound) => {
                        return Err(Invalid::field("customer_id", "no such customer").into());
                    }
                    Err(err) => return Err(err.into()),
                }
                Applicant::Customer(customer_id)
            }
            None => Applicant::User(caller.user_id.clone()),
        };
        let request = product.spec.loan_request(&application.ask)?;
        terms(&request)?;
        let principal = Money::parse(&request.principal, product.spec.currency)
            .map_err(|err| Invalid::field("principal", err.to_string()))?;
        if let Some(account_id) = &application.payout_account {
            let Applicant::User(user_id) = &applicant else {
                return Err(Invalid::field(
                    "account_id",
                    "only a loan to yourself is paid into one of your accounts",
                )
                .into());
            };
            self.ledger
                .payout_account(user_id, account_id, principal, "account_id")
                .await?;
        }
        let now = self.clock.now();
        let officer = matches!(applicant, Applicant::Customer(_)).then(|| caller.user_id.clone());
        let loan = Loan {
            id: LoanId::generate(self.clock.as_ref()),
            applicant,
            product_id: product.id.clone(),
            product_version: product.product_version,
            request,
            required_levels: product.spec.required_levels(principal.minor()),
            status: LoanStatus::Draft,
            purpose: application.purpose,
            created_by: caller.user_id.clone(),
            officer,
            schedule: None,
            servicing: product.spec.servicing,
            events: Vec::new(),
            payout_account: application.payout_account,
            previous: Vec::new(),
            outstanding_minor: 0,
            standing: None,
            announced: Announced::default(),
            history: vec![HistoryEntry {
                action: LoanAction::Applied,
                by: caller.user_id.clone(),
                at: now,
                level: None,
                comment: None,
            }],
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let audit = self.audit(&loan, &caller.user_id, AuditAction::LoanApplied)?;
        self.store.create_loan(&loan, vec![audit]).await?;
        Ok(loan)
    }

    /// A loan the caller may see: theirs (applied for or borrowing), or any with `loans:read`.
    pub async fn get(&self, caller: &Caller, id: &LoanId) -> Result<Loan, LoanError> {
        let loan = self.store.loan(id).await?;
        let own =
            loan.created_by == caller.user_id || loan.applicant_user() == Some(&caller.user_id);
        if own || caller.reads_all {
            Ok(loan)
        } else {
            Err(LoanError::NotFound("loan"))
        }
    }

    pub async fn submit(&self, caller: &Caller, id: &LoanId) -> Result<Loan, LoanError> {
        self.step(caller, id, AuditAction::LoanSubmitted, |loan, now| {
            loan.submit(&caller.user_id, now)
        })
        .await
    }

    pub async fn approve(
        &self,
        caller: &Caller,
        id: &LoanId,
        comment: String,
    ) -> Result<Loan, LoanError> {
        let approver = approver(caller);
        self.step(caller, id, AuditAction::LoanApproved, |loan, now| {
            loan.approve(&approver, comment.clone(), now)
        })
        .await
    }

    pub async fn reject(
        &self,
        caller: &Caller,
        id: &LoanId,
        comment: String,
    ) -> Result<Loan, LoanError> {
        let approver = approver(caller);
        self.step(caller, id, AuditAction::LoanRejected, |loan, now| {
            loan.reject(&approver, comment.clone(), now)
        })
        .await
    }

    pub async fn withdraw(
        &self,
        caller: &Caller,
        id: &LoanId,
        comment: Option<String>,
    ) -> Result<Loan, LoanError> {
        self.step(caller, id, AuditAction::LoanWithdrawn, |loan, now| {
            loan.withdraw(&caller.user_id, comment.clone(), now)
        })
        .await
    }

    /// Pays the approved loan out (the handler has checked `loans:disburse`), on `date` when
    /// given (else the date applied for), and books its schedule. A loan to a user with a
    /// payout account pays the amount paid out (principal less disbursement fees) into it in
    /// the same table transaction.
    pub async fn disburse(
        &self,
        caller: &Caller,
        id: &LoanId,
        date: Option<Date>,
    ) -> Result<Loan, LoanError> {
        loop {
            let before = self.get(caller, id).await?;
            let mut loan = before.clone();
            if let Some(date) = date {
                loan.request.disbursement_date = date.to_string();
            }
            let schedule = Schedule::calculate(&terms(&loan.request)?);
            let principal = loan_money(&loan, schedule.disbursement.principal)?;
            let booked = serde_json::to_string(&schedule)?;
            loan.disburse(&caller.user_id, booked, principal, self.clock.now())?;
            let payout = self.payout_writes(&loan, &schedule).await?;
            let action = AuditAction::LoanDisbursed;
            if let Some(saved) = self
                .save_step(caller, &before, loan, action, payout)
                .await?
            {
                return Ok(saved);
            }
        }
    }

    /// The ledger writes that pay `schedule`'s net amount into the loan's payout account.
    async fn payout_writes(
        &self,
        loan: &Loan,
        schedule: &Schedule,
    ) -> Result<Vec<Write>, LoanError> {
        let (Some(account_id), Some(user_id)) = (&loan.payout_account, loan.applicant_user())
        else {
            return Ok(Vec::new());
        };
        let payout = Payout {
            account_id: account_id.clone(),
            amount: Money::from_minor(
                loan_money(loan, schedule.disbursement.net_amount)?,
                currency_of(loan)?,
            ),
            date: schedule.disbursement.date,
            description: "Loan disbursement".to_owned(),
            reference: format!("loan:{}", loan.id),
        };
        let (_, writes) = self.ledger.payout_writes(user_id, payout).await?;
        Ok(writes)
    }

    /// Records a repayment of `amount` (decimal string in the loan's currency) on `date` (the
    /// handler has checked `loans:repayments`): allocated by the product's order when the
    /// state is read; the loan closes once nothing is owed.
    pub async fn repay(
        &self,
        caller: &Caller,
        id: &LoanId,
        amount: &str,
        date: Date,
    ) -> Result<(Loan, String), LoanError> {
        let repayment_id = new_id(self.clock.as_ref());
        let loan = self
            .step(caller, id, AuditAction::LoanRepaid, |loan, now| {
                let currency = Currency::parse(&loan.request.currency)
                    .map_err(|err| Invalid::field("currency", err.to_string()))?;
                let amount = Money::parse(amount, currency)
                    .map_err(|err| Invalid::field("amount", err.to_string()))?;
                if amount.minor() <= 0 {
                    return Err(Invalid::field("amount", "must be more than 0").into());
                }
                let event = LoanEvent::Repayment(Repayment {
                    id: repayment_id.clone(),
                    date,
                    amount: amount.to_decimal(),
                });
                Self::record_event(loan, event, LoanAction::Repaid, &caller.user_id, now, None)
            })
            .await?;
        Ok((loan, repayment_id))
    }

    /// Refunds `amount` of what the borrower overpaid, on `date` (the handler has checked
    /// `loans:repayments`); more than the overpaid amount on that day is a 422.
    pub async fn refund(
        &self,
        caller: &Caller,
        id: &LoanId,
        amount: &str,
        date: Date,
    ) -> Result<Loan, LoanError> {
        let refund_id = new_id(self.clock.as_ref());
        self.step(caller, id, AuditAction::LoanRefunded, |loan, now| {
            let amount = Money::parse(amount, currency_of(loan)?)
                .map_err(|err| Invalid::field("amount", err.to_string()))?;
            let event = LoanEvent::Refund(Refund {
                id: refund_id.clone(),
                date,
                amount: amount.to_decimal(),
            });
            Self::record_event(
                loan,
                event,
                LoanAction::Refunded,
                &caller.user_id,
                now,
                None,
            )
        })
        .await
    }

    /// Writes the active loan off (the handler has checked `loans:write-off`).
    pub async fn write_off(
        &self,
        caller: &Caller,
        id: &LoanId,
        comment: String,
    ) -> Result<Loan, LoanError> {
        self.step(caller, id, AuditAction::LoanWrittenOff, |loan, now| {
            loan.write_off(&caller.user_id, comment.clone(), now)
        })
        .await
    }

    /// Reverses a repayment (a bounced payment, a mistake) on `date`: the loan is as if it had
    /// never been made, and every later repayment is allocated again.
    pub async fn reverse(
        &self,
        caller: &Caller,
        id: &LoanId,
        repayment_id: &str,
        date: Date,
        comment: String,
    ) -> Result<Loan, LoanError> {
        self.step(
            caller,
            id,
            AuditAction::LoanRepaymentReversed,
            |loan, now| {
                let event = LoanEvent::RepaymentReversal(Reversal {
                    repayment_id: repayment_id.to_owned(),
                    date,
                });
                let action = LoanAction::RepaymentReversed;
                Self::record_event(
                    loan,
                    event,
                    action,
                    &caller.user_id,
                    now,
                    Some(comment.clone()),
                )
            },
        )
        .await
    }

    /// Reschedules the active loan (the handler has checked `loans:reschedule`): the principal
    /// still owed after `change.from` is lent again on the changed terms; servicing goes on
    /// under them, the old terms kept.
    pub async fn reschedule(
        &self,
        caller: &Caller,
        id: &LoanId,
        change: Rescheduling,
        comment: String,
    ) -> Result<Loan, LoanError> {
        self.step(caller, id, AuditAction::LoanRescheduled, |loan, now| {
            let done = serviced(loan)?
                .reschedule(&loan.request, &loan.events, &change)
                .map_err(reschedule_problem)?;
            let terms = NewTerms {
                principal_minor: loan_money(loan, done.principal)?,
                schedule: serde_json::to_string(&done.schedule)?,
                request: done.request,
                from: change.from,
            };
            loan.reschedule(terms, &caller.user_id, now, comment.clone())
        })
        .await
    }

    /// The loan's state as of `date`: every installment paid, due or overdue per component,
    /// the totals, accrued interest, delinquency and each repayment's allocation.
    pub async fn state(
        &self,
        caller: &Caller,
        id: &LoanId,
        date: Date,
    ) -> Result<LoanState, LoanError> {
        let loan = self.get(caller, id).await?;
        serviced(&loan)?
            .state(&loan.events, date)
            .map_err(history_problem)
    }

    /// What settles the loan on `date`, and the interest and fees that would be waived.
    pub async fn payoff(
        &self,
        caller: &Caller,
        id: &LoanId,
        date: Date,
    ) -> Result<PayoffQuote, LoanError> {
        let loan = self.get(caller, id).await?;
        serviced(&loan)?
            .payoff_quote(&loan.events, date)
            .map_err(history_problem)
    }

    /// Adds `event` to the loan if its history stays valid, closing or reopening the loan by
    /// what it then owes.
    fn record_event(
        loan: &mut Loan,
        event: LoanEvent,
        action: LoanAction,
        by: &UserId,
        now: time::OffsetDateTime,
        comment: Option<String>,
    ) -> Result<(), LoanError> {
        let servicing = serviced(loan)?;
        let mut events = loan.events.clone();
        events.push(event.clone());
        // Every event counts, however far ahead it is dated.
        let state = servicing
            .state(&events, Date::MAX)
            .map_err(history_problem)?;
        let owed = Owed {
            closed: state.status != ServicedStatus::Active,
            principal_minor: loan_money(loan, state.totals.principal.outstanding)?,
        };
        loan.service(event, action, owed, by, now, comment)
    }

    /// The portfolio per currency, with what `month` (`yyyy-mm`) disbursed (the handler has
    /// checked `loans:read`).
    pub async fn portfolio(&self, month: &str) -> Result<Vec<CurrencyPortfolio>, LoanError> {
        self.store.portfolio(month).await
    }

    /// One page of a list of loans (the handler has checked the caller may read it).
    pub async fn page(
        &self,
        list: &LoanList,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<LoanSummary>, Option<Position>), LoanError> {
        self.store.page(list, limit, start_after).await
    }

    /// The applicant's latest completed risk assessment, if any.
    pub async fn latest_assessment(
        &self,
        loan: &Loan,
    ) -> Result<Option<RiskAssessment>, LoanError> {
        let subject = match &loan.applicant {
            Applicant::Customer(id) => Subject::Customer(id.clone()),
            Applicant::User(id) => Subject::User(id.clone()),
        };
        let mut start = None;
        // Newest first: the first completed one, looking a few pages back at most.
        for _ in 0..5 {
            let (page, next) = self.assessments.page(&subject, 20, start).await?;
            if let Some(found) = page
                .into_iter()
                .find(|assessment| assessment.status == AssessmentStatus::Completed)
            {
                return Ok(Some(found));
            }
            match next {
                Some(next) => start = Some(next),
                None => break,
            }
        }
        Ok(None)
    }

    /// Reads the loan, lets `change` take the step, and saves it with its audit entry; taken
    /// again on the loan as it is now when someone saved it meanwhile.
    async fn step(
        &self,
        caller: &Caller,
        id: &LoanId,
        action: AuditAction,
        change: impl Fn(&mut Loan, time::OffsetDateTime) -> Result<(), LoanError>,
    ) -> Result<Loan, LoanError> {
        loop {
            let before = self.get(caller, id).await?;
            let mut loan = before.clone();
            change(&mut loan, self.clock.now())?;
            if let Some(saved) = self
                .save_step(caller, &before, loan, action, Vec::new())
                .await?
            {
                return Ok(saved);
            }
        }
    }

    /// Saves a step taken on `before` with its audit entry and `also`; `None` when someone
    /// saved the loan meanwhile (take the step again).
    async fn save_step(
        &self,
        caller: &Caller,
        before: &Loan,
        mut loan: Loan,
        action: AuditAction,
        also: Vec<Write>,
    ) -> Result<Option<Loan>, LoanError> {
        loan.updated_at = self.clock.now();
        let mut writes = vec![self.audit(&loan, &caller.user_id, action)?];
        writes.extend(also);
        match self.store.save_loan(before, &mut loan, writes).await {
            Ok(()) => Ok(Some(loan)),
            Err(LoanError::Changed) => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn audit(&self, loan: &Loan, by: &UserId, action: AuditAction) -> Result<Write, LoanError> {
        let last = loan.history.last();
        let metadata = json!({
            "status": loan.status,
            "level": last.and_then(|entry| entry.level),
            "comment": last.and_then(|entry| entry.comment.clone()),
        });
        Ok(self.audit.write(
            action,
            Some(by),
            Some(&format!("LOAN#{}", loan.id)),
            None,
            metadata,
        )?)
    }
}

fn approver(caller: &Caller) -> Approver {
    Approver {
        user_id: caller.user_id.clone(),
        levels: caller.approval_levels.clone(),
    }
}

/// The loan's currency.
fn currency_of(loan: &Loan) -> Result<Currency, LoanError> {
    Currency::parse(&loan.request.currency)
        .map_err(|err| Invalid::field("currency", err.to_string()).into())
}

/// `amount` of the loan's currency in minor units (the engine's amounts are exact in it).
fn loan_money(loan: &Loan, amount: rust_decimal::Decimal) -> Result<i64, LoanError> {
    Money::from_decimal(amount, currency_of(loan)?)
        .map(Money::minor)
        .map_err(|err| Invalid::field("amount", err.to_string()).into())
}

/// The booked loan as the servicing engine sees it; 409 before disbursement.
pub(crate) fn serviced(loan: &Loan) -> Result<ServicedLoan, LoanError> {
    if loan.schedule.is_none() {
        return Err(LoanError::Conflict(
            "the loan is not disbursed yet".to_owned(),
        ));
    }
    ServicedLoan::new(&terms(&loan.request)?, loan.servicing)
        .map_err(|refused| Invalid::field("servicing", refused.to_string()).into())
}

/// A history the servicing engine refuses, as a 422 on the field at fault.
pub(crate) fn history_problem(refused: HistoryError) -> LoanError {
    let field = match refused {
        HistoryError::BeforeDisbursement { .. } | HistoryError::ReversalBeforeRepayment { .. } => {
            "date"
        }
        HistoryError::UnknownRepayment { .. } | HistoryError::ReversedTwice { .. } => {
            "repayment_id"
        }
        _ => "amount",
    };
    Invalid::field(field, refused.to_string()).into()
}

/// A rescheduling the engine refuses, as the field at fault or the state that forbids it.
fn reschedule_problem(refused: RescheduleError) -> LoanError {
    match refused {
        RescheduleError::History(history) => history_problem(history),
        RescheduleError::NotADueDate { .. } | RescheduleError::NothingToReschedule { .. } => {
            Invalid::field("from", refused.to_string()).into()
        }
        RescheduleError::NoTermKeepsTheInstallment { .. } => {
            Invalid::field("strategy", refused.to_string()).into()
        }
        RescheduleError::NewTerms(invalid) => LoanError::Invalid(
            invalid
                .errors
                .into_iter()
                .map(|error| ErrorDetail {
                    field: error.field,
                    message: error.message,
                })
                .collect(),
        ),
        RescheduleError::Unpaid { .. } | RescheduleError::NotTheBookedLoan => {
            LoanError::Conflict(refused.to_string())
        }
    }
}

/// The calculator's terms for a stored request, its faults as field errors.
fn terms(request: &LoanRequest) -> Result<LoanTerms, LoanError> {
    let currency = Currency::parse(&request.currency)
        .map_err(|err| Invalid::field("currency", err.to_string()))?;
    validate(request, currency.exponent()).map_err(|invalid| {
        LoanError::Invalid(
            invalid
                .errors
                .into_iter()
                .map(|error| ErrorDetail {
                    field: error.field,
                    message: error.message,
                })
                .collect(),
        )
    })
}
