//! Ledger helpers for tests: open accounts and record transactions through the API.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, TestResponse};
use crate::identity::SignedIn;

impl TestApp {
    /// Opens an account of `kind` for the user; returns its id.
    pub async fn open_account(
        &self,
        user: &SignedIn,
        kind: &str,
        currency: &str,
        opening: &str,
    ) -> String {
        let body =
            json!({"kind": kind, "name": kind, "currency": currency, "opening_balance": opening});
        let response = self
            .call(
                Method::POST,
                "/v1/accounts",
                Some(&user.access_token),
                Some(&body),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "{:?}",
            response.json()
        );
        response.json()["id"].as_str().expect("id").to_owned()
    }

    /// Records a transaction, expecting success.
    pub async fn record_transaction(&self, user: &SignedIn, body: &Value) -> TestResponse {
        let response = self
            .call(
                Method::POST,
                "/v1/transactions",
                Some(&user.access_token),
                Some(body),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "{:?}",
            response.json()
        );
        response
    }
}
