//! Ferrofin's black-box tests: the API through its routers, the port conformance suites on
//! every adapter, and the Lambda event fixtures. One test binary for fast builds.

mod admin;
mod admin_audit;
#[cfg(feature = "emulators")]
mod admin_aws;
mod admin_jobs;
mod admin_queues;
mod admin_settings;
mod admin_users;
mod assistant;
mod assistant_model;
mod assistant_vectors;
mod auth_bad_input;
mod auth_flows;
mod auth_lockout_otp;
mod auth_mfa;
mod auth_passwords;
mod auth_tokens;
mod budgets_crud;
mod budgets_day_close;
mod budgets_progress;
mod budgets_simulate;
#[cfg(feature = "emulators")]
mod conformance_aws;
mod conformance_embedded;
mod crate_direction;
mod customer_groups;
mod customers_access;
mod customers_bad_input;
mod customers_crud;
mod customers_search;
mod customers_stats_batch;
mod devserver_restart;
mod docs;
mod email_worker;
#[cfg(feature = "emulators")]
mod email_worker_aws;
mod embedded_adapters;
mod embedded_crash;
mod error_codes;
mod events;
#[cfg(feature = "emulators")]
mod events_aws;
mod events_worker;
mod files;
mod gamification;
mod gamification_admin;
#[cfg(feature = "emulators")]
mod gamification_aws;
mod gamification_leaderboard;
mod goals;
mod goals_maths;
mod health;
mod http_kit;
mod imports;
#[cfg(feature = "emulators")]
mod imports_aws;
mod imports_lifecycle;
mod imports_runner;
mod investments;
#[cfg(feature = "emulators")]
mod investments_aws;
mod investments_delete;
mod investments_prices;
mod jobs_worker;
mod ledger_accounts;
#[cfg(feature = "emulators")]
mod ledger_aws;
mod ledger_categories;
mod ledger_imports;
mod ledger_listing;
mod ledger_properties;
mod ledger_rules;
mod ledger_transactions;
mod list_pagination;
mod loans_calculate;
mod loans_lifecycle;
mod loans_servicing;
mod merge_patch;
mod notifications;
mod observability;
mod openapi_snapshot;
#[cfg(feature = "emulators")]
mod queue_admin_aws;
mod risk;
mod route_drift;
mod scheduled_drift;
mod strict_input;
mod users_email_change;
mod users_me;
mod wallet;
