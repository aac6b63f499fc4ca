//! One call through bluetape-client: a customer's sign-up URL. Reads BLUETAPE_API_KEY,
//! BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = bluetape_client::Client::from_env()?;
    let details = client.get_customer_signup("dc506b22c7fa").await?;
    println!("{}", details.sign_up_url);
    Ok(())
}
