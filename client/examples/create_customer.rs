//! Create a customer: `cargo run -p bluetape-client --example create_customer`.
//! Reads BLUETAPE_API_KEY, BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL (point it at `bluetape-mock`).

use bluetape_client::{Client, Error, types};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let customer = types::Customer::builder()
        .id("7ba4877cbf52")
        .first_name("Mary")
        .last_name("Smith")
        .email_address("mary.smith@example.com")
        .cell_phone_number("+11678902345")
        .source_modified_date(chrono::Utc::now());
    match client.create_customer(customer).await {
        Ok(created) => println!(
            "customer {} signs up at {}",
            created.blue_tape_id, created.sign_up_url
        ),
        Err(error) if error.is_conflict() => println!("the customer exists already"),
        Err(error) => return Err(error),
    }
    Ok(())
}
