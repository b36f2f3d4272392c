//! The investments service of a user: portfolios (create, list, read, rename or change the lot
//! method, delete), their holdings and activities (added through the ledger check, so an
//! activity the ledger cannot take is refused before it is stored), and their evaluation on
//! stored prices: positions, returns, value history, allocation.

use std::sync::Arc;

use ferrofin_identity::users::UserStore;
use ferrofin_investment_calc::{Evaluation, LotMethod, Range};
use ferrofin_platform::AppState;
use ferrofin_platform::events::outbox;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::Queue;
use ferrofin_platform::ports::table::{Position, Table, TableError, Write};
use ferrofin_platform::records::page_under;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use time::Date;

use crate::error::InvestmentError;
use crate::events::{HoldingAdded, MonthEndValue, PortfolioValued};
use crate::ids::{ActivityId, HoldingId, PortfolioId};
use crate::input::{self, NewActivity};
use crate::keys;
use crate::price_store::PriceStore;
use crate::purge::PurgePortfolio;
use crate::records::{ActivityRecord, HoldingRecord, PortfolioRecord};
use crate::series::Series;
use crate::store::{self, PortfolioStore, SLOT_WRITE};
use crate::valuation::Book;

/// What creating a portfolio takes.
pub struct NewPortfolio {
    pub name: String,
    pub base_currency: String,
    /// `fifo` (the default) or `average_cost`.
    pub lot_method: Option<String>,
}

/// Changes to a portfolio; its base currency is fixed.
#[derive(Default)]
pub struct PortfolioChanges {
    pub name: Option<String>,
    pub lot_method: Option<String>,
}

/// What adding a holding takes.
pub struct NewHolding {
    pub symbol: String,
    pub account: String,
    pub currency: String,
    pub asset_class: String,
}

/// A portfolio evaluated on its stored prices, with how each series' source stands.
pub struct Valued {
    pub book: Book,
    pub evaluation: Evaluation,
    /// Per series the valuation read: its source failed and has not recovered.
    pub stale_sources: Vec<Series>,
}

/// The investments of users.
#[derive(Clone)]
pub struct Investments {
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
}

impl Investments {
    pub fn new(state: &AppState) -> Self {
        Self::on(state.table.clone(), state.clock.clone())
    }

    pub fn on(table: Arc<dyn Table>, clock: Arc<dyn Clock>) -> Self {
        Self { table, clock }
    }

    fn store(&self) -> PortfolioStore {
        PortfolioStore::new(self.table.clone())
    }

    fn prices(&self) -> PriceStore {
        PriceStore::new(self.table.clone())
    }

    /// The user's today, in their stored IANA time zone (UTC for a user not found): the day a
    /// portfolio is valued at and the last day an activity may be dated.
    async fn today(&self, user_id: &UserId) -> Result<Date, InvestmentError> {
        let now = self.clock.now();
        let user = UserStore::new(self.table.clone()).get(user_id).await?;
        Ok(user.map_or(now.date(), |user| user.time_zone.today(now)))
    }

    pub async fn create_portfolio(
        &self,
        user_id: &UserId,
        new: NewPortfolio,
    ) -> Result<PortfolioRecord, InvestmentError> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", input::name(&new.name));
        let base_currency = errors.take("base_currency", input::currency(&new.base_currency));
        let lot_method = match &new.lot_method {
            Some(raw) => errors.take("lot_method", input::lot_method(raw)),
            None => Some(LotMethod::Fifo),
        };
        errors.finish()?;
        let (Some(name), Some(base_currency), Some(lot_method)) = (name, base_currency, lot_method)
        else {
            return Err(InvestmentError::invalid("", "invalid portfolio"));
        };
        let now = self.clock.now();
        let portfolio = PortfolioRecord {
            id: PortfolioId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            name,
            base_currency,
            lot_method,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        self.store().create(&portfolio).await?;
        Ok(portfolio)
    }

    /// The user's portfolio, or 404 (also for another user's).
    pub async fn portfolio(
        &self,
        user_id: &UserId,
        id: &PortfolioId,
    ) -> Result<PortfolioRecord, InvestmentError> {
        self.store()
            .get(user_id, id)
            .await?
            .ok_or(InvestmentError::NotFound("portfolio"))
    }

    /// One page of the user's portfolios, in creation order.
    pub async fn list_portfolios(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<PortfolioRecord>, Option<Position>), InvestmentError> {
        Ok(self.store().page(user_id, limit, start_after).await?)
    }

    pub async fn change_portfolio(
        &self,
        user_id: &UserId,
        id: &PortfolioId,
        changes: PortfolioChanges,
    ) -> Result<PortfolioRecord, InvestmentError> {
        let mut portfolio = self.portfolio(user_id, id).await?;
        let mut errors = FieldErrors::default();
        let name = changes
            .name
            .as_deref()
            .and_then(|raw| errors.take("name", input::name(raw)));
        let lot_method = changes
            .lot_method
            .as_deref()
            .and_then(|raw| errors.take("lot_method", input::lot_method(raw)));
        errors.finish()?;
        if let Some(name) = name {
            portfolio.name = name;
        }
        if let Some(lot_method) = lot_method {
            portfolio.lot_method = lot_method;
        }
        match self.store().save(&mut portfolio, self.clock.now()).await {
            Err(TableError::ConditionFailed { .. }) => Err(changed_meanwhile()),
            other => other.map(|()| portfolio).map_err(Into::into),
        }
    }

    /// Deletes a portfolio: it is gone at once (its value leaves the net worth), and a job on
    /// `queue` removes its holdings and activities in steps. Deleting it again while that job
    /// has not finished queues the job again (answered as a success), so a failed send can be
    /// retried.
    pub async fn delete_portfolio(
        &self,
        queue: &dyn Queue,
        user_id: &UserId,
        id: &PortfolioId,
    ) -> Result<(), InvestmentError> {
        let store = self.store();
        match store.get(user_id, id).await? {
            Some(portfolio) => {
                let removed = PortfolioValued {
                    user_id: user_id.clone(),
                    portfolio_id: id.clone(),
                    name: portfolio.name.clone(),
                    currency: portfolio.base_currency,
                    value_minor: 0,
                    as_of: self.today(user_id).await?,
                    version: portfolio.version + 1,
                    month_ends: Vec::new(),
                    removed: true,
                };
                let events = vec![outbox::emit(&removed, self.clock.as_ref())?];
                match store.mark_deleted(&portfolio, events).await {
                    Err(TableError::ConditionFailed { .. }) => return Err(changed_meanwhile()),
                    other => other?,
                }
            }
            None if store.deleted(user_id, id).await?.is_some() => {}
            None => return Err(InvestmentError::NotFound("portfolio")),
        }
        let purge = PurgePortfolio {
            user_id: user_id.clone(),
            portfolio_id: id.clone(),
            run: None,
        };
        Ok(purge.queue(queue, self.clock.as_ref()).await?)
    }

    /// Adds a holding; its symbol x account is unique in the portfolio.
    pub async fn add_holding(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
        new: NewHolding,
    ) -> Result<HoldingRecord, InvestmentError> {
        let portfolio = self.portfolio(user_id, portfolio_id).await?;
        let mut errors = FieldErrors::default();
        let symbol = errors.take("symbol", input::symbol(&new.symbol));
        let account = errors.take("account", input::account(&new.account));
        let currency = errors.take("currency", input::currency(&new.currency));
        let asset_class = errors.take("asset_class", input::asset_class(&new.asset_class));
        errors.finish()?;
        let (Some(symbol), Some(account), Some(currency), Some(asset_class)) =
            (symbol, account, currency, asset_class)
        else {
            return Err(InvestmentError::invalid("", "invalid holding"));
        };
        let holding = HoldingRecord {
            id: HoldingId::generate(self.clock.as_ref()),
            portfolio_id: portfolio.id.clone(),
            user_id: user_id.clone(),
            symbol,
            account,
            currency,
            asset_class,
            created_at: self.clock.now(),
        };
        let base = portfolio.base_currency.code();
        let added = HoldingAdded {
            user_id: user_id.clone(),
            portfolio_id: portfolio.id.clone(),
            holding_id: holding.id.clone(),
            symbol: holding.symbol.clone(),
            series: store::held_series(&holding, base),
        };
        let events = vec![outbox::emit(&added, self.clock.as_ref())?];
        match self.store().add_holding(&holding, base, events).await {
            Err(TableError::ConditionFailed {
                at: Some(SLOT_WRITE),
            }) => Err(InvestmentError::Conflict(format!(
                "the portfolio already holds {} in {}",
                holding.symbol, holding.account
            ))),
            other => other.map(|()| holding).map_err(Into::into),
        }
    }

    /// The portfolio's holdings, in creation order.
    pub async fn holdings(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
    ) -> Result<Vec<HoldingRecord>, InvestmentError> {
        let portfolio = self.portfolio(user_id, portfolio_id).await?;
        Ok(self.store().book(portfolio).await?.holdings)
    }

    /// Adds an activity to one of the portfolio's holdings, if the ledger can take it.
    pub async fn add_activity(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
        new: NewActivity,
    ) -> Result<ActivityRecord, InvestmentError> {
        let portfolio = self.portfolio(user_id, portfolio_id).await?;
        let mut book = self.store().book(portfolio).await?;
        let holding = book
            .holdings
            .iter()
            .find(|holding| holding.id.as_str() == new.holding_id)
            .ok_or_else(|| {
                InvestmentError::invalid("holding_id", "no such holding in this portfolio")
            })?;
        let today = self.today(user_id).await?;
        let activity = input::activity(&new, holding.currency, today)?;
        let record = ActivityRecord {
            id: ActivityId::generate(self.clock.as_ref()),
            portfolio_id: book.portfolio.id.clone(),
            holding_id: holding.id.clone(),
            user_id: user_id.clone(),
            activity,
            created_at: self.clock.now(),
        };
        book.activities.push(record.clone());
        self.commit_change(book, Some(&record), None).await?;
        Ok(record)
    }

    /// One page of the portfolio's activities, in the order they were added.
    pub async fn list_activities(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<ActivityRecord>, Option<Position>), InvestmentError> {
        self.portfolio(user_id, portfolio_id).await?;
        Ok(page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            &keys::activities_prefix(portfolio_id),
            false,
            limit,
            start_after,
        )
        .await?)
    }

    /// Deletes an activity, if the ledger holds without it (a buy a later sale needs stays).
    pub async fn delete_activity(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
        activity_id: &ActivityId,
    ) -> Result<(), InvestmentError> {
        let portfolio = self.portfolio(user_id, portfolio_id).await?;
        let mut book = self.store().book(portfolio).await?;
        let before = book.activities.len();
        book.activities.retain(|record| record.id != *activity_id);
        if book.activities.len() == before {
            return Err(InvestmentError::NotFound("activity"));
        }
        self.commit_change(book, None, Some(activity_id)).await
    }

    /// Checks the changed ledger, values it (when its prices allow) and commits the change with
    /// the valuation event.
    async fn commit_change(
        &self,
        book: Book,
        added: Option<&ActivityRecord>,
        removed: Option<&ActivityId>,
    ) -> Result<(), InvestmentError> {
        let today = self.today(&book.portfolio.user_id).await?;
        book.check_ledger(today)?;
        let mut portfolio = book.portfolio.clone();
        let next = Book {
            portfolio: PortfolioRecord {
                version: portfolio.version + 1,
                ..portfolio.clone()
            },
            ..book
        };
        let events = match self.valued_event(&next, today).await {
            Ok(event) => vec![outbox::emit(&event, self.clock.as_ref())?],
            // No FX rate yet: the next price refresh values it.
            Err(InvestmentError::Conflict(_)) => Vec::new(),
            Err(err) => return Err(err),
        };
        let now = self.clock.now();
        match self
            .store()
            .change_activities(&mut portfolio, added, removed, events, now)
            .await
        {
            Err(TableError::ConditionFailed { .. }) => Err(changed_meanwhile()),
            other => Ok(other?),
        }
    }

    /// Evaluates `book` on `day` on its stored prices.
    async fn evaluate_book(&self, book: &Book, day: Date) -> Result<Evaluation, InvestmentError> {
        let series = book.series();
        let first = book.first_day().unwrap_or(day);
        let stored = self.prices().read(&series, first, day).await?;
        book.evaluate(&book.market(stored)?, day)
    }

    /// The event announcing what `book` is worth on `day` and at each month end before it.
    pub async fn valued_event(
        &self,
        book: &Book,
        day: Date,
    ) -> Result<PortfolioValued, InvestmentError> {
        let evaluation = self.evaluate_book(book, day).await?;
        let currency = book.portfolio.base_currency;
        let month_ends = evaluation
            .value_history(Range::Max)
            .map_err(|err| book.refusal(err))?
            .into_iter()
            .filter(|point| point.date < day && is_month_end(point.date))
            .map(|point| {
                Ok(MonthEndValue {
                    date: point.date,
                    value_minor: minor_units(point.value, currency)?,
                })
            })
            .collect::<Result<_, InvestmentError>>()?;
        Ok(PortfolioValued {
            user_id: book.portfolio.user_id.clone(),
            portfolio_id: book.portfolio.id.clone(),
            name: book.portfolio.name.clone(),
            currency,
            value_minor: minor_units(evaluation.allocation().total, currency)?,
            as_of: day,
            version: book.portfolio.version,
            month_ends,
            removed: false,
        })
    }

    /// Announces what the user's portfolio is worth today (after a price refresh).
    pub async fn revalue(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
    ) -> Result<(), InvestmentError> {
        let Some(portfolio) = self.store().get(user_id, portfolio_id).await? else {
            return Ok(());
        };
        let book = self.store().book(portfolio).await?;
        let today = self.today(user_id).await?;
        let event = match self.valued_event(&book, today).await {
            Ok(event) => event,
            Err(InvestmentError::Conflict(_)) => return Ok(()),
            Err(err) => return Err(err),
        };
        let write: Write = outbox::emit(&event, self.clock.as_ref())?;
        Ok(self.table.transact(vec![write]).await?)
    }

    /// The portfolio evaluated today on its stored prices.
    pub async fn valued(
        &self,
        user_id: &UserId,
        portfolio_id: &PortfolioId,
    ) -> Result<Valued, InvestmentError> {
        let portfolio = self.portfolio(user_id, portfolio_id).await?;
        let book = self.store().book(portfolio).await?;
        let today = self.today(user_id).await?;
        let evaluation = self.evaluate_book(&book, today).await?;
        let series = book.series();
        let statuses = self.prices().statuses(&series).await?;
        let stale_sources = series
            .into_iter()
            .zip(statuses)
            .filter(|(_, status)| status.stale_since.is_some())
            .map(|(series, _)| series)
            .collect();
        Ok(Valued {
            book,
            evaluation,
            stale_sources,
        })
    }
}

fn changed_meanwhile() -> InvestmentError {
    InvestmentError::Conflict("the portfolio changed meanwhile; try again".to_owned())
}

/// Whether `day` is the last of its month.
fn is_month_end(day: Date) -> bool {
    day.next_day()
        .is_none_or(|next| next.month() != day.month())
}

/// An amount of `currency` (rounded half to even to its minor units) in minor units.
fn minor_units(amount: Decimal, currency: Currency) -> Result<i64, InvestmentError> {
    let scale = Decimal::from(10i64.pow(currency.exponent()));
    (amount * scale)
        .round()
        .to_i64()
        .ok_or_else(|| InvestmentError::invalid("portfolio", "its value is too large"))
}
