//! Identity helpers for tests: sign users up and in through the API, read the mail they get,
//! call routes with a bearer token, and assert what a route's permission is.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ferrofin_identity::Identity;
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::mailer::OutgoingEmail;
use serde_json::{Value, json};

use crate::app::{TestApp, TestResponse};

/// A password that passes the policy.
pub const PASSWORD: &str = "correct horse battery staple";

/// A signed-in user.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user_id: UserId,
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
    pub session_id: String,
}

impl TestApp {
    /// Every email delivered so far (waits for the queue to settle).
    pub async fn mail(&self) -> Vec<OutgoingEmail> {
        self.settle().await;
        self.embedded.mailer.read_outbox().expect("outbox")
    }

    /// The newest email to `to`.
    pub async fn last_mail_to(&self, to: &str) -> OutgoingEmail {
        let mail = self.mail().await;
        mail.into_iter()
            .rev()
            .find(|m| m.to == to)
            .unwrap_or_else(|| panic!("no mail to {to}"))
    }

    /// The value of `name=` in a link of the newest email to `to`.
    pub async fn link_parameter(&self, to: &str, name: &str) -> String {
        let mail = self.last_mail_to(to).await;
        let marker = format!("{name}=");
        let start = mail
            .text_body
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} in: {}", mail.text_body))
            + marker.len();
        mail.text_body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    /// The first run of six digits in the newest email to `to`.
    pub async fn emailed_code(&self, to: &str) -> String {
        let mail = self.last_mail_to(to).await;
        let chars: Vec<char> = mail.text_body.chars().collect();
        chars
            .windows(6)
            .find(|w| w.iter().all(char::is_ascii_digit))
            .map(|w| w.iter().collect())
            .unwrap_or_else(|| panic!("no code in: {}", mail.text_body))
    }

    /// Registers `email` and verifies it through the emailed link.
    pub async fn register_verified(&self, email: &str) {
        let response = self
            .post_json(
                "/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "name": "Test User"}),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::ACCEPTED,
            "{:?}",
            response.json()
        );
        let token = self.link_parameter(email, "token").await;
        let response = self
            .post_json("/v1/auth/verify-email", &json!({"token": token}))
            .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    }

    /// Signs in with the test password, expecting tokens.
    pub async fn login(&self, email: &str) -> SignedIn {
        let body = json!({"email": email, "password": PASSWORD});
        let response = self
            .call(Method::POST, "/v1/auth/login", None, Some(&body))
            .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
        signed_in(email, &response.json()["tokens"])
    }

    /// A new verified, signed-in user.
    pub async fn signed_up(&self, email: &str) -> SignedIn {
        self.register_verified(email).await;
        self.login(email).await
    }

    /// A new signed-in user with `role` (granted directly in the store, as an admin would).
    pub async fn signed_up_as(&self, email: &str, role: Role) -> SignedIn {
        self.register_verified(email).await;
        let identity = Identity::new(&self.embedded.state());
        let mut user = identity
            .users
            .find_by_email(
                &ferrofin_platform::email_address::EmailAddress::parse(email).expect("email"),
            )
            .await
            .expect("lookup")
            .expect("user");
        user.role = role;
        identity
            .users
            .save(&mut user, identity.now())
            .await
            .expect("grant role");
        self.login(email).await
    }

    /// Sends a request with a bearer token and an optional JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> TestResponse {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::USER_AGENT, "ferrofin-tests/1.0");
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.expect("request")).await
    }

    /// Asserts that `method path` needs `permission`: 401 without a token, 403 naming the
    /// permission for a plain user.
    pub async fn assert_requires_permission(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        permission: Permission,
    ) {
        self.call(method.clone(), path, None, body)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        let email = format!(
            "plain-{}@example.com",
            ulid::Ulid::new().to_string().to_lowercase()
        );
        let user = self.signed_up(&email).await;
        let response = self
            .call(method, path, Some(&user.access_token), body)
            .await;
        response.assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
        assert_eq!(
            response.json()["error"]["details"][0]["message"],
            permission.as_str()
        );
    }
}

/// Reads the tokens of a login or refresh answer.
pub fn signed_in(email: &str, tokens: &Value) -> SignedIn {
    let text = |name: &str| {
        tokens[name]
            .as_str()
            .unwrap_or_else(|| panic!("no {name} in {tokens}"))
            .to_owned()
    };
    let access_token = text("access_token");
    SignedIn {
        user_id: subject_of(&access_token).into(),
        email: email.to_owned(),
        refresh_token: text("refresh_token"),
        session_id: text("session_id"),
        access_token,
    }
}

/// The `sub` claim of an access token (no verification: tests only).
pub fn subject_of(token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("JWT payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    let claims: Value = serde_json::from_slice(&bytes).expect("claims");
    claims["sub"].as_str().expect("sub").to_owned()
}
