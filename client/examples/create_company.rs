//! Create a company with its one customer: `cargo run -p bluetape-client --example create_company`.
//! Reads BLUETAPE_API_KEY, BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL (point it at `bluetape-mock`).

use bluetape_client::{Amount, Client, Error, types};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let now = chrono::Utc::now();
    let customer = types::CompanyCustomer::builder()
        .id("dc506b22c7fa")
        .first_name("John")
        .last_name("Doe")
        .email_address("john.doe@example.com")
        .cell_phone_number("+11234567890")
        .source_modified_date(now);
    let credit = types::CreditDetails::builder()
        .credit_amount(Some(Amount::new(10_000, 0)))
        .invoices_monthly_average_amount(Some(Amount::new(88_833, 2))); // 888.33, exactly
    let company = types::Company::builder()
        .id("a0b9cedc32ce")
        .business_name("Acme Inc.")
        .business_address("1400 24th Ave, San Francisco, CA 94122, USA")
        .source_modified_date(now)
        .credit_details(Some(credit.try_into()?))
        .customers(vec![customer.try_into()?]);
    match client.create_company(company).await {
        Ok(created) => {
            println!("company {}", created.blue_tape_id);
            for url in created.sign_up_urls {
                println!(
                    "  customer {} signs up at {}",
                    url.customer_id, url.sign_up_url
                );
            }
        }
        Err(error) if error.is_conflict() => println!("the company exists already"),
        Err(error) => return Err(error),
    }
    Ok(())
}
