//! Customers: the [`Customer`] create body, the [`CompanyCustomer`] created with its company, the
//! [`CustomerUpdate`] body, the [`CustomerLink`] body and their results, [`CustomerCreated`] and
//! [`SignUpDetails`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use utoipa::ToSchema;

/// What every customer body carries, declared once: the customer's main contact, and when the
/// record last changed. [`Customer`], [`CompanyCustomer`] and [`CustomerUpdate`] include it
/// (flattened: on the wire and in the document its fields are the body's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDetails {
    /// First name of the main contact for the customer / company.
    #[schema(example = "John")]
    pub first_name: String,

    /// Last name of the main contact for the customer / company.
    #[schema(example = "Doe")]
    pub last_name: String,

    /// E-mail address of the main contact for the customer / company. BlueTape sends its
    /// notifications to this address.
    #[schema(format = Email, example = "john.doe@example.com")]
    pub email_address: String,

    /// Cell phone number of the main contact for the customer / company, in E.164 form
    /// (`+11234567890`). BlueTape sends its notifications to this number.
    #[schema(format = "e164", example = "+11234567890")]
    pub cell_phone_number: String,

    /// Date the record was last changed in the accounting service provider.
    pub source_modified_date: DateTime<Utc>,
}

/// A customer: the main contact of a company, who receives BlueTape's notifications and sign-up link.
/// The body of `createCustomer`.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = Customer::example)]
pub struct Customer {
    /// Identifier of the customer in the integrating system.
    #[schema(format = "identifier", example = "dc506b22c7fa")]
    pub id: String,

    /// The customer's contact and record date.
    #[serde(flatten)]
    #[schema(inline)]
    pub details: CustomerDetails,

    /// Identifier of an existing company to link the customer to at creation.
    #[schema(nullable = false, format = "identifier", example = "a0b9cedc32ce")]
    pub company_id: Option<String>,
}

/// A customer created together with its company: an item of `Company.customers`. It has no
/// `companyId`: the enclosing company is its company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CompanyCustomer::example)]
pub struct CompanyCustomer {
    /// Identifier of the customer in the integrating system.
    #[schema(format = "identifier", example = "dc506b22c7fa")]
    pub id: String,

    /// The customer's contact and record date.
    #[serde(flatten)]
    #[schema(inline)]
    pub details: CustomerDetails,
}

/// The body of `updateCustomer`: every field of a customer but its id, which the path carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CustomerUpdate::example)]
pub struct CustomerUpdate {
    /// The customer's new contact and record date.
    #[serde(flatten)]
    #[schema(inline)]
    pub details: CustomerDetails,
}

/// The body of `linkCompanyCustomer`: the customer to attach to the company named in the path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CustomerLink::example)]
pub struct CustomerLink {
    /// Identifier of the customer to attach to the company.
    #[schema(format = "identifier", example = "7ba4877cbf52")]
    pub customer_id: String,
}

/// The result of `createCustomer`: the customer's BlueTape id and sign-up URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = CustomerCreated::example)]
pub struct CustomerCreated {
    /// The identifier BlueTape gave the customer.
    #[schema(example = "fb5637b2e5f3")]
    pub blue_tape_id: String,

    /// The customer's sign-up URL.
    #[serde(flatten)]
    #[schema(inline)]
    pub sign_up: SignUpDetails,
}

// Declared once, and flattened into `CustomerCreated` and `CustomerSignUpUrl`.
/// A customer's sign-up details, from `getCustomerSignup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = SignUpDetails::example)]
pub struct SignUpDetails {
    /// The sign-up URL dedicated to the customer.
    #[schema(
        format = "uri",
        example = "https://www.bluetape.com/signup?id=97bee7a043b58084"
    )]
    pub sign_up_url: String,
}

impl CustomerDetails {
    /// The documented example, with a real-looking e-mail address in place of the page's
    /// `[email protected]` obfuscation artefact.
    pub fn example() -> Self {
        CustomerDetails {
            first_name: "John".into(),
            last_name: "Doe".into(),
            email_address: "john.doe@example.com".into(),
            cell_phone_number: "+11234567890".into(),
            source_modified_date: crate::example_date("2023-01-04T09:47:57.477Z"),
        }
    }
}

impl Customer {
    /// The documented example.
    pub fn example() -> Self {
        Customer {
            id: "dc506b22c7fa".into(),
            details: CustomerDetails::example(),
            company_id: Some("a0b9cedc32ce".into()),
        }
    }
}

impl CompanyCustomer {
    /// The documented example (the company page's first customer).
    pub fn example() -> Self {
        CompanyCustomer {
            id: Customer::example().id,
            details: CustomerDetails {
                source_modified_date: crate::example_date("2023-01-04T09:00:00.000Z"),
                ..CustomerDetails::example()
            },
        }
    }

    /// The customer this becomes once created, linked to the company `company_id`.
    pub fn into_customer(self, company_id: &str) -> Customer {
        Customer {
            id: self.id,
            details: self.details,
            company_id: Some(company_id.to_owned()),
        }
    }
}

impl CustomerUpdate {
    /// The documented example.
    pub fn example() -> Self {
        CustomerUpdate {
            details: CustomerDetails::example(),
        }
    }
}

impl CustomerLink {
    /// The documented example.
    pub fn example() -> Self {
        CustomerLink {
            customer_id: "7ba4877cbf52".into(),
        }
    }
}

impl CustomerCreated {
    /// The documented example.
    pub fn example() -> Self {
        CustomerCreated {
            blue_tape_id: "fb5637b2e5f3".into(),
            sign_up: SignUpDetails::example(),
        }
    }
}

impl SignUpDetails {
    /// The documented example.
    pub fn example() -> Self {
        SignUpDetails {
            sign_up_url: "https://www.bluetape.com/signup?id=97bee7a043b58084".into(),
        }
    }
}
