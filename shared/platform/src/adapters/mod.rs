//! Adapters: implementations of the ports. `aws` talks to the real services through the AWS
//! SDK; `embedded` keeps everything in-process (memory and a local folder) for the devserver and
//! fast tests; `table_settings` keeps the settings on the Table port, so on either.

pub mod aws;
pub mod embedded;
pub mod table_settings;
