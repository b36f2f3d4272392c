//! `LazyClient`: an SDK client built on first use, once. A function links every adapter but
//! uses only some (health never touches S3, SQS or SES), so building each client when it is
//! first needed keeps unused clients out of the cold start. Still one client per execution
//! environment, never one per request.

use std::sync::OnceLock;

/// A client that is built the first time it is used.
pub struct LazyClient<C> {
    client: OnceLock<C>,
    make: Box<dyn Fn() -> C + Send + Sync>,
}

impl<C> LazyClient<C> {
    pub fn new(make: impl Fn() -> C + Send + Sync + 'static) -> Self {
        Self {
            client: OnceLock::new(),
            make: Box::new(make),
        }
    }

    /// The client, built now if this is its first use.
    pub fn get(&self) -> &C {
        self.client.get_or_init(|| (self.make)())
    }
}

impl<C: Clone + Send + Sync + 'static> From<C> for LazyClient<C> {
    /// An already built client.
    fn from(client: C) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(client.clone());
        Self {
            client: cell,
            make: Box::new(move || client.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_client_is_built_once_on_first_use() {
        let built = Arc::new(AtomicUsize::new(0));
        let counter = built.clone();
        let lazy = LazyClient::new(move || counter.fetch_add(1, Ordering::SeqCst));
        assert_eq!(built.load(Ordering::SeqCst), 0);
        assert_eq!(*lazy.get(), 0);
        assert_eq!(*lazy.get(), 0);
        assert_eq!(built.load(Ordering::SeqCst), 1);
    }
}
