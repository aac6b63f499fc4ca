//! The records in SQL, whichever database holds them: the statements (SQLite and PostgreSQL both
//! read `$1`, `$2`… as the parameters in order) and [`Tables`] over them, written once. Each
//! database gives a [`Sql`]: how to run a statement within its transaction, and how to issue the
//! next id.
//!
//! A company's customer is the customer whose `company_id` names it, and that column is unique,
//! so that "at most one customer per company" is the database's own constraint, shared by every
//! mock on it. Records are stored as the JSON the API takes (amounts digit for digit), the links
//! and the ids in columns of their own.

use bluetape_model::{Company, Customer, CustomerDetails, SignUpDetails};

use super::ids::{self, IdSequence};
use super::records::{CompanyRecord, CustomerRecord, StoreError};
use super::tables::{CompanyLink, Tables};

/// The version of the tables; a database holding another one is refused at start.
pub(super) const SCHEMA_VERSION: i64 = 1;

/// The tables of the records (the meta table and the id sequence are each database's own).
pub(super) const RECORD_TABLES: &str = "
CREATE TABLE IF NOT EXISTS companies (
    id TEXT PRIMARY KEY,
    company TEXT NOT NULL,
    blue_tape_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    blue_tape_id TEXT NOT NULL,
    sign_up_url TEXT NOT NULL,
    company_id TEXT UNIQUE REFERENCES companies (id)
);
";

/// Reads a value of the meta table.
pub(super) const SELECT_META: &str = "SELECT value FROM bluetape_mock_meta WHERE key = $1";
/// Writes the meta values of a new database.
pub(super) const INSERT_META: &str = "INSERT INTO bluetape_mock_meta (key, value) VALUES \
     ('schema_version', $1), ('id_key', $2), ('ids_issued', 0)";

const SELECT_COMPANY: &str = "SELECT company, blue_tape_id, \
     (SELECT id FROM customers WHERE company_id = companies.id) FROM companies WHERE id = $1";
const SELECT_CUSTOMER: &str = "SELECT customer, blue_tape_id, sign_up_url, company_id \
     FROM customers WHERE id = $1";
const CUSTOMER_EXISTS: &str = "SELECT id FROM customers WHERE id = $1";
const INSERT_COMPANY: &str =
    "INSERT INTO companies (id, company, blue_tape_id) VALUES ($1, $2, $3)";
const INSERT_CUSTOMER: &str = "INSERT INTO customers \
     (id, customer, blue_tape_id, sign_up_url, company_id) VALUES ($1, $2, $3, $4, $5)";
const LINK: &str = "UPDATE customers SET company_id = $1 WHERE id = $2";
const UPDATE_CUSTOMER: &str = "UPDATE customers SET customer = $1 WHERE id = $2";
const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM companies), (SELECT COUNT(*) FROM customers)";
const KEEP_COMPANY_ISSUED: &str = "UPDATE companies SET blue_tape_id = $1 WHERE id = $2";
const KEEP_CUSTOMER_ISSUED: &str = "UPDATE customers SET \
     blue_tape_id = COALESCE($1, blue_tape_id), sign_up_url = COALESCE($2, sign_up_url) WHERE id = $3";
const CLEAR: [&str; 2] = ["DELETE FROM customers", "DELETE FROM companies"];

/// A statement's parameter.
#[derive(Debug, Clone, Copy)]
pub(super) enum Param<'a> {
    Text(&'a str),
    OptionalText(Option<&'a str>),
}

/// A column of a row read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cell {
    Text(String),
    Integer(i64),
    Null,
}

/// What a database does within one transaction.
pub(super) trait Sql {
    /// The first row `statement` reads, if any.
    fn row(
        &mut self,
        statement: &str,
        params: &[Param<'_>],
    ) -> Result<Option<Vec<Cell>>, StoreError>;
    /// Runs `statement`.
    fn execute(&mut self, statement: &str, params: &[Param<'_>]) -> Result<(), StoreError>;
    /// The position of the next id in the sequence (0 for the first), never given twice.
    fn next_id_position(&mut self) -> Result<u64, StoreError>;
}

/// [`Tables`] over a database's [`Sql`], with the key of its id sequence.
pub(super) struct SqlTables<S> {
    pub(super) sql: S,
    pub(super) id_key: u64,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Unavailable(format!("a stored record is unreadable: {what}"))
}

fn text(cells: &[Cell], index: usize) -> Result<String, StoreError> {
    match cells.get(index) {
        Some(Cell::Text(text)) => Ok(text.clone()),
        other => Err(corrupt(&format!("column {index} is {other:?}, not text"))),
    }
}

fn optional_text(cells: &[Cell], index: usize) -> Result<Option<String>, StoreError> {
    match cells.get(index) {
        Some(Cell::Null) => Ok(None),
        _ => text(cells, index).map(Some),
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Unavailable(error.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| corrupt(&error.to_string()))
}

impl<S: Sql> SqlTables<S> {
    fn next_id(&mut self) -> Result<String, StoreError> {
        let position = self.sql.next_id_position()?;
        Ok(IdSequence::nth(position, self.id_key).to_string())
    }
}

impl<S: Sql> Tables for SqlTables<S> {
    fn company(&mut self, id: &str) -> Result<Option<CompanyLink>, StoreError> {
        let Some(cells) = self.sql.row(SELECT_COMPANY, &[Param::Text(id)])? else {
            return Ok(None);
        };
        Ok(Some(CompanyLink {
            blue_tape_id: text(&cells, 1)?,
            customer_id: optional_text(&cells, 2)?,
        }))
    }

    fn customer_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self.sql.row(CUSTOMER_EXISTS, &[Param::Text(id)])?.is_some())
    }

    fn insert_company(&mut self, company: Company) -> Result<String, StoreError> {
        let blue_tape_id = self.next_id()?;
        let body = json(&company)?;
        self.sql.execute(
            INSERT_COMPANY,
            &[
                Param::Text(&company.id),
                Param::Text(&body),
                Param::Text(&blue_tape_id),
            ],
        )?;
        Ok(blue_tape_id)
    }

    fn insert_customer(
        &mut self,
        mut customer: Customer,
    ) -> Result<(String, SignUpDetails), StoreError> {
        let blue_tape_id = self.next_id()?;
        let sign_up = ids::sign_up(ids::new_sign_up_token());
        // The link lives in its column alone.
        let company_id = customer.company_id.take();
        let body = json(&customer)?;
        self.sql.execute(
            INSERT_CUSTOMER,
            &[
                Param::Text(&customer.id),
                Param::Text(&body),
                Param::Text(&blue_tape_id),
                Param::Text(&sign_up.sign_up_url),
                Param::OptionalText(company_id.as_deref()),
            ],
        )?;
        Ok((blue_tape_id, sign_up))
    }

    fn link(&mut self, company_id: &str, customer_id: &str) -> Result<(), StoreError> {
        self.sql
            .execute(LINK, &[Param::Text(company_id), Param::Text(customer_id)])
    }

    fn update_details(
        &mut self,
        id: &str,
        details: CustomerDetails,
    ) -> Result<Option<String>, StoreError> {
        let Some(cells) = self.sql.row(SELECT_CUSTOMER, &[Param::Text(id)])? else {
            return Ok(None);
        };
        let mut customer: Customer = parse(&text(&cells, 0)?)?;
        customer.details = details;
        let body = json(&customer)?;
        self.sql
            .execute(UPDATE_CUSTOMER, &[Param::Text(&body), Param::Text(id)])?;
        text(&cells, 1).map(Some)
    }

    fn sign_up(&mut self, id: &str) -> Result<Option<SignUpDetails>, StoreError> {
        let Some(cells) = self.sql.row(SELECT_CUSTOMER, &[Param::Text(id)])? else {
            return Ok(None);
        };
        Ok(Some(SignUpDetails {
            sign_up_url: text(&cells, 2)?,
        }))
    }

    fn company_record(&mut self, id: &str) -> Result<Option<CompanyRecord>, StoreError> {
        let Some(cells) = self.sql.row(SELECT_COMPANY, &[Param::Text(id)])? else {
            return Ok(None);
        };
        Ok(Some(CompanyRecord {
            company: parse(&text(&cells, 0)?)?,
            blue_tape_id: text(&cells, 1)?,
            customer_id: optional_text(&cells, 2)?,
        }))
    }

    fn customer_record(&mut self, id: &str) -> Result<Option<CustomerRecord>, StoreError> {
        let Some(cells) = self.sql.row(SELECT_CUSTOMER, &[Param::Text(id)])? else {
            return Ok(None);
        };
        let mut customer: Customer = parse(&text(&cells, 0)?)?;
        customer.company_id = optional_text(&cells, 3)?;
        Ok(Some(CustomerRecord {
            customer,
            blue_tape_id: text(&cells, 1)?,
            sign_up: SignUpDetails {
                sign_up_url: text(&cells, 2)?,
            },
        }))
    }

    fn counts(&mut self) -> Result<(usize, usize), StoreError> {
        let cells = self.sql.row(COUNTS, &[])?.unwrap_or_default();
        let count = |index: usize| match cells.get(index) {
            Some(Cell::Integer(count)) => Ok(usize::try_from(*count).unwrap_or_default()),
            other => Err(corrupt(&format!("a count is {other:?}"))),
        };
        Ok((count(0)?, count(1)?))
    }

    fn keep_company_issued(&mut self, id: &str, blue_tape_id: &str) -> Result<bool, StoreError> {
        if self.company(id)?.is_none() {
            return Ok(false);
        }
        self.sql.execute(
            KEEP_COMPANY_ISSUED,
            &[Param::Text(blue_tape_id), Param::Text(id)],
        )?;
        Ok(true)
    }

    fn keep_customer_issued(
        &mut self,
        id: &str,
        blue_tape_id: Option<&str>,
        sign_up_url: Option<&str>,
    ) -> Result<bool, StoreError> {
        if !self.customer_exists(id)? {
            return Ok(false);
        }
        self.sql.execute(
            KEEP_CUSTOMER_ISSUED,
            &[
                Param::OptionalText(blue_tape_id),
                Param::OptionalText(sign_up_url),
                Param::Text(id),
            ],
        )?;
        Ok(true)
    }

    fn clear(&mut self) -> Result<(), StoreError> {
        for statement in CLEAR {
            self.sql.execute(statement, &[])?;
        }
        Ok(())
    }
}
