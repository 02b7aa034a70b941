//! The database thread. One `Store` lives on a dedicated OS thread; commands and the notifier send
//! it closures and await the answer, so no tokio worker ever blocks on SQLite.
//!
//! The file is opened on that thread at start. A file that cannot be opened — not ours, from a
//! newer version — is left untouched: every call then answers with that error, and `app_info`
//! reports it so the UI can say so (and offer a backup to restore, which [`Db::restore`] does in
//! place). The whole file is checked ([`Store::quick_check`]: SQLite's `quick_check`, every page
//! read, ~0.4 s at 100,000 terminals, then the seal of the core's soundness check) by
//! [`Db::check`], queued once the first screen is drawn and before anything writes, so the window
//! need not wait for it. A damaged file is then closed the same way, and `ui_ready` reports it.
//!
//! A file another program damages later is found by the core before it writes (every write checks
//! the file first, and answers `db_damaged` without writing). Any call that answers `db_damaged`
//! closes the store the same way: from then on every call — reads, the notifier's log, the daily
//! backup — answers that error until a backup is restored, and [`Db::when_closed`]'s hook tells
//! the window once.

use crate::error::{ApiError, ApiResult};
use chrono::NaiveDateTime;
use poskeeper::Store;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;

/// The thread's store: open, or why not.
pub type Slot = Result<Store, ApiError>;
type Job = Box<dyn FnOnce(&mut Slot) + Send>;
/// What runs when the store is closed because the file is damaged.
type ClosedHook = Box<dyn Fn(&ApiError) + Send + Sync>;

#[derive(Clone)]
pub struct Db {
    tx: mpsc::Sender<Job>,
    path: PathBuf,
    /// Whether the whole-file check has been queued ([`Db::check`]).
    check_queued: Arc<AtomicBool>,
    closed: Arc<Closer>,
}

/// Closes the store when its file turns out damaged, and says so once.
#[derive(Default)]
struct Closer {
    hook: Mutex<Option<ClosedHook>>,
}

impl Closer {
    /// Closes the store in `slot` with `error` and runs the hook. The store is marked damaged
    /// first: a store that has written would otherwise fold its WAL into the file as it closes
    /// (when a read, not the seal, found the damage).
    fn close(&self, slot: &mut Slot, path: &Path, error: ApiError) {
        log::error!("database {} is damaged; closed, nothing more is written to it: {}", path.display(), error.message);
        if let Ok(store) = slot.as_ref() {
            store.mark_damaged(&error.message);
        }
        *slot = Err(error.clone());
        if let Ok(hook) = self.hook.lock() {
            if let Some(f) = hook.as_ref() {
                f(&error);
            }
        }
    }
}

/// The error to close the store with, if `e` says the file is damaged: the core's `DbDamaged`
/// (it refused to write), or SQLite finding a malformed page while reading.
fn damage(e: &poskeeper::Error, path: &Path) -> Option<ApiError> {
    match e {
        poskeeper::Error::DbDamaged(..) => Some(ApiError::from_ref(e)),
        _ => e.sqlite_damage().map(|why| ApiError::from(poskeeper::Error::DbDamaged(path.to_path_buf(), why))),
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

/// Opens the store; creates the folder of the default path if needed.
fn open(path: &Path) -> Slot {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::create_dir_all(dir).map_err(|e| ApiError::from(poskeeper::Error::Io(e)))?;
        }
    }
    Ok(Store::create(path)?)
}

/// Checks an open store's whole file; a damaged one is closed (the slot keeps the error).
fn check_whole(slot: &mut Slot, path: &Path, closer: &Closer) {
    let found = match slot {
        Ok(store) => store.quick_check().err(),
        Err(_) => None,
    };
    if let Some(e) = found {
        let error = damage(&e, path).unwrap_or_else(|| ApiError::from(e));
        closer.close(slot, path, error);
    }
}

impl Db {
    /// Starts the database thread for the file at `path` (opened on that thread).
    pub fn start(path: PathBuf) -> Db {
        let p = path.clone();
        Db::spawn(path, move || {
            let slot = open(&p);
            if let Err(e) = &slot {
                log::error!("database {} not opened: {e}", p.display());
            }
            slot
        })
    }

    /// Checks the whole file after the jobs queued so far, once per run; jobs queued later wait
    /// for it. Queued before anything writes — the UI's first paint (`ui_ready`), the notifier's
    /// first check — so the first screen's reads do not wait for it. If the file is damaged, the
    /// store is closed: every later call answers with that error and nothing more is written.
    pub fn check(&self) {
        if self.check_queued.swap(true, Ordering::SeqCst) {
            return;
        }
        let (path, closer) = (self.path.clone(), Arc::clone(&self.closed));
        self.prepare(move |slot| check_whole(slot, &path, &closer));
    }

    /// Runs `f` (once per closing) when the store is closed because the file is damaged.
    pub fn when_closed(&self, f: impl Fn(&ApiError) + Send + Sync + 'static) {
        if let Ok(mut hook) = self.closed.hook.lock() {
            *hook = Some(Box::new(f));
        }
    }

    /// A database that could not be placed at all (no home folder): every call answers `error`.
    pub fn unavailable(path: PathBuf, error: ApiError) -> Db {
        Db::spawn(path, move || Err(error))
    }

    fn spawn(path: PathBuf, init: impl FnOnce() -> Slot + Send + 'static) -> Db {
        let (tx, rx) = mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new().name("poskeeper-db".into()).spawn(move || {
            let mut slot = init();
            for job in rx {
                // A panic in one job (a bug, in the core or a library) ends that job, not the
                // thread: every later call would otherwise answer that the database is closed.
                // An open transaction rolls back as the panic unwinds.
                if std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut slot))).is_err() {
                    log::error!("a database job panicked; it was abandoned");
                }
            }
        });
        if let Err(e) = spawned {
            log::error!("the database thread did not start: {e}");
        }
        Db { tx, path, check_queued: Arc::default(), closed: Arc::default() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce(&mut Slot) -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |slot| {
            let answer = std::panic::catch_unwind(AssertUnwindSafe(|| f(slot)))
                .unwrap_or_else(|_| Err(ApiError::new("internal", "an internal error stopped this command")));
            let _ = reply.send(answer);
        });
        self.tx.send(job).map_err(|_| ApiError::db_closed())?;
        answer.await.unwrap_or_else(|_| Err(ApiError::db_closed()))
    }

    /// Queues `f` on the database thread without waiting for it (work done before anyone asks).
    /// `f` sees the store, or why it is not open.
    pub fn prepare(&self, f: impl FnOnce(&mut Slot) + Send + 'static) {
        let _ = self.tx.send(Box::new(f));
    }

    /// Runs `f` on the database thread and returns its answer (or why the database is not open).
    /// An answer saying the file is damaged closes the store: every later call answers it too.
    pub async fn call<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> poskeeper::Result<T> + Send + 'static,
    {
        let (path, closer) = (self.path.clone(), Arc::clone(&self.closed));
        self.run(move |slot| {
            let answer = match slot {
                Ok(store) => f(store),
                Err(e) => return Err(e.clone()),
            };
            answer.map_err(|e| match damage(&e, &path) {
                Some(error) => {
                    closer.close(slot, &path, error.clone());
                    error
                }
                None => ApiError::from(e),
            })
        })
        .await
    }

    /// Why the database is not open, if it is not.
    pub async fn open_error(&self) -> Option<ApiError> {
        self.call(|_| Ok(())).await.err()
    }

    /// Replaces the database with the backup `from` (the core checks it and backs up the current
    /// file first), then opens it again. Works when the current file could not be opened.
    pub async fn restore(&self, from: PathBuf, now: NaiveDateTime) -> ApiResult<poskeeper::files::backup::Restored> {
        let (path, closer) = (self.path.clone(), Arc::clone(&self.closed));
        self.run(move |slot| {
            // Close the current connection before its file is replaced.
            *slot = Err(ApiError::db_closed());
            let restored = poskeeper::files::backup::restore(&path, &from, now).map_err(ApiError::from);
            // The file is checked whole again: when the backup was refused, it is still the
            // current file, which may be the damaged one the user wanted to replace.
            *slot = open(&path);
            check_whole(slot, &path, &closer);
            let restored = restored?;
            slot.as_ref().map_err(Clone::clone)?;
            Ok(restored)
        })
        .await
    }
}
