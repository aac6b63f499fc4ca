//! [`CapturedLogs`]: tracing output kept in memory, so that a test can read what was logged.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

/// Everything written to it, shared by its clones.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// Installs a global subscriber (every level, no colours) that writes here. A server logs from
    /// its own tasks, on any thread, so its tests need the global one; once per test binary.
    ///
    /// # Panics
    ///
    /// When a global subscriber is installed already.
    pub fn capture_globally() -> CapturedLogs {
        let logs = CapturedLogs::default();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(logs.writer())
            .with_ansi(false)
            .init();
        logs
    }

    /// A writer factory for `tracing_subscriber::fmt().with_writer(..)`.
    pub fn writer(&self) -> impl Fn() -> CapturedLogs + Send + Sync + 'static {
        let logs = self.clone();
        move || logs.clone()
    }

    /// What was logged so far.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
