//! The audit log as CSV for admins: every entry a search matches (at most
//! [`MAX_EXPORT_ENTRIES`]), written to the object store under `exports/audit/` (the bucket's
//! lifecycle deletes it after a day) and handed out as a presigned download valid 15 minutes.

use bytes::Bytes;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

use crate::audit::{AuditAction, AuditEntry, AuditLog};
use crate::audit_search::AuditFilter;
use crate::fields::Invalid;
use crate::ids::UserId;
use crate::keys;
use crate::ports::blobs::{Blobs, DownloadPolicy, PresignedRequest};
use crate::ports::clock::new_id;
use crate::problem::{IntoProblem, Problem};

/// Most entries one export holds; a search matching more is refused (narrow it).
pub const MAX_EXPORT_ENTRIES: usize = 10_000;
/// How long the download link of an export works.
pub const EXPORT_DOWNLOAD_VALIDITY: Duration = Duration::minutes(15);
/// Entries read a page while exporting.
const EXPORT_PAGE: u32 = 100;

/// What an export holds: the search filters without paging.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"action": "user_banned", "from": "2026-11-01T00:00:00Z", "to": "2026-11-30T23:59:59Z"}))]
pub struct AuditExportRequest {
    /// User id of who did it.
    #[schema(value_type = Option<String>)]
    pub actor: Option<UserId>,
    /// Whom or what it was done to (a user, customer or group id).
    pub target: Option<String>,
    /// What happened, e.g. `user_banned`.
    pub action: Option<AuditAction>,
    /// At or after this instant (RFC 3339); without a target, 30 days before `to` by default.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub from: Option<OffsetDateTime>,
    /// At or before this instant (RFC 3339); now by default.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub to: Option<OffsetDateTime>,
}

impl From<AuditExportRequest> for AuditFilter {
    fn from(request: AuditExportRequest) -> Self {
        Self {
            actor: request.actor,
            target: request.target,
            action: request.action,
            from: request.from,
            to: request.to,
            limit: None,
            cursor: None,
        }
    }
}

/// An export written to the object store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditExport {
    pub id: String,
    pub entries: usize,
    pub download: PresignedRequest,
}

impl AuditLog {
    /// Writes every entry matching `filter` (newest first) as CSV to `blobs`, presigns its
    /// download and audits the export (`audit_exported`, by `actor` from `ip`).
    pub async fn export_csv(
        &self,
        blobs: &dyn Blobs,
        filter: &AuditFilter,
        actor: &UserId,
        ip: Option<&str>,
    ) -> Result<AuditExport, Problem> {
        let mut entries = Vec::new();
        let mut next = None;
        loop {
            let (page, after) = self.search(filter, EXPORT_PAGE, next).await?;
            entries.extend(page);
            if entries.len() > MAX_EXPORT_ENTRIES {
                let message = format!("more than {MAX_EXPORT_ENTRIES} entries match; narrow them");
                return Err(Invalid::field("from", message).into_problem());
            }
            match after {
                Some(position) => next = Some(position),
                None => break,
            }
        }
        let body = to_csv(&entries).map_err(|err| Problem::internal(&err))?;
        let id = new_id(self.clock.as_ref());
        let key = keys::audit_export_object(&id);
        blobs
            .put(&key, Bytes::from(body), "text/csv")
            .await
            .map_err(IntoProblem::into_problem)?;
        let policy = DownloadPolicy {
            expires_in: EXPORT_DOWNLOAD_VALIDITY,
            attachment: Some(format!("audit-{id}.csv")),
        };
        let download = blobs
            .presign_get(&key, &policy)
            .await
            .map_err(IntoProblem::into_problem)?;
        let metadata =
            serde_json::json!({"export_id": id, "entries": entries.len(), "filter": filter});
        self.record(AuditAction::AuditExported, Some(actor), None, ip, metadata)
            .await
            .map_err(IntoProblem::into_problem)?;
        Ok(AuditExport {
            id,
            entries: entries.len(),
            download,
        })
    }
}

/// The CSV of `entries`: a header, then one row per entry, the metadata as JSON.
fn to_csv(entries: &[AuditEntry]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["id", "at", "actor", "action", "target", "ip", "metadata"])?;
    for entry in entries {
        let at = entry
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let action = serde_json::to_value(entry.action)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        let cells = [
            entry.id.clone(),
            at,
            entry
                .actor
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            action,
            entry.target.clone().unwrap_or_default(),
            entry.ip.clone().unwrap_or_default(),
            entry.metadata.to_string(),
        ];
        writer.write_record(cells.iter().map(|cell| spreadsheet_safe(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))
}

/// A cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading `'`.
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn entries_become_quoted_rows_that_no_spreadsheet_runs() {
        let entry = AuditEntry {
            id: "01E".to_owned(),
            at: datetime!(2026-11-21 12:00 UTC),
            actor: Some("01ADMIN".into()),
            action: AuditAction::UserBanned,
            target: Some("=HYPERLINK(\"x\")".to_owned()),
            ip: None,
            metadata: serde_json::json!({"reason": "spam, again"}),
        };
        let text = String::from_utf8(to_csv(&[entry]).expect("csv")).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("id,at,actor,action,target,ip,metadata"));
        assert_eq!(
            lines.next(),
            Some(
                "01E,2026-11-21T12:00:00Z,01ADMIN,user_banned,\"'=HYPERLINK(\"\"x\"\")\",,\"{\"\"reason\"\":\"\"spam, again\"\"}\""
            )
        );
    }
}
