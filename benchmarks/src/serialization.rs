//! Serialization of the model, and derivation of the documents, timed in-process.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bluetape_model::Company;
use bluetape_model::render::DOCUMENTS;
use bluetape_writers::documents::render;
use serde_json::json;

use crate::stats::median;

/// Median time to serialize and deserialize one Company with full credit details.
pub fn company(iterations: usize, samples: usize) -> Result<String, String> {
    let company = Company::example();
    let bytes = serde_json::to_vec(&company).map_err(|error| error.to_string())?;
    let mut timings = Vec::with_capacity(samples);
    for _ in 0..samples {
        let started = Instant::now();
        for _ in 0..iterations {
            let text =
                serde_json::to_vec(black_box(&company)).map_err(|error| error.to_string())?;
            let back: Company =
                serde_json::from_slice(black_box(&text)).map_err(|error| error.to_string())?;
            black_box(back);
        }
        timings.push(started.elapsed() / iterations.max(1) as u32);
    }
    Ok(json!({
        "measurement": "serialization",
        "bytes": bytes.len(),
        "median_ns_per_round_trip": median(&timings).as_nanos(),
        "samples": samples,
        "iterations": iterations,
    })
    .to_string())
}

/// Median time to derive all four documents (the model to text, 3.0.3 conversion included).
pub fn spec_derivation(iterations: usize, samples: usize) -> Result<String, String> {
    let mut timings: Vec<Duration> = Vec::with_capacity(samples);
    for _ in 0..samples {
        let started = Instant::now();
        for _ in 0..iterations {
            for (version, format) in DOCUMENTS {
                black_box(render(version, format).map_err(|error| error.to_string())?);
            }
        }
        timings.push(started.elapsed() / iterations.max(1) as u32);
    }
    Ok(json!({
        "measurement": "spec_derivation",
        "median_us_all_documents": median(&timings).as_micros(),
        "samples": samples,
        "iterations": iterations,
    })
    .to_string())
}
