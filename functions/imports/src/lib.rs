//! The imports function: `/v1/imports` — start the import of an uploaded statement (CSV with a
//! column mapping, or OFX/QFX) into one of the caller's accounts (queued: the import worker
//! reads it), follow its progress, list and cancel imports.

mod import_dto;
mod imports;

use ferrofin_platform::http::ApiRouter;

pub use import_dto::{ImportView, PreviewView, StartImport};

fn api() -> ApiRouter {
    imports::routes()
}

ferrofin_platform::endpoint_group!(api);
