//! The caller's IP address and user agent, for sessions, rate limits and the audit log. In
//! Lambda the IP is API Gateway's `sourceIp` (not a client-controlled header); on the devserver
//! it is the TCP peer.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use lambda_http::request::RequestContext;

use crate::RequestMeta;

/// Longest user agent kept.
const MAX_USER_AGENT_CHARS: usize = 256;

/// Extracts [`RequestMeta`].
pub struct ClientMeta(pub RequestMeta);

impl<S: Send + Sync> FromRequestParts<S> for ClientMeta {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let gateway_ip = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
            _ => None,
        };
        let peer_ip = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(address)| address.ip().to_string())
        };
        let ip = gateway_ip
            .or_else(peer_ip)
            .unwrap_or_else(|| "unknown".to_owned());
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(MAX_USER_AGENT_CHARS)
            .collect();
        Ok(Self(RequestMeta { ip, user_agent }))
    }
}
