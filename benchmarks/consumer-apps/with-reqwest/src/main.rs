//! One call by hand on reqwest: a customer's sign-up URL. Reads BLUETAPE_API_KEY,
//! BLUETAPE_ACCOUNT_ID and BLUETAPE_BASE_URL.

use serde::Deserialize;

/// The reply of `getCustomerSignup`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignUpDetails {
    sign_up_url: String,
}

/// An error reply of the API.
#[derive(Debug, Deserialize)]
struct ErrorResponse {
    code: String,
    reason: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let variable = |name: &str| std::env::var(name).unwrap_or_default();
    let base_url = std::env::var("BLUETAPE_BASE_URL")
        .unwrap_or_else(|_| "https://api.bluetape.com/genericBthubService".to_owned());
    let reply = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .get(format!("{base_url}/integration/customer/dc506b22c7fa/signup"))
        .header("X-BlueTape-Key", variable("BLUETAPE_API_KEY"))
        .header("X-Integration-AccountId", variable("BLUETAPE_ACCOUNT_ID"))
        .send()
        .await?;
    if !reply.status().is_success() {
        let error: ErrorResponse = reply.json().await?;
        return Err(format!("{}: {}", error.code, error.reason).into());
    }
    let details: SignUpDetails = reply.json().await?;
    println!("{} (read at {})", details.sign_up_url, chrono::Utc::now());
    Ok(())
}
