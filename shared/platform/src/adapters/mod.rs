//! Adapters: implementations of the ports. `aws` talks to the real services through the AWS
//! SDK; `embedded` keeps everything in-process (memory and a local folder) for the devserver and
//! fast tests.

pub mod aws;
pub mod embedded;
