//! [`Faults`]: failures the mock is told, at run time, to answer with: an error status (429 with
//! `Retry-After`, 500, 503, …), added latency, or a dropped connection; for the next N matching
//! requests, or each with a probability drawn from a seeded generator (so a run repeats), scoped to
//! one operation or all.
//!
//! With no fault set, a request pays one atomic load.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

pub use bluetape_mock_control::{ActiveFault, FaultKind, FaultRule};

/// A rule that cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FaultError(pub String);

#[derive(Debug)]
struct Rule {
    active: ActiveFault,
    draws: Option<fastrand::Rng>,
}

/// The faults that are set.
#[derive(Debug, Default)]
pub struct Faults {
    any: AtomicBool,
    next_id: AtomicU64,
    rules: Mutex<Vec<Rule>>,
}

impl Faults {
    /// Sets `rule` (checked against the operations that exist) and returns it with its id.
    ///
    /// # Errors
    ///
    /// [`FaultError`] naming the problem: an unknown operation, a status outside 400–599, a
    /// probability outside 0–1, `times` of 0, or `seed` without `probability`.
    pub fn add(&self, rule: FaultRule, operations: &[&str]) -> Result<ActiveFault, FaultError> {
        if let Some(operation) = &rule.operation
            && !operations.contains(&operation.as_str())
        {
            return Err(FaultError(format!(
                "operation: {operation:?} is not an operation of the API ({}).",
                operations.join(", ")
            )));
        }
        if let FaultKind::Status { status, .. } = rule.fault
            && !(400..=599).contains(&status)
        {
            return Err(FaultError(format!(
                "fault.status: {status} is not an error status (400 to 599)."
            )));
        }
        if let Some(probability) = rule.probability
            && !(0.0..=1.0).contains(&probability)
        {
            return Err(FaultError(format!(
                "probability: {probability} is not between 0 and 1."
            )));
        }
        if rule.times == Some(0) {
            return Err(FaultError("times: must be at least 1.".into()));
        }
        if rule.seed.is_some() && rule.probability.is_none() {
            return Err(FaultError(
                "seed: only a rule with a probability draws; set probability too.".into(),
            ));
        }
        let draws = rule.probability.map(|_| match rule.seed {
            Some(seed) => fastrand::Rng::with_seed(seed),
            None => fastrand::Rng::new(),
        });
        let active = ActiveFault {
            id: self.next_id.fetch_add(1, Ordering::Relaxed) + 1,
            remaining: rule.times,
            rule,
        };
        let mut rules = self.lock();
        rules.push(Rule {
            active: active.clone(),
            draws,
        });
        self.any.store(true, Ordering::Release);
        Ok(active)
    }

    /// The rules that are set, in the order they apply.
    pub fn list(&self) -> Vec<ActiveFault> {
        self.lock().iter().map(|rule| rule.active.clone()).collect()
    }

    /// Removes the rule `id`; false if there is none.
    pub fn remove(&self, id: u64) -> bool {
        let mut rules = self.lock();
        let before = rules.len();
        rules.retain(|rule| rule.active.id != id);
        self.any.store(!rules.is_empty(), Ordering::Release);
        rules.len() != before
    }

    /// Removes every rule.
    pub fn clear(&self) {
        let mut rules = self.lock();
        rules.clear();
        self.any.store(false, Ordering::Release);
    }

    /// The fault for a request to `operation`, if a rule applies: the first rule (in the order
    /// they were set) that matches the operation and fires.
    pub fn take(&self, operation: &str) -> Option<FaultKind> {
        // The common path: no fault set, one atomic load.
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let mut rules = self.lock();
        let index = rules.iter_mut().position(|rule| {
            let matches = rule
                .active
                .rule
                .operation
                .as_deref()
                .is_none_or(|only| only == operation);
            // A rule draws only for the requests it matches, so its sequence is repeatable.
            matches
                && match (&mut rule.draws, rule.active.rule.probability) {
                    (Some(draws), Some(probability)) => draws.f64() < probability,
                    _ => true,
                }
        })?;
        let fault = rules[index].active.rule.fault.clone();
        if let Some(remaining) = &mut rules[index].active.remaining {
            *remaining -= 1;
            if *remaining == 0 {
                rules.remove(index);
                self.any.store(!rules.is_empty(), Ordering::Release);
            }
        }
        Some(fault)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPERATIONS: [&str; 2] = ["createCompany", "getCustomerSignup"];

    /// Why `faults` refuses `rule`.
    fn refusal(faults: &Faults, rule: &FaultRule) -> String {
        faults.add(rule.clone(), &OPERATIONS).unwrap_err().0
    }

    fn status(status: u16) -> FaultKind {
        FaultKind::Status {
            status,
            retry_after_seconds: None,
        }
    }

    #[test]
    fn a_counted_rule_applies_to_the_next_matching_requests_only() {
        let faults = Faults::default();
        let mut rule = FaultRule::always(status(503));
        rule.operation = Some("getCustomerSignup".into());
        rule.times = Some(2);
        faults.add(rule, &OPERATIONS).unwrap();
        assert_eq!(faults.take("createCompany"), None);
        assert_eq!(faults.take("getCustomerSignup"), Some(status(503)));
        assert_eq!(faults.list()[0].remaining, Some(1));
        assert_eq!(faults.take("getCustomerSignup"), Some(status(503)));
        assert_eq!(faults.take("getCustomerSignup"), None);
        assert!(faults.list().is_empty());
    }

    #[test]
    fn a_seeded_probability_repeats_its_sequence() {
        let sequence = || {
            let faults = Faults::default();
            let mut rule = FaultRule::always(FaultKind::Drop);
            rule.probability = Some(0.5);
            rule.seed = Some(7);
            faults.add(rule, &OPERATIONS).unwrap();
            (0..64)
                .map(|_| faults.take("createCompany").is_some())
                .collect::<Vec<_>>()
        };
        let first = sequence();
        assert_eq!(first, sequence());
        let hits = first.iter().filter(|hit| **hit).count();
        assert!((16..=48).contains(&hits), "{hits} of 64");
    }

    #[test]
    fn bad_rules_are_refused_by_field() {
        let faults = Faults::default();
        let mut rule = FaultRule::always(status(200));
        assert!(refusal(&faults, &rule).starts_with("fault.status"));
        rule.fault = status(500);
        rule.operation = Some("deleteEverything".into());
        assert!(refusal(&faults, &rule).starts_with("operation"));
        rule.operation = None;
        rule.probability = Some(1.5);
        assert!(refusal(&faults, &rule).starts_with("probability"));
        rule.probability = None;
        rule.seed = Some(1);
        assert!(refusal(&faults, &rule).starts_with("seed"));
        assert!(faults.list().is_empty());
    }

    #[test]
    fn removing_and_clearing() {
        let faults = Faults::default();
        let id = faults
            .add(FaultRule::always(FaultKind::Drop), &OPERATIONS)
            .unwrap()
            .id;
        faults
            .add(FaultRule::always(status(500)), &OPERATIONS)
            .unwrap();
        assert!(faults.remove(id));
        assert!(!faults.remove(id));
        assert_eq!(faults.take("createCompany"), Some(status(500)));
        faults.clear();
        assert_eq!(faults.take("createCompany"), None);
    }
}
