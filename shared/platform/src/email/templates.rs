//! Renders a [`SendEmail`] into the subject, plain-text and HTML bodies the Mailer sends.
//!
//! Each template is written once as a list of blocks (paragraphs, a code, a link, facts);
//! `layout` turns the same blocks into the text and the HTML body, so the two never drift
//! apart, and escapes every value in the HTML. Names and device details are stripped of
//! control characters and shortened in both.

use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use super::layout::{Block, html_body, text_body};
use super::messages::{DIGEST_ITEMS, EmailTemplate, SecurityChange, SendEmail, Unsubscribe};
use crate::ports::mailer::OutgoingEmail;

/// Product name shown in every email.
pub const PRODUCT: &str = "Ferrofin";

/// Longest display name, user agent or IP shown, in characters.
const MAX_SHOWN_CHARS: usize = 200;

/// A template's subject and the blocks between greeting and signature.
struct Draft {
    subject: String,
    blocks: Vec<Block>,
}

/// Renders the email for its recipient; links start with `app_base_url`.
pub fn render(email: &SendEmail, app_base_url: &str) -> OutgoingEmail {
    let draft = draft(&email.template, app_base_url.trim_end_matches('/'));
    let mut blocks = vec![Block::Paragraph(greeting(email.name.as_deref()))];
    blocks.extend(draft.blocks);
    blocks.push(Block::Paragraph(format!("— {PRODUCT}")));
    OutgoingEmail {
        to: email.to.clone(),
        subject: draft.subject.clone(),
        text_body: text_body(&blocks),
        html_body: Some(html_body(&draft.subject, &blocks)),
    }
}

fn draft(template: &EmailTemplate, base: &str) -> Draft {
    use Block::{Code, Facts, Link, Paragraph};
    let p = |text: &str| Paragraph(text.to_owned());
    match template {
        EmailTemplate::VerifyEmail { token } => Draft {
            subject: "Confirm your email address for Ferrofin".to_owned(),
            blocks: vec![
                p("Please confirm your email address to finish setting up your Ferrofin account."),
                Link {
                    label: "Confirm my email address",
                    url: link(base, "verify-email", token),
                },
                p("If you did not create a Ferrofin account, you can ignore this email."),
            ],
        },
        EmailTemplate::LoginCode {
            code,
            expires_in_minutes,
        } => Draft {
            subject: "Your Ferrofin sign-in code".to_owned(),
            blocks: vec![
                p("Use this code to sign in to Ferrofin:"),
                Code(code.clone()),
                Paragraph(format!(
                    "The code expires in {}. Never share it: Ferrofin will never ask you for it.",
                    minutes(*expires_in_minutes)
                )),
                p("If you did not try to sign in, you can ignore this email."),
            ],
        },
        EmailTemplate::PasswordReset {
            token,
            expires_in_minutes,
        } => Draft {
            subject: "Reset your Ferrofin password".to_owned(),
            blocks: vec![
                p("We received a request to reset the password of your Ferrofin account."),
                Link {
                    label: "Choose a new password",
                    url: link(base, "reset-password", token),
                },
                Paragraph(format!(
                    "The link expires in {}. If you did not ask for it, ignore this email: \
                     your password stays the same.",
                    minutes(*expires_in_minutes)
                )),
            ],
        },
        EmailTemplate::AccountLocked { until } => Draft {
            subject: "Your Ferrofin account is temporarily locked".to_owned(),
            blocks: vec![
                Paragraph(format!(
                    "We locked your Ferrofin account after several failed sign-in attempts. \
                     You can sign in again after {}.",
                    utc(*until)
                )),
                p("If these attempts were not yours, we recommend resetting your password."),
            ],
        },
        EmailTemplate::ConfirmEmailChange {
            token,
            expires_in_hours,
        } => Draft {
            subject: "Confirm your new email address for Ferrofin".to_owned(),
            blocks: vec![
                p(
                    "Your Ferrofin account asked to use this address from now on. Confirm it to \
                   make the change; until then the account keeps its current address.",
                ),
                Link {
                    label: "Confirm my new email address",
                    url: link(base, "confirm-email-change", token),
                },
                Paragraph(format!(
                    "The link expires in {}. If you did not ask for this, ignore this email: \
                     nothing changes.",
                    hours(*expires_in_hours)
                )),
            ],
        },
        EmailTemplate::EmailChangeRequested {
            new_email,
            token,
            expires_in_days,
        } => Draft {
            subject: "A change of your Ferrofin email address was requested".to_owned(),
            blocks: vec![
                p("Someone signed in to your Ferrofin account asked to change its email address:"),
                Facts(vec![("New address", shown(new_email))]),
                p(
                    "This address keeps working until the new one is confirmed. If this was not \
                   you, undo the change — even after it was confirmed — and reset your password.",
                ),
                Link {
                    label: "Undo the change",
                    url: link(base, "undo-email-change", token),
                },
                Paragraph(format!("The link works for {}.", days(*expires_in_days))),
            ],
        },
        EmailTemplate::SecurityChange { change, at } => {
            let (subject, what) = match change {
                SecurityChange::PasswordChanged => (
                    "Your Ferrofin password was changed",
                    "The password of your Ferrofin account was changed, and your other sessions were signed out.",
                ),
                SecurityChange::MfaEnabled => (
                    "Two-factor authentication is on",
                    "Two-factor authentication was turned on for your Ferrofin account.",
                ),
                SecurityChange::MfaDisabled => (
                    "Two-factor authentication is off",
                    "Two-factor authentication was turned off for your Ferrofin account.",
                ),
                SecurityChange::AccountDeleted => (
                    "Your Ferrofin account was deleted",
                    "Your Ferrofin account was deleted, and its data is being erased.",
                ),
                SecurityChange::EmailChanged => (
                    "Your Ferrofin email address was changed",
                    "The email address of your Ferrofin account was changed.",
                ),
            };
            Draft {
                subject: subject.to_owned(),
                blocks: vec![
                    p(what),
                    Facts(vec![("Time", utc(*at))]),
                    p("If this was not you, reset your password right away or contact support."),
                ],
            }
        }
        EmailTemplate::NewDeviceLogin { user_agent, ip, at } => Draft {
            subject: "New sign-in to your Ferrofin account".to_owned(),
            blocks: vec![
                p("Your Ferrofin account was signed in to from a new device:"),
                Facts(vec![
                    ("Device", shown(user_agent)),
                    ("IP address", shown(ip)),
                    ("Time", utc(*at)),
                ]),
                p(
                    "If this was you, there is nothing to do. If not, reset your password \
                   right away and sign out of your other sessions.",
                ),
            ],
        },
        EmailTemplate::Notification {
            title,
            body,
            link: path,
            unsubscribe,
        } => {
            let mut blocks = vec![Paragraph(shown_long(body))];
            if let Some(path) = path {
                blocks.push(Link {
                    label: "Open Ferrofin",
                    url: format!("{base}/{}", shown(path)),
                });
            }
            blocks.extend(
                unsubscribe
                    .iter()
                    .flat_map(|link| unsubscribe_blocks(base, link)),
            );
            Draft {
                subject: format!("{PRODUCT}: {}", shown(title)),
                blocks,
            }
        }
        EmailTemplate::Digest {
            items,
            more,
            unsubscribe,
        } => {
            let mut blocks = vec![p("Here is what happened in your Ferrofin account:")];
            blocks.extend(items.iter().take(DIGEST_ITEMS).map(|item| {
                Paragraph(format!(
                    "{}: {}",
                    shown(&item.title),
                    shown_long(&item.body)
                ))
            }));
            if *more > 0 {
                blocks.push(Paragraph(format!(
                    "And {more} more: see them all in your Ferrofin inbox."
                )));
            }
            blocks.extend(
                unsubscribe
                    .iter()
                    .flat_map(|link| unsubscribe_blocks(base, link)),
            );
            let count = items.len() + *more as usize;
            Draft {
                subject: format!("Your {PRODUCT} digest: {count} notifications"),
                blocks,
            }
        }
    }
}

/// What a link that turns a kind of email off says, and the link.
fn unsubscribe_blocks(base: &str, unsubscribe: &Unsubscribe) -> [Block; 2] {
    [
        Block::Paragraph(format!(
            "You get these because emails about {} are on.",
            shown(&unsubscribe.label)
        )),
        Block::Link {
            label: "Unsubscribe",
            url: link(base, "unsubscribe", &unsubscribe.token),
        },
    ]
}

fn greeting(name: Option<&str>) -> String {
    match name.map(shown).filter(|name| !name.is_empty()) {
        Some(name) => format!("Hi {name},"),
        None => "Hi,".to_owned(),
    }
}

/// `{base}/{page}?token=...`, the token form-encoded.
fn link(base: &str, page: &str, token: &str) -> String {
    // A list of string pairs always encodes; the error case cannot happen.
    let query = serde_urlencoded::to_string([("token", token)]).unwrap_or_default();
    format!("{base}/{page}?{query}")
}

fn hours(count: u32) -> String {
    if count == 1 {
        "1 hour".to_owned()
    } else {
        format!("{count} hours")
    }
}

fn days(count: u32) -> String {
    if count == 1 {
        "1 day".to_owned()
    } else {
        format!("{count} days")
    }
}

fn minutes(count: u32) -> String {
    if count == 1 {
        "1 minute".to_owned()
    } else {
        format!("{count} minutes")
    }
}

/// A time as `2026-11-21 12:15 UTC`.
fn utc(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    let at = at.to_offset(UtcOffset::UTC);
    at.format(format).unwrap_or_else(|_| at.to_string())
}

/// A longer text as shown (a notification's body): as [`shown`], up to four times as long.
fn shown_long(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_SHOWN_CHARS * 4)
        .collect()
}

/// A user-supplied value as shown: trimmed, without control characters, at most
/// [`MAX_SHOWN_CHARS`] characters.
fn shown(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_SHOWN_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const BASE: &str = "https://app.example.com";

    fn email(template: EmailTemplate) -> SendEmail {
        SendEmail {
            to: "ada@example.com".to_owned(),
            name: Some("Ada".to_owned()),
            template,
        }
    }

    fn every_template() -> Vec<EmailTemplate> {
        vec![
            EmailTemplate::VerifyEmail {
                token: "verify-token".to_owned(),
            },
            EmailTemplate::LoginCode {
                code: "493028".to_owned(),
                expires_in_minutes: 10,
            },
            EmailTemplate::PasswordReset {
                token: "reset-token".to_owned(),
                expires_in_minutes: 30,
            },
            EmailTemplate::AccountLocked {
                until: datetime!(2026-11-21 12:15 UTC),
            },
            EmailTemplate::NewDeviceLogin {
                user_agent: "Firefox on Linux".to_owned(),
                ip: "203.0.113.10".to_owned(),
                at: datetime!(2026-11-21 12:00 UTC),
            },
            EmailTemplate::SecurityChange {
                change: SecurityChange::PasswordChanged,
                at: datetime!(2026-11-21 12:00 UTC),
            },
            EmailTemplate::Notification {
                title: "Groceries budget at 80 %".to_owned(),
                body: "You have spent 80% of your Groceries budget.".to_owned(),
                link: Some("budgets/01J".to_owned()),
                unsubscribe: Some(Unsubscribe {
                    label: "budget alerts".to_owned(),
                    token: "unsub-token".to_owned(),
                }),
            },
            EmailTemplate::Digest {
                items: vec![super::super::messages::DigestItem {
                    title: "Goal reached".to_owned(),
                    body: "Holiday: 1,000.00 EUR saved.".to_owned(),
                }],
                more: 2,
                unsubscribe: vec![Unsubscribe {
                    label: "goals".to_owned(),
                    token: "goal-token".to_owned(),
                }],
            },
        ]
    }

    #[test]
    fn a_notification_email_links_into_the_app_and_to_unsubscribe() {
        let rendered = render(&email(every_template().remove(6)), BASE);
        assert_eq!(rendered.subject, "Ferrofin: Groceries budget at 80 %");
        for body in [rendered.text_body.as_str(), html(&rendered)] {
            assert!(body.contains("You have spent 80% of your Groceries budget."));
            assert!(body.contains("https://app.example.com/budgets/01J"));
            assert!(body.contains("https://app.example.com/unsubscribe?token=unsub-token"));
            assert!(body.contains("emails about budget alerts are on"));
        }
    }

    #[test]
    fn a_digest_lists_its_notifications_and_counts_the_rest() {
        let rendered = render(&email(every_template().remove(7)), BASE);
        assert_eq!(rendered.subject, "Your Ferrofin digest: 3 notifications");
        assert!(
            rendered
                .text_body
                .contains("Goal reached: Holiday: 1,000.00 EUR saved.")
        );
        assert!(rendered.text_body.contains("And 2 more"));
        assert!(rendered.text_body.contains("/unsubscribe?token=goal-token"));
    }

    fn html(rendered: &OutgoingEmail) -> &str {
        rendered.html_body.as_deref().expect("an HTML body")
    }

    #[test]
    fn every_template_renders_a_subject_a_text_body_and_an_html_body() {
        for template in every_template() {
            let rendered = render(&email(template.clone()), BASE);
            assert_eq!(rendered.to, "ada@example.com");
            assert!(rendered.subject.contains(PRODUCT), "{template:?}");
            assert!(rendered.text_body.starts_with("Hi Ada,\n"), "{template:?}");
            assert!(rendered.text_body.contains("— Ferrofin"), "{template:?}");
            assert!(!rendered.text_body.contains('<'), "{template:?}");
            assert!(html(&rendered).contains("<p>Hi Ada,</p>"), "{template:?}");
        }
    }

    #[test]
    fn the_login_code_and_its_expiry_appear_in_both_bodies() {
        let rendered = render(&email(every_template().remove(1)), BASE);
        for body in [rendered.text_body.as_str(), html(&rendered)] {
            assert!(body.contains("493028"));
            assert!(body.contains("10 minutes"));
        }
        assert!(
            !rendered.subject.contains("493028"),
            "the code stays out of the subject"
        );
    }

    #[test]
    fn the_login_code_email_reads_in_full() {
        let rendered = render(&email(every_template().remove(1)), BASE);
        assert_eq!(
            rendered.text_body,
            "Hi Ada,\n\nUse this code to sign in to Ferrofin:\n\n493028\n\n\
             The code expires in 10 minutes. Never share it: Ferrofin will never ask you for it.\n\n\
             If you did not try to sign in, you can ignore this email.\n\n— Ferrofin\n"
        );
    }

    #[test]
    fn verification_and_reset_links_point_at_the_app_with_the_token() {
        let verify = render(
            &email(every_template().remove(0)),
            "https://app.example.com/",
        );
        let link = "https://app.example.com/verify-email?token=verify-token";
        assert!(verify.text_body.contains(link));
        assert!(html(&verify).contains(&format!("<a href=\"{link}\">")));
        let reset = render(&email(every_template().remove(2)), BASE);
        let link = "https://app.example.com/reset-password?token=reset-token";
        assert!(reset.text_body.contains(link));
        assert!(html(&reset).contains(link));
        assert!(reset.text_body.contains("30 minutes"));
    }

    #[test]
    fn tokens_are_encoded_in_links() {
        let rendered = render(
            &email(EmailTemplate::VerifyEmail {
                token: "a+b/c=&d".to_owned(),
            }),
            BASE,
        );
        assert!(
            rendered
                .text_body
                .contains("/verify-email?token=a%2Bb%2Fc%3D%26d")
        );
    }

    #[test]
    fn a_name_with_markup_is_escaped_in_html() {
        let mut message = email(every_template().remove(0));
        message.name = Some("<script>alert('x')</script> & co".to_owned());
        let rendered = render(&message, BASE);
        let html = html(&rendered);
        assert!(!html.contains("<script>"));
        assert!(html.contains("Hi &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co,"));
        assert!(
            rendered
                .text_body
                .starts_with("Hi <script>alert('x')</script> & co,")
        );
    }

    #[test]
    fn device_details_are_escaped_and_stripped_of_control_characters() {
        let rendered = render(
            &email(EmailTemplate::NewDeviceLogin {
                user_agent: "<img src=x onerror=alert(1)>\r\nX-Evil: 1".to_owned(),
                ip: "203.0.113.10".to_owned(),
                at: datetime!(2026-11-21 14:00 +02:00),
            }),
            BASE,
        );
        assert!(!html(&rendered).contains("<img"));
        assert!(html(&rendered).contains("&lt;img src=x onerror=alert(1)&gt;X-Evil: 1"));
        assert!(
            rendered
                .text_body
                .contains("Device: <img src=x onerror=alert(1)>X-Evil: 1\n")
        );
        assert!(rendered.text_body.contains("Time: 2026-11-21 12:00 UTC"));
    }

    #[test]
    fn a_missing_or_blank_name_gives_a_plain_greeting() {
        let mut message = email(every_template().remove(3));
        message.name = None;
        assert!(render(&message, BASE).text_body.starts_with("Hi,\n"));
        message.name = Some("  ".to_owned());
        assert!(render(&message, BASE).text_body.starts_with("Hi,\n"));
        assert!(
            render(&message, BASE)
                .text_body
                .contains("sign in again after 2026-11-21 12:15 UTC")
        );
    }
}
