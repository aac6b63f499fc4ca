//! What the measurements give: wrk's [`Load`], the floor comparison's [`Rounds`], the growth's
//! [`GrowthPoint`]s.

/// One wrk run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Load {
    pub(crate) requests_per_second: f64,
    pub(crate) requests: u64,
    pub(crate) p50_us: f64,
    pub(crate) p75_us: f64,
    pub(crate) p90_us: f64,
    pub(crate) p99_us: f64,
    pub(crate) failures: u64,
}

/// The mock and the floor, in alternating rounds of one scenario; for a scenario with a request
/// body, the floor that reads it too.
#[derive(Default)]
pub(crate) struct FloorComparison {
    pub(crate) scenario: &'static str,
    pub(crate) mock: Rounds,
    pub(crate) floor: Rounds,
    /// The floor reading each body into its model type (`bluetape-bench floor --reads-body`);
    /// no rounds for a scenario without a body.
    pub(crate) reading: Rounds,
}

/// The mock alone, the mock behind `bluetape-mock proxy` and the mock behind the forwarding floor,
/// in alternating rounds of one scenario.
#[derive(Default)]
pub(crate) struct ProxyComparison {
    pub(crate) scenario: &'static str,
    pub(crate) alone: Rounds,
    pub(crate) proxied: Rounds,
    /// The forwarding floor (`bluetape-bench floor --forward-to`) in front of the mock.
    pub(crate) forwarded: Rounds,
}

/// One server's rounds against the floor.
#[derive(Default)]
pub(crate) struct Rounds {
    /// wrk's reading of each round.
    pub(crate) loads: Vec<Load>,
    /// The server's CPU time per request in each round, in µs.
    pub(crate) cpu_us: Vec<f64>,
}

impl Rounds {
    /// These rounds' req/s over those of `baseline`, round by round.
    pub(crate) fn ratios_to(&self, baseline: &Rounds) -> Vec<f64> {
        self.loads
            .iter()
            .zip(&baseline.loads)
            .map(|(load, base)| load.requests_per_second / base.requests_per_second)
            .collect()
    }

    /// The median over the rounds of a latency percentile, in ms.
    pub(crate) fn median_ms(&self, percentile: impl Fn(&Load) -> f64) -> f64 {
        let mut values: Vec<f64> = self
            .loads
            .iter()
            .map(|load| percentile(load) / 1e3)
            .collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
    }

    /// The mean req/s of the rounds.
    pub(crate) fn mean_requests_per_second(&self) -> f64 {
        self.loads
            .iter()
            .map(|load| load.requests_per_second)
            .sum::<f64>()
            / self.loads.len().max(1) as f64
    }
}

/// The mock measured with this many customers stored.
pub(crate) struct GrowthPoint {
    pub(crate) records: usize,
    pub(crate) rss_bytes: u64,
    pub(crate) get: Load,
    /// Creates per second while the store grew to this size (`bluetape-bench fill`).
    pub(crate) create_per_second: f64,
}
