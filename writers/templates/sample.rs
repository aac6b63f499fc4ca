//! {{ title }}
//! Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }}; {{ BASE_URL_VARIABLE }} defaults to production.
//! The client sends the credentials to the base URL only and follows no redirect.
//! Depends on bluetape-client, serde_json and tokio (see Cargo.toml beside this file).
{% if body_type %}
use bluetape_client::{Client, types};
{% else %}
use bluetape_client::Client;
{% endif %}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // An API error reads "BlueTape answered <status>: <reason> (code <code>)".
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
{% if body_type %}
    let {{ body_variable }}: types::{{ body_type }} = serde_json::from_value(serde_json::json!({{ body }}))?;
{% endif %}
{# Laid out as rustfmt lays it out (a chain wider than 60 characters is split), so that the
   committed file is already formatted. #}
{% set call = "client." ~ function ~ "(" ~ arguments ~ ").await?" %}
{% if call | length > 60 %}
    let reply = client
        .{{ function }}({{ arguments }})
        .await?;
{% else %}
    let reply = {{ call }};
{% endif %}
    println!("{}", serde_json::to_string_pretty(&reply)?);
    Ok(())
}
