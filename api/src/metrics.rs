//! Prometheus text metrics: request counts by status class and time spent, kept in atomics.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Default)]
pub struct Metrics {
    by_class: [AtomicU64; 5],
    duration_micros: AtomicU64,
    in_flight: AtomicU64,
}

impl Metrics {
    pub fn started(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    pub fn finished(&self, status: u16, elapsed: Duration) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        let class = usize::from((status / 100).clamp(1, 5)) - 1;
        self.by_class[class].fetch_add(1, Ordering::Relaxed);
        self.duration_micros.fetch_add(elapsed.as_micros().min(u128::from(u64::MAX)) as u64, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::from(
            "# HELP governance_http_requests_total HTTP requests answered, by status class.\n\
             # TYPE governance_http_requests_total counter\n",
        );
        let mut total = 0;
        for (i, counter) in self.by_class.iter().enumerate() {
            let count = counter.load(Ordering::Relaxed);
            total += count;
            out.push_str(&format!("governance_http_requests_total{{class=\"{}xx\"}} {count}\n", i + 1));
        }
        let seconds = self.duration_micros.load(Ordering::Relaxed) as f64 / 1e6;
        out.push_str(&format!(
            "# HELP governance_http_request_duration_seconds Time spent answering requests.\n\
             # TYPE governance_http_request_duration_seconds summary\n\
             governance_http_request_duration_seconds_sum {seconds}\n\
             governance_http_request_duration_seconds_count {total}\n\
             # HELP governance_http_requests_in_flight Requests being answered now.\n\
             # TYPE governance_http_requests_in_flight gauge\n\
             governance_http_requests_in_flight {}\n",
            self.in_flight.load(Ordering::Relaxed)
        ));
        out
    }
}
