//! The database thread. One `Store` lives on a dedicated OS thread; commands and the notifier send
//! it closures and await the answer, so no tokio worker ever blocks on SQLite.
//!
//! The file is opened (and `PRAGMA quick_check`ed) on that thread at start. A file that cannot be
//! opened — damaged, not ours, from a newer version — is left untouched: every call then answers
//! with that error, and `app_info` reports it so the UI can say so.

use crate::error::{ApiError, ApiResult};
use poskeeper::Store;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, OnceLock};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(Result<&mut Store, &ApiError>) + Send>;

#[derive(Clone)]
pub struct Db {
    tx: mpsc::Sender<Job>,
    path: PathBuf,
    /// Set once the thread has tried to open the file: `None` = open, `Some` = why not.
    open_error: Arc<OnceLock<Option<ApiError>>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

/// Opens the store and checks it; creates the default folder if needed.
fn open(path: &Path) -> Result<Store, ApiError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::create_dir_all(dir).map_err(|e| ApiError::from(poskeeper::Error::Io(e)))?;
        }
    }
    let store = Store::open(path)?;
    store.quick_check()?;
    Ok(store)
}

impl Db {
    /// Starts the database thread for the file at `path`.
    pub fn start(path: PathBuf) -> Db {
        let (tx, rx) = mpsc::channel::<Job>();
        let open_error = Arc::new(OnceLock::new());
        let state = Arc::clone(&open_error);
        let p = path.clone();
        let spawned = std::thread::Builder::new().name("poskeeper-db".into()).spawn(move || {
            let mut store = match open(&p) {
                Ok(s) => {
                    let _ = state.set(None);
                    Ok(s)
                }
                Err(e) => {
                    log::error!("database {} not opened: {e}", p.display());
                    let _ = state.set(Some(e.clone()));
                    Err(e)
                }
            };
            for job in rx {
                match &mut store {
                    Ok(s) => job(Ok(s)),
                    Err(e) => job(Err(e)),
                }
            }
        });
        if let Err(e) = spawned {
            let _ = open_error.set(Some(ApiError::from(poskeeper::Error::Io(e))));
        }
        Db { tx, path, open_error }
    }

    /// A database that could not be found at all (no home folder).
    pub fn unavailable(path: PathBuf, error: ApiError) -> Db {
        let (tx, _) = mpsc::channel::<Job>();
        let open_error = Arc::new(OnceLock::new());
        let _ = open_error.set(Some(error));
        Db { tx, path, open_error }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the database thread and returns its answer.
    pub async fn call<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> poskeeper::Result<T> + Send + 'static,
    {
        if let Some(Some(e)) = self.open_error.get() {
            return Err(e.clone());
        }
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |store| {
            let out = match store {
                Ok(s) => f(s).map_err(ApiError::from),
                Err(e) => Err(e.clone()),
            };
            let _ = reply.send(out);
        });
        self.tx.send(job).map_err(|_| ApiError::db_closed())?;
        answer.await.unwrap_or_else(|_| Err(ApiError::db_closed()))
    }

    /// Why the database could not be opened, once the thread has tried (waits for it).
    pub async fn open_error(&self) -> Option<ApiError> {
        if let Some(state) = self.open_error.get() {
            return state.clone();
        }
        // A no-op job: it runs after the open attempt.
        match self.call(|_| Ok(())).await {
            Ok(()) => None,
            Err(e) => Some(e),
        }
    }
}
