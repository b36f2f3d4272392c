//! The whole OpenAPI document as a reviewed snapshot: any change to the API (a route, a
//! parameter, a schema, a status) shows up as a diff of
//! `snapshots/api__openapi_snapshot__openapi.snap` in review. See docs/testing.md for how to
//! review and accept a change.

#[test]
fn the_openapi_document_matches_its_snapshot() {
    let document = ferrofin_fn_docs::openapi_document();
    insta::assert_json_snapshot!("openapi", document);
}
