//! Update a customer: `cargo run -p bluetape-client --example update_customer -- <customer-id>`.
//! Reads BLUETAPE_API_KEY, BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL (point it at `bluetape-mock`).

use bluetape_client::{Client, Error, types};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let customer_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "7ba4877cbf52".into());
    let client = Client::from_env()?;
    let update = types::CustomerUpdate::builder()
        .first_name("Mary")
        .last_name("Smith-Jones")
        .email_address("mary.smith-jones@example.com")
        .cell_phone_number("+11678902345")
        .source_modified_date(chrono::Utc::now());
    match client.update_customer(&customer_id, update).await {
        Ok(updated) => println!("updated {}", updated.blue_tape_id),
        Err(error) if error.is_not_found() => println!("no customer {customer_id}"),
        Err(error) => return Err(error),
    }
    Ok(())
}
