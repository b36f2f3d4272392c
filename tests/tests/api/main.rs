//! Ferrofin's black-box tests: the API through its routers, the port conformance suites on
//! every adapter, and the Lambda event fixtures. One test binary for fast builds.

#[cfg(feature = "emulators")]
mod conformance_aws;
mod conformance_embedded;
mod docs;
mod embedded_adapters;
mod events;
mod health;
mod http_kit;
