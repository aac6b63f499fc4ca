//! The generated client against a minimal hand-written reqwest client: the same calls of every
//! operation, against the same mock, with the same connection settings, in alternating rounds so
//! that machine noise hits both alike.

use std::time::{Duration, Instant};

use bluetape_client::types;
use bluetape_model::{
    BlueTapeIntegrationResult, Company, CompanyCreated, Customer, CustomerCreated, CustomerDetails,
    CustomerLink, CustomerUpdate, SignUpDetails,
};
use chrono::{DateTime, Utc};
use futures_util::future::try_join_all;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;

use crate::stats::median;

const API_KEY: &str = "mock-api-key";
const ACCOUNT_ID: &str = "mock-account-id";
const TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs the comparison and returns its JSON report: each round, `tasks` concurrent tasks each make
/// `calls` calls of every operation (one task: sequential calls).
pub fn run(url: &str, calls: usize, rounds: usize, tasks: usize) -> Result<String, String> {
    crate::on_one_thread(compare(url, calls, rounds, tasks.max(1)))
}

async fn compare(url: &str, calls: usize, rounds: usize, tasks: usize) -> Result<String, String> {
    let generated = bluetape_client::Client::builder()
        .base_url(url)
        .api_key(API_KEY)
        .account_id(ACCOUNT_ID)
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|error| error.to_string())?;
    let hand_written = HandWritten::new(url)?;
    let now = Utc::now();

    // One warm-up round each (connections, allocator), not counted.
    round_generated(&generated, "warm-g".into(), calls.min(20), now).await?;
    round_hand_written(&hand_written, "warm-h".into(), calls.min(20), now).await?;
    let (mut generated_times, mut hand_written_times) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which goes first, so that neither always runs on a warmer machine.
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for generated_first in order {
            if generated_first {
                let started = Instant::now();
                try_join_all((0..tasks).map(|task| {
                    round_generated(&generated, format!("g{round}-{task}"), calls, now)
                }))
                .await?;
                generated_times.push(started.elapsed());
            } else {
                let started = Instant::now();
                try_join_all((0..tasks).map(|task| {
                    round_hand_written(&hand_written, format!("h{round}-{task}"), calls, now)
                }))
                .await?;
                hand_written_times.push(started.elapsed());
            }
        }
    }
    let (generated_median, hand_median) = (median(&generated_times), median(&hand_written_times));
    let calls_per_round = (calls * 5 * tasks) as f64;
    Ok(json!({
        "measurement": "client_overhead",
        "tasks": tasks,
        "calls_per_round": calls * 5 * tasks,
        "rounds": rounds,
        "generated_median_ms": generated_median.as_secs_f64() * 1e3,
        "hand_written_median_ms": hand_median.as_secs_f64() * 1e3,
        "generated_calls_per_s": calls_per_round / generated_median.as_secs_f64(),
        "hand_written_calls_per_s": calls_per_round / hand_median.as_secs_f64(),
        "ratio": generated_median.as_secs_f64() / hand_median.as_secs_f64(),
    })
    .to_string())
}

/// Every operation `calls` times through bluetape-client.
async fn round_generated(
    client: &bluetape_client::Client,
    prefix: String,
    calls: usize,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let failed = |error: bluetape_client::Error| error.to_string();
    for call in 0..calls {
        let (company_id, customer_id) =
            (format!("{prefix}-co-{call}"), format!("{prefix}-cu-{call}"));
        client
            .create_company(test_support::company(&company_id).source_modified_date(now))
            .await
            .map_err(failed)?;
        client
            .create_customer(test_support::customer(&customer_id).source_modified_date(now))
            .await
            .map_err(failed)?;
        client
            .update_customer(
                &customer_id,
                types::CustomerUpdate::builder()
                    .first_name("Jane")
                    .last_name("Doe")
                    .email_address("jane.doe@example.com")
                    .cell_phone_number("+11234567890")
                    .source_modified_date(now),
            )
            .await
            .map_err(failed)?;
        client
            .link_company_customer(&company_id, &customer_id)
            .await
            .map_err(failed)?;
        client
            .get_customer_signup(&customer_id)
            .await
            .map_err(failed)?;
    }
    Ok(())
}

/// What a developer would write by hand with reqwest and the model types: no validation, no
/// retries, the same connection settings.
struct HandWritten {
    http: reqwest::Client,
    base_url: String,
}

impl HandWritten {
    fn new(base_url: &str) -> Result<Self, String> {
        let mut headers = HeaderMap::new();
        headers.insert("x-bluetape-key", HeaderValue::from_static(API_KEY));
        headers.insert(
            "x-integration-accountid",
            HeaderValue::from_static(ACCOUNT_ID),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent("hand-written/1")
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|error| error.to_string())?;
        Ok(HandWritten {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// `method` on `path` (from the base URL), with `body` as JSON if given; the reply read as `T`.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Result<T, String> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|error| error.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|error| error.to_string())?;
        serde_json::from_slice(&bytes).map_err(|error| error.to_string())
    }
}

async fn round_hand_written(
    client: &HandWritten,
    prefix: String,
    calls: usize,
    now: DateTime<Utc>,
) -> Result<(), String> {
    for call in 0..calls {
        let (company_id, customer_id) =
            (format!("{prefix}-co-{call}"), format!("{prefix}-cu-{call}"));
        let company = Company {
            id: company_id.clone(),
            business_name: "Acme Inc.".into(),
            business_address: "1400 24th Ave, San Francisco, CA 94122, USA".into(),
            business_phone_number: None,
            business_display_name: None,
            credit_details: None,
            source_modified_date: now,
            customers: None,
        };
        let _: CompanyCreated = client
            .call(Method::POST, "/integration/company", Some(&company))
            .await?;
        let details = CustomerDetails {
            source_modified_date: now,
            ..CustomerDetails::example()
        };
        let customer = Customer {
            id: customer_id.clone(),
            details: details.clone(),
            company_id: None,
        };
        let _: CustomerCreated = client
            .call(Method::POST, "/integration/customer", Some(&customer))
            .await?;
        let update = CustomerUpdate {
            details: CustomerDetails {
                first_name: "Jane".into(),
                email_address: "jane.doe@example.com".into(),
                ..details
            },
        };
        let path = format!("/integration/customer/{customer_id}");
        let _: BlueTapeIntegrationResult = client.call(Method::PUT, &path, Some(&update)).await?;
        let link = CustomerLink {
            customer_id: customer_id.clone(),
        };
        let path = format!("/integration/company/{company_id}/customer");
        let _: BlueTapeIntegrationResult = client.call(Method::POST, &path, Some(&link)).await?;
        let path = format!("/integration/customer/{customer_id}/signup");
        let _: SignUpDetails = client.call(Method::GET, &path, None::<&()>).await?;
    }
    Ok(())
}
