//! What the measurements give: wrk's [`Load`], each contender's [`Rounds`] in a [`Comparison`],
//! the growth's [`GrowthPoint`]s.

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

/// The servers of a round against the floor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Contender {
    /// `bluetape-mock`.
    Mock,
    /// The floor: constant replies, nothing read.
    Floor,
    /// The floor reading each body into its model type (`bluetape-bench floor --reads-body`).
    ReadingFloor,
}

/// What stands in front of the upstream mock in a proxy round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Front {
    /// Nothing: wrk reaches the mock itself.
    Nothing,
    /// `bluetape-mock proxy`, checking both ways.
    Proxy,
    /// The forwarding floor: `bluetape-bench floor --forward-to`, checking nothing.
    ForwardingFloor,
}

/// Each contender's rounds of one scenario, run in alternation.
pub(crate) struct Comparison<C> {
    pub(crate) scenario: &'static str,
    rounds: Vec<(C, Rounds)>,
}

/// The mock, the floor and (for a scenario with a request body) the floor that reads it.
pub(crate) type FloorComparison = Comparison<Contender>;
/// The mock alone, behind `bluetape-mock proxy` and behind the forwarding floor.
pub(crate) type ProxyComparison = Comparison<Front>;

/// The rounds of a contender that ran none.
static NO_ROUNDS: Rounds = Rounds {
    loads: Vec::new(),
    cpu_us: Vec::new(),
};

impl<C: Copy + PartialEq> Comparison<C> {
    /// No rounds yet of `contenders` in `scenario`.
    pub(crate) fn new(scenario: &'static str, contenders: &[C]) -> Self {
        let rounds = contenders.iter().map(|&c| (c, Rounds::default())).collect();
        Comparison { scenario, rounds }
    }

    /// The rounds of `contender` (none if it did not run).
    pub(crate) fn of(&self, contender: C) -> &Rounds {
        self.rounds
            .iter()
            .find(|(candidate, _)| *candidate == contender)
            .map_or(&NO_ROUNDS, |(_, rounds)| rounds)
    }

    /// The rounds of `contender`, to add one to; `None` for one it was not made with.
    pub(crate) fn of_mut(&mut self, contender: C) -> Option<&mut Rounds> {
        self.rounds
            .iter_mut()
            .find(|(candidate, _)| *candidate == contender)
            .map(|(_, rounds)| rounds)
    }
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
