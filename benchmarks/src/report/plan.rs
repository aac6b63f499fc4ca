//! The plan of a report run: what is measured how much ([`Plan`], [`FULL`] or [`QUICK`]), with
//! which load generator and scenarios, and the targets each row is held to.

/// The load generator (Debian's `wrk`).
pub(crate) const WRK: &str = "/usr/bin/wrk";
/// Concurrent connections of the mock throughput runs.
pub(crate) const CONCURRENCY: &str = "64";
/// Targets: generated client time ≤ 1.05 × hand-written (sequential and concurrent); mock ≥ 20 ×
/// Prism's rps; the floor targets below (medians of alternating rounds).
pub(crate) const CLIENT_TARGET: f64 = 1.05;
pub(crate) const MOCK_TARGET: f64 = 20.0;
/// A request without a body (get-signup): the mock at ≥ 0.85 × the floor's rps.
pub(crate) const FLOOR_TARGET: f64 = 0.85;
/// A request with a body (create-customer): the mock at ≥ 0.80 × the rps of the floor that
/// reads the body into its model type.
pub(crate) const READING_FLOOR_TARGET: f64 = 0.8;
/// `bluetape-mock proxy` at ≥ 0.9 × the rps of the forwarding floor (reqwest, nothing checked).
pub(crate) const PROXY_FLOOR_TARGET: f64 = 0.9;
/// Concurrent tasks of the concurrent client row.
pub(crate) const CLIENT_TASKS: usize = 64;

/// How much to measure.
pub(crate) struct Plan {
    pub(crate) calls: usize,
    pub(crate) rounds: usize,
    /// Calls of each operation per task per round, with [`CLIENT_TASKS`] tasks.
    pub(crate) concurrent_calls: usize,
    pub(crate) wrk_seconds: u32,
    /// Alternating rounds of the mock and the floor, per scenario.
    pub(crate) floor_rounds: usize,
    /// Store sizes (customers) at which growth is measured, and wrk's seconds at each.
    pub(crate) growth: (&'static [usize], u32),
    /// Timed runs of the edit loop (after one warm-up run in the full plan).
    pub(crate) edit_runs: usize,
    pub(crate) serialization: (usize, usize),
    pub(crate) derivation: (usize, usize),
    pub(crate) codegen_runs: usize,
    /// Alternating rounds of the consumer builds (each a cold build of two applications).
    pub(crate) consumer_rounds: usize,
}

pub(crate) const FULL: Plan = Plan {
    calls: 300,
    rounds: 9,
    concurrent_calls: 30,
    // Five rounds of 6 s rather than three of 10: the same time per server, and a median that one
    // noisy round (rounds of one run spread 0.76 to 1.11 on this shared machine) cannot decide.
    wrk_seconds: 6,
    floor_rounds: 5,
    growth: (&[10_000, 100_000, 1_000_000], 3),
    edit_runs: 3,
    serialization: (20_000, 15),
    derivation: (50, 15),
    codegen_runs: 7,
    consumer_rounds: 3,
};

pub(crate) const QUICK: Plan = Plan {
    calls: 10,
    rounds: 2,
    concurrent_calls: 1,
    wrk_seconds: 1,
    floor_rounds: 1,
    growth: (&[1_000], 1),
    edit_runs: 0,
    serialization: (200, 3),
    derivation: (2, 3),
    codegen_runs: 2,
    consumer_rounds: 1,
};

/// A wrk scenario.
pub(crate) struct Scenario {
    pub(crate) name: &'static str,
    /// The wrk script, from the workspace root.
    pub(crate) script: &'static str,
    /// The path wrk is given (the script may send another).
    pub(crate) path: &'static str,
    /// Whether its requests have a body (then the floor that reads bodies is measured too).
    pub(crate) has_body: bool,
}

/// The wrk scenarios.
pub(crate) const SCENARIOS: [Scenario; 2] = [
    Scenario {
        name: "create-customer",
        script: "benchmarks/wrk/create_customer.lua",
        path: "/",
        has_body: true,
    },
    Scenario {
        name: "get-signup",
        script: "benchmarks/wrk/get_signup.lua",
        path: "/integration/customer/bench-customer/signup",
        has_body: false,
    },
];
