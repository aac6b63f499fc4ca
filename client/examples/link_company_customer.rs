//! Attach a customer to a company:
//! `cargo run -p bluetape-client --example link_company_customer -- <company-id> <customer-id>`.
//! Reads BLUETAPE_API_KEY, BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL (point it at `bluetape-mock`).

use bluetape_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut arguments = std::env::args().skip(1);
    let company_id = arguments.next().unwrap_or_else(|| "a0b9cedc32ce".into());
    let customer_id = arguments.next().unwrap_or_else(|| "7ba4877cbf52".into());
    let client = Client::from_env()?;
    match client
        .link_company_customer(&company_id, &customer_id)
        .await
    {
        Ok(linked) => println!("linked; company {}", linked.blue_tape_id),
        Err(error) if error.is_not_found() => println!("{}", error),
        Err(error) => return Err(error),
    }
    Ok(())
}
