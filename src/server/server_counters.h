// The server's own counters for /metrics: requests and errors by route, a latency
// histogram, rows ingested and seconds spent computing. Lock-free; read while written.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace northstar::server {

// Upper bounds of the latency buckets, in seconds (Prometheus `le`), then +Inf.
inline constexpr std::array<double, 10> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                           0.025,  0.05,  0.1,    0.5,   2.5};

struct ServerCounters {
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> client_errors{0};                                   // 4xx answers
  std::atomic<int64_t> server_errors{0};                                   // 5xx answers
  std::array<std::atomic<int64_t>, kLatencyBuckets.size() + 1> latency{};  // per bucket, not cumulative
  std::atomic<int64_t> latency_micros_sum{0};
  std::atomic<int64_t> rows_ingested{0};
  std::atomic<int64_t> compute_micros{0};
  std::atomic<int64_t> refreshes{0};
  std::atomic<int64_t> audit_failures{0};  // writes the audit log could not record

  void Record(int status, int64_t micros);
  // The counters in the Prometheus text format.
  std::string Exposition() const;
};

}  // namespace northstar::server
