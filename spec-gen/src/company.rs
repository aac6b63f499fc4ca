//! Companies: the [`Company`] create body and its [`CompanyCreated`] result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{Components, RefOr};
use utoipa::{Modify, ToSchema};

use crate::credit_details::CreditDetails;
use crate::customer::{CompanyCustomer, SignUpDetails};

/// The most customers a company has: one. The document says it (`Company.customers` has
/// `maxItems` [`MAX_CUSTOMERS_PER_COMPANY`]): the mock enforces it from here, the client from the
/// document.
pub const MAX_CUSTOMERS_PER_COMPANY: usize = 1;

/// A company (a business buying from the supplier), as created with `createCompany`.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = Company::example)]
pub struct Company {
    /// Identifier of the company in the integrating system.
    #[schema(format = "identifier", example = "a0b9cedc32ce")]
    pub id: String,

    /// Name of the company.
    #[schema(example = "Acme Inc.")]
    pub business_name: String,

    /// The company's address.
    #[schema(example = "1400 24th Ave, San Francisco, CA 94122, USA")]
    pub business_address: String,

    /// Phone number of the company, usually its main line.
    #[schema(nullable = false, example = "+11234567890")]
    pub business_phone_number: Option<String>,

    /// The company's display name.
    #[schema(nullable = false, example = "Acme")]
    pub business_display_name: Option<String>,

    /// The company's credit details.
    #[schema(nullable = false)]
    pub credit_details: Option<CreditDetails>,

    /// Date the record was last changed in the accounting service provider.
    pub source_modified_date: DateTime<Utc>,

    /// Customers to create and attach to the company at creation. At most one: the API answers 400
    /// with code `company_can_have_only_one_customer` otherwise.
    #[schema(nullable = false)]
    pub customers: Option<Vec<CompanyCustomer>>,
}

/// The result of `createCompany`: the company's BlueTape id and one sign-up URL per attached customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CompanyCreated::example)]
pub struct CompanyCreated {
    /// The identifier BlueTape gave the company.
    #[schema(example = "fb5637b2e5f3")]
    pub blue_tape_id: String,

    /// One sign-up URL per customer attached at creation. Absent or empty when none was attached.
    #[serde(default)]
    pub sign_up_urls: Vec<CustomerSignUpUrl>,
}

/// The sign-up URL of one customer attached to a company at creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CustomerSignUpUrl::example)]
pub struct CustomerSignUpUrl {
    /// Identifier of the customer in the integrating system.
    #[schema(example = "dc506b22c7fa")]
    pub customer_id: String,

    /// The customer's sign-up URL.
    #[serde(flatten)]
    #[schema(inline)]
    pub sign_up: SignUpDetails,
}

impl Company {
    /// Whether `customers` lists more than [`MAX_CUSTOMERS_PER_COMPANY`]: the API then answers
    /// 400 with code `company_can_have_only_one_customer`.
    pub fn has_too_many_customers(&self) -> bool {
        self.customers
            .as_ref()
            .is_some_and(|customers| customers.len() > MAX_CUSTOMERS_PER_COMPANY)
    }

    /// The documented example, made valid: one customer (the API allows no more) and JSON without
    /// trailing commas.
    pub fn example() -> Self {
        Company {
            id: "a0b9cedc32ce".into(),
            business_name: "Acme Inc.".into(),
            business_address: "1400 24th Ave, San Francisco, CA 94122, USA".into(),
            business_phone_number: Some("+11234567890".into()),
            business_display_name: Some("Acme".into()),
            credit_details: Some(CreditDetails::example()),
            source_modified_date: crate::example_date("2023-01-04T09:47:57.477Z"),
            customers: Some(vec![CompanyCustomer::example()]),
        }
    }
}

impl CompanyCreated {
    /// The documented example, with the one sign-up URL of the one attached customer.
    pub fn example() -> Self {
        CompanyCreated {
            blue_tape_id: "fb5637b2e5f3".into(),
            sign_up_urls: vec![CustomerSignUpUrl::example()],
        }
    }
}

impl CustomerSignUpUrl {
    /// The documented example.
    pub fn example() -> Self {
        CustomerSignUpUrl {
            customer_id: "dc506b22c7fa".into(),
            sign_up: SignUpDetails::example(),
        }
    }
}

/// The document step that states [`MAX_CUSTOMERS_PER_COMPANY`] as `maxItems` of
/// `Company.customers` (utoipa's attribute takes only a literal).
pub(crate) struct OneCustomerPerCompany;

impl Modify for OneCustomerPerCompany {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(Components { schemas, .. }) = openapi.components.as_mut() else {
            return;
        };
        let company = schemas.get_mut(<Company as utoipa::ToSchema>::name().as_ref());
        if let Some(RefOr::T(Schema::Object(company))) = company
            && let Some(RefOr::T(Schema::Array(customers))) =
                company.properties.get_mut("customers")
        {
            customers.max_items = Some(MAX_CUSTOMERS_PER_COMPANY);
        }
    }
}
