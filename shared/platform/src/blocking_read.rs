//! An object's byte stream read as a `std::io::Read`, for synchronous parsers (CSV, OFX) that
//! run on a blocking thread: a task pumps the stream into a small bounded channel, so at most a
//! few chunks are in memory whatever the object's size.

use std::io::{self, Read};

use bytes::{Buf, Bytes};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::ports::blobs::BlobStream;

/// Chunks buffered between the stream and the reader.
const CHUNKS_IN_FLIGHT: usize = 4;

/// Reads what a [`BlobStream`] yields. Use it only from a blocking thread
/// (`tokio::task::spawn_blocking`): reading waits for the stream without an async context.
pub struct BlockingReader {
    chunks: mpsc::Receiver<io::Result<Bytes>>,
    current: Bytes,
}

/// Starts pumping `body` on the current runtime and answers its reader. Dropping the reader
/// stops the pump.
pub fn blocking_reader(mut body: BlobStream) -> BlockingReader {
    let (sender, chunks) = mpsc::channel(CHUNKS_IN_FLIGHT);
    tokio::spawn(async move {
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(io::Error::other);
            let failed = chunk.is_err();
            if sender.send(chunk).await.is_err() || failed {
                break;
            }
        }
    });
    BlockingReader {
        chunks,
        current: Bytes::new(),
    }
}

impl Read for BlockingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current.advance(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::blobs::BlobError;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_reader_yields_every_chunk_in_order_then_an_error_or_the_end() {
        let chunks: Vec<Result<Bytes, BlobError>> = vec![
            Ok(Bytes::from_static(b"date,amount\n")),
            Ok(Bytes::new()),
            Ok(Bytes::from_static(b"2026-01-02,1.00\n")),
        ];
        let reader = blocking_reader(Box::pin(futures::stream::iter(chunks)));
        let text = tokio::task::spawn_blocking(move || {
            let mut text = String::new();
            let mut reader = reader;
            reader.read_to_string(&mut text).map(|_| text)
        })
        .await
        .expect("join")
        .expect("read");
        assert_eq!(text, "date,amount\n2026-01-02,1.00\n");

        let failing: Vec<Result<Bytes, BlobError>> = vec![
            Ok(Bytes::from_static(b"abc")),
            Err(BlobError::Unavailable("connection reset".to_owned())),
        ];
        let reader = blocking_reader(Box::pin(futures::stream::iter(failing)));
        let result = tokio::task::spawn_blocking(move || {
            let mut bytes = Vec::new();
            let mut reader = reader;
            reader.read_to_end(&mut bytes)
        })
        .await
        .expect("join");
        assert!(result.is_err());
    }
}
