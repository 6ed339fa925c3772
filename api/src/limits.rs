//! Request limits at the edge: a token bucket per principal (keyed by its bearer token) and per
//! anonymous address, and caps on query string and header sizes. Buckets live in this process:
//! with several replicas each enforces its own limit (documented in the README).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Token buckets refilled at `rate` a second, holding at most twice that.
pub struct RateLimiter {
    authenticated_rate: f64,
    anonymous_rate: f64,
    buckets: Mutex<HashMap<[u8; 16], Bucket>>,
}

/// Beyond this many buckets, idle ones are dropped so the map cannot grow without bound.
const MAX_BUCKETS: usize = 50_000;

impl RateLimiter {
    pub fn new(authenticated_per_second: u32, anonymous_per_second: u32) -> RateLimiter {
        RateLimiter {
            authenticated_rate: f64::from(authenticated_per_second),
            anonymous_rate: f64::from(anonymous_per_second),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the caller's bucket: what is left of it (none when limiting is off),
    /// or how long to wait. A token's bucket is keyed on the token itself, whatever the spelling of
    /// the header around it (`bearer`, extra spaces), so re-spelling the header gives no fresh bucket.
    pub fn check(&self, authorization: Option<&[u8]>, address: Option<&str>) -> Checked {
        match authorization {
            Some(header) => {
                self.take("authenticated", self.authenticated_rate, key_of(b"token:", bearer_token(header)))
            }
            None => self.check_address(address),
        }
    }

    /// Takes one request from a verified principal's own bucket (at the authenticated rate), beside
    /// its token's: a trusted issuer's subject gets no fresh allowance from each new token it is issued.
    pub fn check_principal(&self, principal: &str) -> Checked {
        self.take("authenticated", self.authenticated_rate, key_of(b"principal:", principal.as_bytes()))
    }

    /// Takes one request from the address's bucket (at the anonymous rate): for callers without a
    /// token, and for callers whose token was refused, so a flood of junk tokens is throttled too.
    pub fn check_address(&self, address: Option<&str>) -> Checked {
        let key = key_of(b"address:", address.unwrap_or("unknown").as_bytes());
        self.take("anonymous", self.anonymous_rate, key)
    }

    fn take(&self, policy: &'static str, rate: f64, key: [u8; 16]) -> Checked {
        if rate <= 0.0 {
            return Ok(None);
        }
        let capacity = rate * 2.0;
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else { return Ok(None) };
        if buckets.len() > MAX_BUCKETS {
            buckets.retain(|_, b| now.duration_since(b.updated) < Duration::from_secs(60));
        }
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: capacity, updated: now });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * rate;
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.updated = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let allowance = Allowance {
            policy,
            quota: capacity as u64,
            window_seconds: 2,
            remaining: bucket.tokens.floor() as u64,
            reset_seconds: ((capacity - bucket.tokens) / rate).ceil() as u64,
        };
        if allowed {
            Ok(Some(allowance))
        } else {
            Err(RateLimited { wait: Duration::from_secs_f64((1.0 - bucket.tokens) / rate), allowance })
        }
    }
}

/// The answer of a bucket: what is left (none when limiting is off), or a refusal.
pub type Checked = Result<Option<Allowance>, RateLimited>;

/// An empty bucket: how long until it holds a request again, and its state for the headers.
#[derive(Debug)]
pub struct RateLimited {
    pub wait: Duration,
    pub allowance: Allowance,
}

/// A bucket's state after a request, sent as the IETF `RateLimit-Policy` and `RateLimit` headers
/// (draft-ietf-httpapi-ratelimit-headers): the quota a full bucket holds over its window (a bucket
/// refills at `quota / window` a second), the requests left now, and the seconds until it is full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    pub policy: &'static str,
    pub quota: u64,
    pub window_seconds: u64,
    pub remaining: u64,
    pub reset_seconds: u64,
}

impl Allowance {
    /// `RateLimit-Policy`, e.g. `"authenticated";q=100;w=2`.
    pub fn policy_header(&self) -> String {
        format!("\"{}\";q={};w={}", self.policy, self.quota, self.window_seconds)
    }

    /// `RateLimit`, e.g. `"authenticated";r=99;t=1`.
    pub fn header(&self) -> String {
        format!("\"{}\";r={};t={}", self.policy, self.remaining, self.reset_seconds)
    }
}

/// The token in an `Authorization` header: the scheme (any case) and surrounding spaces removed.
fn bearer_token(header: &[u8]) -> &[u8] {
    let trimmed = header.trim_ascii();
    let token = match trimmed.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case(b"bearer ") => &trimmed[7..],
        _ => trimmed,
    };
    token.trim_ascii()
}

/// A short digest of the key: tokens are not kept in memory longer than the request.
fn key_of(kind: &[u8], value: &[u8]) -> [u8; 16] {
    let digest = Sha256::new().chain_update(kind).chain_update(value).finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_a_burst_then_refuses_with_a_wait() {
        let limiter = RateLimiter::new(2, 1);
        let token = Some(&b"Bearer abc"[..]);
        for _ in 0..4 {
            assert!(limiter.check(token, None).is_ok());
        }
        let refused = limiter.check(token, None).expect_err("the fifth request in a burst of four is refused");
        assert!(refused.wait <= Duration::from_secs(1));
        assert_eq!(refused.allowance.header(), "\"authenticated\";r=0;t=2");
        // Other callers have their own buckets.
        assert!(limiter.check(Some(&b"Bearer other"[..]), None).is_ok());
        assert!(limiter.check(None, Some("10.0.0.1")).is_ok());
    }

    #[test]
    fn respelling_the_header_shares_the_tokens_bucket() {
        let limiter = RateLimiter::new(1, 1);
        assert!(limiter.check(Some(&b"Bearer abc"[..]), None).is_ok());
        assert!(limiter.check(Some(&b"bearer   abc "[..]), None).is_ok());
        assert!(limiter.check(Some(&b"BEARER abc"[..]), None).is_err(), "a re-spelt header got a fresh bucket");
    }

    #[test]
    fn zero_turns_limiting_off() {
        let limiter = RateLimiter::new(0, 0);
        for _ in 0..1000 {
            assert!(matches!(limiter.check(Some(&b"t"[..]), None), Ok(None)));
        }
    }

    #[test]
    fn each_answer_says_what_is_left_of_the_bucket() {
        let limiter = RateLimiter::new(50, 5);
        let first = limiter.check(Some(&b"Bearer abc"[..]), None).ok().flatten();
        let first = first.unwrap_or_else(|| panic!("limiting is on"));
        assert_eq!(first.policy_header(), "\"authenticated\";q=100;w=2");
        assert_eq!(first.header(), "\"authenticated\";r=99;t=1");
        let anonymous = limiter.check(None, Some("10.0.0.1")).ok().flatten().map(|a| a.header());
        assert_eq!(anonymous.as_deref(), Some("\"anonymous\";r=9;t=1"));
    }
}
