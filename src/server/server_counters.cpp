#include "server/server_counters.h"

#include <fmt/format.h>

namespace northstar::server {

void ServerCounters::Record(int status, int64_t micros) {
  requests.fetch_add(1, std::memory_order_relaxed);
  if (status >= 500) {
    server_errors.fetch_add(1, std::memory_order_relaxed);
  } else if (status >= 400) {
    client_errors.fetch_add(1, std::memory_order_relaxed);
  }
  size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && static_cast<double>(micros) / 1e6 > kLatencyBuckets[bucket])
    ++bucket;
  latency[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_micros_sum.fetch_add(micros, std::memory_order_relaxed);
}

std::string ServerCounters::Exposition() const {
  std::string out;
  auto counter = [&out](const char* name, const char* help, int64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
  };
  counter("northstar_http_requests_total", "HTTP requests answered.", requests.load());
  counter("northstar_http_client_errors_total", "Requests answered with a 4xx status.", client_errors.load());
  counter("northstar_http_server_errors_total", "Requests answered with a 5xx status.", server_errors.load());
  out += "# HELP northstar_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE northstar_http_request_duration_seconds histogram\n";
  int64_t cumulative = 0;
  for (size_t i = 0; i < latency.size(); ++i) {
    cumulative += latency[i].load();
    const std::string le = i < kLatencyBuckets.size() ? fmt::format("{}", kLatencyBuckets[i]) : "+Inf";
    out += fmt::format("northstar_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", le, cumulative);
  }
  out += fmt::format("northstar_http_request_duration_seconds_sum {}\n",
                     static_cast<double>(latency_micros_sum.load()) / 1e6);
  out += fmt::format("northstar_http_request_duration_seconds_count {}\n", cumulative);
  counter("northstar_rows_ingested_total", "Rows stored by refreshes of this server.", rows_ingested.load());
  out += fmt::format(
      "# HELP northstar_compute_seconds_total Time spent computing in refreshes.\n"
      "# TYPE northstar_compute_seconds_total counter\nnorthstar_compute_seconds_total {}\n",
      static_cast<double>(compute_micros.load()) / 1e6);
  counter("northstar_refreshes_total", "Refreshes run (ingest every source, then compute).",
          refreshes.load());
  counter("northstar_audit_failures_total", "Writes the audit log could not record.", audit_failures.load());
  return out;
}

}  // namespace northstar::server
