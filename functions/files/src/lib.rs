//! The files function: `/v1/files` — declare an upload (answered with a presigned request that
//! fixes type and size, valid 15 minutes), confirm it, list, read, download (a presigned
//! attachment URL, valid 1 hour) and delete the caller's files.

mod file_dto;
mod files;

use ferrofin_platform::http::ApiRouter;

pub use file_dto::{DeclareFile, FileView, UploadView};

fn api() -> ApiRouter {
    files::routes()
}

ferrofin_platform::endpoint_group!(api);
