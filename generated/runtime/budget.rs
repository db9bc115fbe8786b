//! The retry budget: a token bucket shared by all clones of a client, so that a failing
//! server is not hammered by many callers each retrying on its own.

use std::sync::atomic::{AtomicU32, Ordering};

/// Default number of tokens in a full bucket.
pub const DEFAULT_BUDGET_CAPACITY: u32 = 500;
/// Default cost of one retry, in tokens (a full bucket pays for 100 retries).
pub const DEFAULT_RETRY_COST: u32 = 5;
/// Default refund, in tokens, for each attempt whose outcome needs no retry.
pub const DEFAULT_SUCCESS_REFUND: u32 = 1;

/// The sizes of the retry budget. Each retry takes [`RetryBudget::retry_cost`] tokens from
/// the bucket, and is not made when the bucket holds fewer (the call then ends with the
/// last response or error); each attempt that needs no retry puts
/// [`RetryBudget::success_refund`] tokens back, up to [`RetryBudget::capacity`]. First
/// attempts are free, so a budget only ever limits retries. With the defaults, once 100
/// retries have found the server failing, a retry needs five healthy answers first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryBudget {
    /// Tokens in a full bucket (the bucket starts full).
    pub capacity: u32,
    /// Tokens one retry takes.
    pub retry_cost: u32,
    /// Tokens an attempt that needs no retry gives back.
    pub success_refund: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            capacity: DEFAULT_BUDGET_CAPACITY,
            retry_cost: DEFAULT_RETRY_COST,
            success_refund: DEFAULT_SUCCESS_REFUND,
        }
    }
}

impl RetryBudget {
    /// A budget of `capacity` tokens, `retry_cost` per retry, `success_refund` back per
    /// attempt that needs no retry.
    pub fn new(capacity: u32, retry_cost: u32, success_refund: u32) -> Self {
        RetryBudget {
            capacity,
            retry_cost,
            success_refund,
        }
    }
}

/// The bucket itself: how many tokens are left. Clones of a client share one (in an `Arc`).
#[derive(Debug)]
pub struct Bucket {
    tokens: AtomicU32,
}

impl Bucket {
    /// A full bucket for `budget`.
    pub fn new(budget: &RetryBudget) -> Self {
        Bucket {
            tokens: AtomicU32::new(budget.capacity),
        }
    }

    /// Takes the cost of one retry; `false` (and nothing taken) when too few tokens are left.
    pub fn withdraw(&self, budget: &RetryBudget) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(budget.retry_cost)
            })
            .is_ok()
    }

    /// Gives back the refund of an attempt that needed no retry, up to the capacity.
    pub fn deposit(&self, budget: &RetryBudget) {
        // The closure always returns `Some`, so this cannot fail.
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                Some(
                    tokens
                        .saturating_add(budget.success_refund)
                        .min(budget.capacity),
                )
            });
    }

    /// Tokens left.
    pub fn tokens(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::{Bucket, RetryBudget};
    use std::sync::Arc;

    #[test]
    fn retries_stop_when_the_bucket_is_empty_and_resume_after_refunds() {
        let budget = RetryBudget::new(12, 5, 1);
        let bucket = Bucket::new(&budget);
        assert!(bucket.withdraw(&budget));
        assert!(bucket.withdraw(&budget));
        assert_eq!(bucket.tokens(), 2);
        assert!(!bucket.withdraw(&budget), "2 tokens do not pay for a retry");
        assert_eq!(bucket.tokens(), 2, "a refused withdrawal takes nothing");
        for _ in 0..3 {
            bucket.deposit(&budget);
        }
        assert!(bucket.withdraw(&budget));
        for _ in 0..100 {
            bucket.deposit(&budget);
        }
        assert_eq!(bucket.tokens(), 12, "never above capacity");
    }

    #[test]
    fn concurrent_withdrawals_never_overdraw() {
        let budget = RetryBudget::new(100, 5, 1);
        let bucket = Arc::new(Bucket::new(&budget));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let bucket = Arc::clone(&bucket);
                std::thread::spawn(move || (0..50).filter(|_| bucket.withdraw(&budget)).count())
            })
            .collect();
        let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(granted, 20);
        assert_eq!(bucket.tokens(), 0);
    }
}
