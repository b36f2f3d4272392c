//! The one HTTPS client every SDK client shares: rustls on aws-lc-rs, trusting only the Amazon
//! Trust Services roots (Amazon Root CA 1–4 and Starfield Services Root CA G2) that AWS service
//! endpoints chain to. Loading the platform's whole certificate store instead cost about 3 ms of
//! every cold start on hosts with large stores (BENCHMARKS.md), and trusting fewer roots is a
//! smaller attack surface. Plain-HTTP endpoints (the emulators) are unaffected.

use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_smithy_http_client::Builder;
use aws_smithy_http_client::tls::rustls_provider::CryptoMode;
use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore};

/// PEM certificates of the Amazon Trust Services roots.
const AMAZON_TRUST_SERVICES_ROOTS: &str =
    include_str!("../../../data/amazon-trust-services-roots.pem");

/// Builds the shared HTTPS client.
pub fn https_client() -> Result<SharedHttpClient, String> {
    let trust_store = TrustStore::empty()
        .with_native_roots(false)
        .with_pem_certificate(AMAZON_TRUST_SERVICES_ROOTS.as_bytes());
    let tls = TlsContext::builder()
        .with_trust_store(trust_store)
        .build()
        .map_err(|err| err.to_string())?;
    Ok(Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(tls)
        .build_https())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_roots_are_five_certificates_and_build_a_client() {
        assert_eq!(
            AMAZON_TRUST_SERVICES_ROOTS
                .matches("BEGIN CERTIFICATE")
                .count(),
            5
        );
        assert!(https_client().is_ok());
    }
}
