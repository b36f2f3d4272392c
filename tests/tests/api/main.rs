//! Ferrofin's black-box tests: the API through its routers, the port conformance suites on
//! every adapter, and the Lambda event fixtures. One test binary for fast builds.

mod admin;
mod auth_bad_input;
mod auth_flows;
mod auth_lockout_otp;
mod auth_mfa;
mod auth_passwords;
mod auth_tokens;
#[cfg(feature = "emulators")]
mod conformance_aws;
mod conformance_embedded;
mod docs;
mod email_worker;
#[cfg(feature = "emulators")]
mod email_worker_aws;
mod embedded_adapters;
mod events;
mod health;
mod http_kit;
mod users_me;
