//! A company's credit standing with its supplier: [`CreditDetails`] and its [`AgingOverdueBalance`] buckets.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::wire::{absent_or_decimal, absent_or_integer, absent_or_value};

/// The credit details of a company: its account with the supplier, its balances and its invoicing
/// history. Every field is optional. Amounts are exact decimals sent as JSON numbers (e.g. `888.33`),
/// within ±7.9 × 10²⁸ (the range of the docs' "decimal" type); digits past the 28th decimal place
/// are rounded.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CreditDetails::example)]
pub struct CreditDetails {
    /// The account type (e.g. `credit`, `cash`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false, example = "credit")]
    pub account_type: Option<String>,

    /// The account creation date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false)]
    pub account_creation_date: Option<DateTime<Utc>>,

    /// The price package of the business (e.g. `A`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false, example = "A")]
    pub price_package: Option<String>,

    /// The credit provider (e.g. `inhouse`, `co`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false, example = "inhouse")]
    pub credit_provider: Option<String>,

    /// The current credit status (e.g. `active`, `suspended`, `closed`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false, example = "active")]
    pub credit_status: Option<String>,

    /// Overall credit amount.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub credit_amount: Option<Decimal>,

    /// The outstanding credit amount (current balance).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub outstanding_amount: Option<Decimal>,

    /// The overall overdue amount.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub overdue_balance: Option<Decimal>,

    /// Aging overdue balance: the overdue amount split into day ranges.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false)]
    pub aging_overdue_balance: Option<Vec<AgingOverdueBalance>>,

    /// Overall amount of invoices.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub invoices_overall_amount: Option<Decimal>,

    /// Overall number of invoices.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_integer"
    )]
    #[schema(nullable = false, minimum = 0)]
    pub invoices_overall_count: Option<i64>,

    /// Amount of invoices last year. (The published docs call it "Overall number of invoices", a copy
    /// error: it is an amount.)
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub invoices_last_year_amount: Option<Decimal>,

    /// Number of invoices last year.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_integer"
    )]
    #[schema(nullable = false, minimum = 0)]
    pub invoices_last_year_count: Option<i64>,

    /// Amount of invoices this year until the current date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub invoices_year_to_date_amount: Option<Decimal>,

    /// Number of invoices this year until the current date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_integer"
    )]
    #[schema(nullable = false, minimum = 0)]
    pub invoices_year_to_date_count: Option<i64>,

    /// Amount of invoices last month.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub invoices_last_month_amount: Option<Decimal>,

    /// Number of invoices last month.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_integer"
    )]
    #[schema(nullable = false, minimum = 0)]
    pub invoices_last_month_count: Option<i64>,

    /// Amount of invoices this month until the current date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub invoices_month_to_date_amount: Option<Decimal>,

    /// Number of invoices this month until the current date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_integer"
    )]
    #[schema(nullable = false, minimum = 0)]
    pub invoices_month_to_date_count: Option<i64>,

    /// Average amount of invoices per month.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub invoices_monthly_average_amount: Option<Decimal>,

    /// Average number of invoices per month: a decimal (e.g. `5.7`), since it is an average.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_decimal"
    )]
    #[schema(nullable = false, value_type = Option<f64>, format = "decimal", minimum = 0, maximum = 7.9e28)]
    pub invoices_monthly_average_count: Option<Decimal>,
}

/// The overdue balance of one aging range, e.g. the amount overdue by 1 to 30 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = AgingOverdueBalance::example)]
pub struct AgingOverdueBalance {
    /// Description of the aging range (e.g. `1-30 days`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_value"
    )]
    #[schema(nullable = false, example = "1-30 days")]
    pub name: Option<String>,

    /// First day of the aging range.
    #[serde(deserialize_with = "crate::wire::integer")]
    #[schema(minimum = 0)]
    pub days_from: i64,

    /// Last day of the aging range. Absent means the range has no upper bound.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "absent_or_integer"
    )]
    #[schema(nullable = false, minimum = 0)]
    pub days_to: Option<i64>,

    /// Overdue balance for this range.
    #[serde(deserialize_with = "crate::wire::decimal")]
    #[schema(value_type = f64, format = "decimal", minimum = -7.9e28, maximum = 7.9e28)]
    pub overdue_balance: Decimal,
}

impl CreditDetails {
    /// The documented example: an active in-house credit account with one aging bucket.
    pub fn example() -> Self {
        CreditDetails {
            account_type: Some("credit".into()),
            account_creation_date: Some(crate::example_date("2023-03-09T00:10:20.300Z")),
            price_package: Some("A".into()),
            credit_provider: Some("inhouse".into()),
            credit_status: Some("active".into()),
            credit_amount: Some(Decimal::new(10000, 0)),
            outstanding_amount: Some(Decimal::new(3000, 0)),
            overdue_balance: Some(Decimal::new(500, 0)),
            aging_overdue_balance: Some(vec![AgingOverdueBalance::example()]),
            invoices_overall_amount: Some(Decimal::new(7000, 0)),
            invoices_overall_count: Some(58),
            invoices_last_year_amount: Some(Decimal::new(5000, 0)),
            invoices_last_year_count: Some(33),
            invoices_year_to_date_amount: Some(Decimal::new(2000, 0)),
            invoices_year_to_date_count: Some(25),
            invoices_last_month_amount: Some(Decimal::new(300, 0)),
            invoices_last_month_count: Some(5),
            invoices_month_to_date_amount: Some(Decimal::new(500, 0)),
            invoices_month_to_date_count: Some(2),
            invoices_monthly_average_amount: Some(Decimal::new(88833, 2)),
            invoices_monthly_average_count: Some(Decimal::new(57, 1)),
        }
    }
}

impl AgingOverdueBalance {
    /// The documented example: 3000 overdue by 1 to 30 days.
    pub fn example() -> Self {
        AgingOverdueBalance {
            name: Some("1-30 days".into()),
            days_from: 1,
            days_to: Some(30),
            overdue_balance: Decimal::new(3000, 0),
        }
    }
}
