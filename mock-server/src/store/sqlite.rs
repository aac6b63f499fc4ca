//! The records in a SQLite file (`--state PATH`), through rusqlite: one connection, each operation
//! a `BEGIN IMMEDIATE` transaction, the journal in WAL mode with `synchronous = FULL`, so that a
//! committed operation survives the process being killed and the machine losing power.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::ids;
use super::records::{StateError, StoreError};
use super::sql::{self, Cell, Param, Sql, SqlTables};
use super::tables::Tables;

/// The meta table and the record tables.
const SCHEMA: &str =
    "CREATE TABLE IF NOT EXISTS bluetape_mock_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);";

/// A SQLite database holding the records.
pub(super) struct Database {
    path: PathBuf,
    connection: Mutex<Connection>,
    /// The key of the id sequence, fixed when the database was created.
    id_key: u64,
}

fn unavailable(error: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(format!("SQLite: {error}"))
}

fn bound<'a>(params: &'a [Param<'a>]) -> Vec<&'a dyn rusqlite::ToSql> {
    params
        .iter()
        .map(|param| match param {
            Param::Text(text) => text as &dyn rusqlite::ToSql,
            Param::OptionalText(text) => text as &dyn rusqlite::ToSql,
        })
        .collect()
}

impl Database {
    /// Opens (or creates) the database at `path` and its tables.
    pub(super) fn open(path: &Path) -> Result<Database, StateError> {
        let refused = |message: String| StateError {
            state: path.display().to_string(),
            message,
        };
        let mut connection =
            Connection::open(path).map_err(|error| refused(format!("cannot open it: {error}")))?;
        // WAL with FULL synchronisation: every commit is on disk before the reply is sent.
        let mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(|error| refused(format!("not a SQLite database the mock can use: {error}")))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(refused(format!(
                "cannot use write-ahead logging (mode {mode})"
            )));
        }
        connection
            .execute_batch(
                "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
            )
            .map_err(|error| refused(error.to_string()))?;
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|error| refused(error.to_string()))?;
        transaction
            .execute_batch(&format!("{SCHEMA}{}", sql::RECORD_TABLES))
            .map_err(|error| refused(format!("cannot create the tables: {error}")))?;
        let meta = |key: &str| -> Result<Option<i64>, StateError> {
            transaction
                .query_row(sql::SELECT_META, [key], |row| row.get(0))
                .optional()
                .map_err(|error| refused(error.to_string()))
        };
        match meta("schema_version")? {
            Some(sql::SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(refused(format!(
                    "it holds version {other} of the mock's tables; this mock reads version {} \
                     (use a new file, or the bluetape-mock that wrote it)",
                    sql::SCHEMA_VERSION
                )));
            }
            None => {
                transaction
                    .execute(
                        sql::INSERT_META,
                        [sql::SCHEMA_VERSION, ids::new_key() as i64],
                    )
                    .map_err(|error| refused(error.to_string()))?;
            }
        }
        let id_key =
            meta("id_key")?.ok_or_else(|| refused("its id sequence has no key".into()))? as u64;
        transaction
            .commit()
            .map_err(|error| refused(error.to_string()))?;
        Ok(Database {
            path: path.to_path_buf(),
            connection: Mutex::new(connection),
            id_key,
        })
    }

    pub(super) fn describe(&self) -> String {
        format!("SQLite at {}", self.path.display())
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction, committed when it succeeds.
    pub(super) fn transact<T, E: From<StoreError>>(
        &self,
        mut work: impl FnMut(&mut dyn Tables) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(unavailable)?;
        let outcome = work(&mut SqlTables {
            sql: SqliteTransaction(&transaction),
            id_key: self.id_key,
        });
        if outcome.is_ok() {
            transaction.commit().map_err(unavailable)?;
        }
        // Dropped without a commit, the transaction rolls back.
        outcome
    }
}

/// A SQLite transaction, as [`Sql`].
struct SqliteTransaction<'a>(&'a Transaction<'a>);

impl Sql for SqliteTransaction<'_> {
    fn row(
        &mut self,
        statement: &str,
        params: &[Param<'_>],
    ) -> Result<Option<Vec<Cell>>, StoreError> {
        let mut prepared = self.0.prepare_cached(statement).map_err(unavailable)?;
        let columns = prepared.column_count();
        prepared
            .query_row(bound(params).as_slice(), |row| {
                (0..columns)
                    .map(|index| {
                        Ok(match row.get_ref(index)? {
                            ValueRef::Null => Cell::Null,
                            ValueRef::Integer(value) => Cell::Integer(value),
                            ValueRef::Text(text) => {
                                Cell::Text(String::from_utf8_lossy(text).into_owned())
                            }
                            other => Cell::Text(format!("{other:?}")),
                        })
                    })
                    .collect()
            })
            .optional()
            .map_err(unavailable)
    }

    fn execute(&mut self, statement: &str, params: &[Param<'_>]) -> Result<(), StoreError> {
        self.0
            .prepare_cached(statement)
            .and_then(|mut prepared| prepared.execute(bound(params).as_slice()))
            .map(drop)
            .map_err(unavailable)
    }

    fn next_id_position(&mut self) -> Result<u64, StoreError> {
        self.0
            .query_row(
                "UPDATE bluetape_mock_meta SET value = value + 1 WHERE key = 'ids_issued' \
                 RETURNING value - 1",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|position| position as u64)
            .map_err(unavailable)
    }
}
