//! Customer helpers for tests: sample bodies, staff sign-ups, creating customers and sending
//! conditional writes (`If-Match`).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ferrofin_identity::roles::Role;
use serde_json::{Value, json};

use crate::app::{TestApp, TestResponse};
use crate::identity::SignedIn;

/// A valid individual customer with `email` and `national_id`.
pub fn individual(email: &str, national_id: &str) -> Value {
    json!({
        "kind": "individual",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": email,
        "phone": "+447700900123",
        "date_of_birth": "1990-12-10",
        "national_id": national_id,
        "address": {"line1": "12 St James's Square", "city": "London", "country": "GB"},
        "segment": "retail",
        "risk_band": "low",
        "tags": ["vip"]
    })
}

/// A valid business customer.
pub fn business(legal_name: &str, email: &str) -> Value {
    json!({
        "kind": "business",
        "legal_name": legal_name,
        "email": email,
        "registration_date": "2015-04-01",
        "segment": "sme",
        "kyc_status": "verified"
    })
}

impl TestApp {
    /// A signed-in customer manager (every customer permission).
    pub async fn customer_manager(&self) -> SignedIn {
        self.signed_up_as("manager@example.com", Role::CustomerManager)
            .await
    }

    /// Creates a customer, expecting 201; answers its JSON.
    pub async fn create_customer(&self, token: &str, body: &Value) -> Value {
        let response = self
            .call(Method::POST, "/v1/customers", Some(token), Some(body))
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "{:?}",
            response.json()
        );
        response.json()
    }

    /// Sends a JSON body with `If-Match: "<version>"`.
    pub async fn call_if_match(
        &self,
        method: Method,
        path: &str,
        token: &str,
        version: u64,
        body: Option<&Value>,
    ) -> TestResponse {
        let builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::IF_MATCH, format!("\"{version}\""));
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.expect("request")).await
    }
}
