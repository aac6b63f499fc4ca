//! A company's credit standing with its supplier: [`CreditDetails`] and its [`AgingOverdueBalance`] buckets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use utoipa::ToSchema;

use crate::vocabulary::{Amount, Count};

/// The credit details of a company: its account with the supplier, its balances and its invoicing
/// history. Every field is optional. Amounts are exact decimals sent as JSON numbers (e.g. `888.33`),
/// within ±7.9 × 10²⁸ (the range of the docs' "decimal" type); digits past the 28th decimal place
/// are rounded.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CreditDetails::example)]
pub struct CreditDetails {
    /// The account type (e.g. `credit`, `cash`).
    #[schema(nullable = false, example = "credit")]
    pub account_type: Option<String>,

    /// The account creation date.
    #[schema(nullable = false)]
    pub account_creation_date: Option<DateTime<Utc>>,

    /// The price package of the business (e.g. `A`).
    #[schema(nullable = false, example = "A")]
    pub price_package: Option<String>,

    /// The credit provider (e.g. `inhouse`, `co`).
    #[schema(nullable = false, example = "inhouse")]
    pub credit_provider: Option<String>,

    /// The current credit status (e.g. `active`, `suspended`, `closed`).
    #[schema(nullable = false, example = "active")]
    pub credit_status: Option<String>,

    /// Overall credit amount.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub credit_amount: Option<Amount>,

    /// The outstanding credit amount (current balance).
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub outstanding_amount: Option<Amount>,

    /// The overall overdue amount.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub overdue_balance: Option<Amount>,

    /// Aging overdue balance: the overdue amount split into day ranges.
    #[schema(nullable = false)]
    pub aging_overdue_balance: Option<Vec<AgingOverdueBalance>>,

    /// Overall amount of invoices.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub invoices_overall_amount: Option<Amount>,

    /// Overall number of invoices.
    #[schema(nullable = false, value_type = Option<i64>, format = "count")]
    pub invoices_overall_count: Option<Count>,

    /// Amount of invoices last year. (The published docs call it "Overall number of invoices", a copy
    /// error: it is an amount.)
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub invoices_last_year_amount: Option<Amount>,

    /// Number of invoices last year.
    #[schema(nullable = false, value_type = Option<i64>, format = "count")]
    pub invoices_last_year_count: Option<Count>,

    /// Amount of invoices this year until the current date.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub invoices_year_to_date_amount: Option<Amount>,

    /// Number of invoices this year until the current date.
    #[schema(nullable = false, value_type = Option<i64>, format = "count")]
    pub invoices_year_to_date_count: Option<Count>,

    /// Amount of invoices last month.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub invoices_last_month_amount: Option<Amount>,

    /// Number of invoices last month.
    #[schema(nullable = false, value_type = Option<i64>, format = "count")]
    pub invoices_last_month_count: Option<Count>,

    /// Amount of invoices this month until the current date.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub invoices_month_to_date_amount: Option<Amount>,

    /// Number of invoices this month until the current date.
    #[schema(nullable = false, value_type = Option<i64>, format = "count")]
    pub invoices_month_to_date_count: Option<Count>,

    /// Average amount of invoices per month.
    #[schema(nullable = false, value_type = Option<f64>, format = "amount")]
    pub invoices_monthly_average_amount: Option<Amount>,

    /// Average number of invoices per month: a decimal (e.g. `5.7`), since it is an average.
    #[schema(nullable = false, value_type = Option<f64>, format = "non-negative-amount")]
    pub invoices_monthly_average_count: Option<Amount>,
}

/// The overdue balance of one aging range, e.g. the amount overdue by 1 to 30 days.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = AgingOverdueBalance::example)]
pub struct AgingOverdueBalance {
    /// Description of the aging range (e.g. `1-30 days`).
    #[schema(nullable = false, example = "1-30 days")]
    pub name: Option<String>,

    /// First day of the aging range.
    #[schema(value_type = i64, format = "count")]
    pub days_from: Count,

    /// Last day of the aging range. Absent means the range has no upper bound.
    #[schema(nullable = false, value_type = Option<i64>, format = "count")]
    pub days_to: Option<Count>,

    /// Overdue balance for this range.
    #[schema(value_type = f64, format = "amount")]
    pub overdue_balance: Amount,
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
            credit_amount: Some(Amount::new(10000, 0)),
            outstanding_amount: Some(Amount::new(3000, 0)),
            overdue_balance: Some(Amount::new(500, 0)),
            aging_overdue_balance: Some(vec![AgingOverdueBalance::example()]),
            invoices_overall_amount: Some(Amount::new(7000, 0)),
            invoices_overall_count: Some(Count(58)),
            invoices_last_year_amount: Some(Amount::new(5000, 0)),
            invoices_last_year_count: Some(Count(33)),
            invoices_year_to_date_amount: Some(Amount::new(2000, 0)),
            invoices_year_to_date_count: Some(Count(25)),
            invoices_last_month_amount: Some(Amount::new(300, 0)),
            invoices_last_month_count: Some(Count(5)),
            invoices_month_to_date_amount: Some(Amount::new(500, 0)),
            invoices_month_to_date_count: Some(Count(2)),
            invoices_monthly_average_amount: Some(Amount::new(88833, 2)),
            invoices_monthly_average_count: Some(Amount::new(57, 1)),
        }
    }
}

impl AgingOverdueBalance {
    /// The documented example: 3000 overdue by 1 to 30 days.
    pub fn example() -> Self {
        AgingOverdueBalance {
            name: Some("1-30 days".into()),
            days_from: Count(1),
            days_to: Some(Count(30)),
            overdue_balance: Amount::new(3000, 0),
        }
    }
}
