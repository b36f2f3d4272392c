//! The error-code table of docs/http-api.md lists every code the API can return (the
//! `ErrorCode` schema of the OpenAPI document, which is the enum itself), each with a status,
//! and names no code that does not exist.

use std::collections::BTreeSet;

/// The codes of the table's rows (`| status | codes | when |`) and the statuses they are
/// listed with.
fn documented() -> Vec<(u16, String)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/http-api.md"))
        .expect("docs/http-api.md");
    let mut rows = Vec::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, status, codes, _, ..] = cells.as_slice() else {
            continue;
        };
        let Ok(status) = status.parse::<u16>() else {
            continue;
        };
        for code in codes.split(',') {
            let code = code.trim().trim_matches('`');
            if !code.is_empty() {
                rows.push((status, code.to_owned()));
            }
        }
    }
    rows
}

#[test]
fn every_error_code_is_in_the_table_with_a_status_and_the_table_names_only_codes() {
    let document = serde_json::to_value(ferrofin_fn_docs::openapi_document()).expect("json");
    let codes: BTreeSet<String> = document["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("the ErrorCode enum")
        .iter()
        .map(|code| code.as_str().expect("a code").to_owned())
        .collect();
    assert!(codes.len() > 20, "{codes:?}");
    let rows = documented();
    let listed: BTreeSet<String> = rows.iter().map(|(_, code)| code.clone()).collect();
    let missing: Vec<&String> = codes.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "codes the API returns that docs/http-api.md's table does not list: {missing:?}"
    );
    let unknown: Vec<&String> = listed.difference(&codes).collect();
    assert!(
        unknown.is_empty(),
        "the table lists codes that do not exist: {unknown:?}"
    );
    for (status, code) in &rows {
        assert!(
            (400..600).contains(status),
            "{code} is listed with {status}, not an error status"
        );
    }
}
