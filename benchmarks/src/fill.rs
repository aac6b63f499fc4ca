//! Grows a mock's store: `count` customers created through `concurrency` concurrent requests, so
//! that `cargo xtask bench` can measure throughput and memory per record as the store grows.

use std::time::Instant;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::json;

/// Creates the customers and returns a JSON report (count, seconds).
pub fn run(url: &str, start: usize, count: usize, concurrency: usize) -> Result<String, String> {
    crate::on_one_thread(fill(url, start, count, concurrency.max(1)))
}

async fn fill(url: &str, start: usize, count: usize, concurrency: usize) -> Result<String, String> {
    let http = reqwest::Client::new();
    let endpoint = format!("{}/integration/customer", url.trim_end_matches('/'));
    let started = Instant::now();
    stream::iter(start..start + count)
        .map(|number| {
            let request = http
                .post(&endpoint)
                .header("X-BlueTape-Key", "mock-api-key")
                .header("X-Integration-AccountId", "mock-account-id")
                .header("Content-Type", "application/json")
                .body(format!(
                    "{{\"id\":\"grow-{number}\",\"firstName\":\"John\",\"lastName\":\"Doe\",\
                     \"emailAddress\":\"john.doe@example.com\",\"cellPhoneNumber\":\"+11234567890\",\
                     \"sourceModifiedDate\":\"2023-01-04T09:47:57.477Z\"}}"
                ));
            async move {
                let response = request.send().await.map_err(|error| error.to_string())?;
                if response.status().as_u16() == 201 {
                    Ok(())
                } else {
                    Err(format!("grow-{number}: status {}", response.status()))
                }
            }
        })
        .buffer_unordered(concurrency)
        .try_collect::<()>()
        .await?;
    Ok(json!({
        "measurement": "fill",
        "count": count,
        "seconds": started.elapsed().as_secs_f64(),
    })
    .to_string())
}
