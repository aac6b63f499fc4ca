//! The records in PostgreSQL (`--state postgres://…`), which several mocks share: each operation
//! one `SERIALIZABLE` transaction, run again when it conflicts with another mock's (a
//! serialization failure, a deadlock, or a duplicate key that another mock inserted first, which
//! the run again answers with the API's 409). The connection is made again after it is lost; while
//! the database cannot be reached, every operation answers 503.

use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, IsolationLevel, NoTls, Transaction};

use super::ids;
use super::records::{StateError, StoreError};
use super::sql::{self, Cell, Param, Sql, SqlTables};
use super::tables::Tables;

/// How long to wait for the database to answer a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How many times an operation runs when it keeps conflicting with other mocks'.
const ATTEMPTS: usize = 50;
/// The meta table and the id sequence. Several mocks may start at once: the advisory lock lets
/// one create the tables while the others wait.
const SCHEMA: &str = "
SELECT pg_advisory_xact_lock(7305962718);
CREATE TABLE IF NOT EXISTS bluetape_mock_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS bluetape_mock_ids MINVALUE 0 START 0;
";

/// Whether `state` names a PostgreSQL database rather than a SQLite file.
pub(super) fn is_url(state: &str) -> bool {
    state.starts_with("postgres://") || state.starts_with("postgresql://")
}

/// A PostgreSQL database holding the records.
pub(super) struct Database {
    config: Config,
    /// Where it is, for people (no password).
    shown: String,
    client: Mutex<Option<Client>>,
    /// The key of the id sequence, fixed when the database was created.
    id_key: u64,
}

fn unavailable(error: &postgres::Error) -> StoreError {
    StoreError::Unavailable(format!("PostgreSQL: {}", explained(error)))
}

/// What `error` says, with the server's message and code when it sent one (the driver's own
/// text is only "db error").
fn explained(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(database) => format!("{} ({})", database.message(), database.code().code()),
        None => match std::error::Error::source(error) {
            Some(source) => format!("{error}: {source}"),
            None => error.to_string(),
        },
    }
}

/// Whether `error` is a conflict with another transaction, to run again.
fn conflicts(error: &postgres::Error) -> bool {
    error.code().is_some_and(|code| {
        [
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::UNIQUE_VIOLATION,
        ]
        .contains(code)
    })
}

impl Database {
    /// Connects to the database at `url` and creates its tables if it has none.
    pub(super) fn connect(url: &str) -> Result<Database, StateError> {
        let mut config = Config::from_str(url).map_err(|error| StateError {
            state: "the PostgreSQL URL given".into(),
            message: format!("not a PostgreSQL URL: {error}"),
        })?;
        config.connect_timeout(CONNECT_TIMEOUT);
        let shown = shown(&config);
        let refused = |message: String| StateError {
            state: shown.clone(),
            message,
        };
        let mut client = config
            .connect(NoTls)
            .map_err(|error| refused(format!("cannot connect: {}", explained(&error))))?;
        // Read committed: after waiting for the lock, each statement sees what the mock that
        // created the tables committed.
        let mut transaction = client
            .transaction()
            .map_err(|error| refused(explained(&error)))?;
        transaction
            .batch_execute(&format!("{SCHEMA}{}", sql::RECORD_TABLES))
            .map_err(|error| refused(format!("cannot create the tables: {}", explained(&error))))?;
        let meta = |transaction: &mut Transaction<'_>, key: &str| {
            transaction
                .query_opt(sql::SELECT_META, &[&key])
                .map(|row| row.map(|row| row.get::<_, i64>(0)))
                .map_err(|error| refused(explained(&error)))
        };
        match meta(&mut transaction, "schema_version")? {
            Some(sql::SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(refused(format!(
                    "it holds version {other} of the mock's tables; this mock reads version {} \
                     (use another database, or the bluetape-mock that wrote it)",
                    sql::SCHEMA_VERSION
                )));
            }
            None => {
                transaction
                    .execute(
                        sql::INSERT_META,
                        &[&sql::SCHEMA_VERSION, &(ids::new_key() as i64)],
                    )
                    .map_err(|error| refused(explained(&error)))?;
            }
        }
        let id_key = meta(&mut transaction, "id_key")?
            .ok_or_else(|| refused("its id sequence has no key".into()))?
            as u64;
        transaction
            .commit()
            .map_err(|error| refused(explained(&error)))?;
        Ok(Database {
            config,
            shown,
            client: Mutex::new(Some(client)),
            id_key,
        })
    }

    pub(super) fn describe(&self) -> String {
        format!("PostgreSQL at {}", self.shown)
    }

    /// Runs `work` in one `SERIALIZABLE` transaction, committed when it succeeds, and again when
    /// it conflicts with another mock's.
    pub(super) fn transact<T, E: From<StoreError>>(
        &self,
        mut work: impl FnMut(&mut dyn Tables) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut client = self.client.lock().unwrap_or_else(PoisonError::into_inner);
        for _ in 0..ATTEMPTS {
            let connected = match client.take() {
                Some(connected) if !connected.is_closed() => connected,
                // Lost: connect again, or answer 503 until the database is back.
                _ => self
                    .config
                    .connect(NoTls)
                    .map_err(|error| unavailable(&error))?,
            };
            let connected = client.insert(connected);
            let mut transaction = connected
                .build_transaction()
                .isolation_level(IsolationLevel::Serializable)
                .start()
                .map_err(|error| unavailable(&error))?;
            let mut tables = SqlTables {
                sql: PostgresTransaction {
                    transaction: &mut transaction,
                    conflicted: false,
                },
                id_key: self.id_key,
            };
            let outcome = work(&mut tables);
            let conflicted = tables.sql.conflicted;
            match outcome {
                Ok(value) => match transaction.commit() {
                    Ok(()) => return Ok(value),
                    Err(error) if conflicts(&error) => continue,
                    Err(error) => return Err(unavailable(&error).into()),
                },
                // Rolled back when dropped.
                Err(_) if conflicted => continue,
                Err(error) => return Err(error),
            }
        }
        Err(StoreError::Unavailable(format!(
            "PostgreSQL: the operation conflicted with other mocks' {ATTEMPTS} times"
        ))
        .into())
    }
}

impl Drop for Database {
    /// The driver closes its connection by running a runtime of its own, which cannot start on a
    /// thread of another runtime: the mock's store is dropped on one, so the connection is closed
    /// on a thread of its own.
    fn drop(&mut self) {
        let client = self
            .client
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(client) = client {
            std::thread::scope(|scope| {
                scope.spawn(move || drop(client));
            });
        }
    }
}

/// `host:port/database` of `config`, without its user or password.
fn shown(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|host| match host {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    format!(
        "{}:{}/{}",
        hosts.join(","),
        if ports.is_empty() {
            "5432".to_owned()
        } else {
            ports.join(",")
        },
        config.get_dbname().unwrap_or_default()
    )
}

/// A PostgreSQL transaction, as [`Sql`]; it notes a conflict, to run the operation again.
struct PostgresTransaction<'a, 'b> {
    transaction: &'a mut Transaction<'b>,
    conflicted: bool,
}

impl PostgresTransaction<'_, '_> {
    fn failed(&mut self, error: &postgres::Error) -> StoreError {
        self.conflicted |= conflicts(error);
        unavailable(error)
    }
}

fn bound<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|param| match param {
            Param::Text(text) => text as &(dyn ToSql + Sync),
            Param::OptionalText(text) => text as &(dyn ToSql + Sync),
        })
        .collect()
}

impl Sql for PostgresTransaction<'_, '_> {
    fn row(
        &mut self,
        statement: &str,
        params: &[Param<'_>],
    ) -> Result<Option<Vec<Cell>>, StoreError> {
        let row = match self.transaction.query_opt(statement, &bound(params)) {
            Ok(row) => row,
            Err(error) => return Err(self.failed(&error)),
        };
        let Some(row) = row else {
            return Ok(None);
        };
        let cells = row
            .columns()
            .iter()
            .enumerate()
            .map(|(index, column)| {
                if *column.type_() == Type::INT8 {
                    row.try_get::<_, Option<i64>>(index)
                        .map(|value| value.map_or(Cell::Null, Cell::Integer))
                } else {
                    row.try_get::<_, Option<String>>(index)
                        .map(|value| value.map_or(Cell::Null, Cell::Text))
                }
            })
            .collect::<Result<Vec<Cell>, _>>();
        cells.map(Some).map_err(|error| self.failed(&error))
    }

    fn execute(&mut self, statement: &str, params: &[Param<'_>]) -> Result<(), StoreError> {
        match self.transaction.execute(statement, &bound(params)) {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failed(&error)),
        }
    }

    fn next_id_position(&mut self) -> Result<u64, StoreError> {
        match self
            .transaction
            .query_one("SELECT nextval('bluetape_mock_ids')", &[])
        {
            Ok(row) => Ok(row.get::<_, i64>(0) as u64),
            Err(error) => Err(self.failed(&error)),
        }
    }
}
