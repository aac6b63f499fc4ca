//! Quickstart: every operation of the BlueTape API through the Rust client.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With `BLUETAPE_BASE_URL` unset it starts a mock server in-process (offline, no keys needed).
//! With it set, it calls that server with `BLUETAPE_API_KEY` and `BLUETAPE_ACCOUNT_ID`.

use std::error::Error;

use bluetape_client::{Client, types};
use bluetape_mock::{DEFAULT_ACCOUNT_ID, DEFAULT_API_KEY, MockConfig, RunningMock};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let base_url = std::env::var(bluetape_client::BASE_URL_ENV)
        .ok()
        .filter(|url| !url.is_empty());
    let (client, mock) = match base_url {
        Some(url) => {
            println!("using {url}");
            (Client::from_env()?, None)
        }
        None => {
            let mock = RunningMock::start(MockConfig::default()).await?;
            println!(
                "BLUETAPE_BASE_URL is unset: using an in-process mock at {}",
                mock.url()
            );
            let client = Client::builder()
                .base_url(mock.url())
                .api_key(DEFAULT_API_KEY)
                .account_id(DEFAULT_ACCOUNT_ID)
                .build()?;
            (client, Some(mock))
        }
    };
    let now = chrono::Utc::now();
    let suffix = format!("{:x}", now.timestamp_millis());

    // 1. Create a company with its (one) customer.
    let company_id = format!("co-{suffix}");
    let first_customer_id = format!("cu1-{suffix}");
    let first_customer: types::CompanyCustomer = types::CompanyCustomer::builder()
        .id(first_customer_id.as_str())
        .first_name("John")
        .last_name("Doe")
        .email_address("john.doe@example.com")
        .cell_phone_number("+11234567890")
        .source_modified_date(now)
        .try_into()?;
    let company = types::Company::builder()
        .id(company_id.as_str())
        .business_name("Acme Inc.")
        .business_address("1400 24th Ave, San Francisco, CA 94122, USA")
        .source_modified_date(now)
        .customers(vec![first_customer]);
    let created = client.create_company(company).await?;
    println!(
        "createCompany       -> {} ({} sign-up URL)",
        created.blue_tape_id,
        created.sign_up_urls.len()
    );

    // 2. Create a second customer on its own.
    let second_customer_id = format!("cu2-{suffix}");
    let customer = types::Customer::builder()
        .id(second_customer_id.as_str())
        .first_name("Mary")
        .last_name("Smith")
        .email_address("mary.smith@example.com")
        .cell_phone_number("+11678902345")
        .source_modified_date(now);
    let customer_created = client.create_customer(customer.clone()).await?;
    println!(
        "createCustomer      -> {} {}",
        customer_created.blue_tape_id, customer_created.sign_up_url
    );

    // 3. Update it: she married and changed her e-mail address.
    let update = types::CustomerUpdate::builder()
        .first_name("Mary")
        .last_name("Jones")
        .email_address("mary.jones@example.com")
        .cell_phone_number("+11678902345")
        .source_modified_date(now);
    let updated = client.update_customer(&second_customer_id, update).await?;
    println!("updateCustomer      -> {}", updated.blue_tape_id);

    // 4. Link it to a second company (a company takes one customer).
    let other_company_id = format!("co2-{suffix}");
    client
        .create_company(
            types::Company::builder()
                .id(other_company_id.as_str())
                .business_name("Globex LLC")
                .business_address("1 Main St, Springfield, USA")
                .source_modified_date(now),
        )
        .await?;
    let linked = client
        .link_company_customer(&other_company_id, &second_customer_id)
        .await?;
    println!("linkCompanyCustomer -> {}", linked.blue_tape_id);

    // 5. Get each customer's sign-up URL.
    for id in [&first_customer_id, &second_customer_id] {
        let details = client.get_customer_signup(id).await?;
        println!("getCustomerSignup   -> {id}: {}", details.sign_up_url);
    }

    // And an error, handled: a duplicate is a conflict.
    match client.create_customer(customer).await {
        Err(error) if error.is_conflict() => {
            println!("createCustomer again -> 409, as expected: {error}")
        }
        other => return Err(format!("expected a conflict, got {other:?}").into()),
    }

    if let Some(mock) = mock {
        mock.shutdown().await?;
    }
    Ok(())
}
