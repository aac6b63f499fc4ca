//! Get a customer's sign-up URL:
//! `cargo run -p bluetape-client --example get_customer_signup -- <customer-id>`.
//! Reads BLUETAPE_API_KEY, BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL (point it at `bluetape-mock`).

use bluetape_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let customer_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "dc506b22c7fa".into());
    let client = Client::from_env()?;
    match client.get_customer_signup(&customer_id).await {
        Ok(details) => println!("{customer_id} signs up at {}", details.sign_up_url),
        Err(error) if error.is_not_found() => println!("no customer {customer_id}"),
        Err(error) => return Err(error),
    }
    Ok(())
}
