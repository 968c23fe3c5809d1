#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace northstar::cli {
namespace {

std::string Count(double n) {
  char buf[32];
  if (n >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
  } else if (n >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.1fk", n / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", n);
  }
  return buf;
}

}  // namespace

ProgressLine::ProgressLine(std::string label, bool interactive, std::FILE* out,
                           std::chrono::milliseconds plain_interval)
    : label_(std::move(label)),
      interactive_(interactive),
      out_(out),
      interval_(interactive ? std::chrono::milliseconds(100) : plain_interval),
      start_(Clock::now()),
      last_print_(start_) {}

ProgressLine::~ProgressLine() {
  Finish();
}

bool ProgressLine::IsInteractive(std::FILE* stream) {
  return ::isatty(::fileno(stream)) == 1;
}

std::string ProgressLine::Describe(int64_t bytes_done, int64_t bytes_total, int64_t rows, double seconds) {
  const double s = std::max(seconds, 1e-6);
  std::string out = Count(static_cast<double>(rows)) + " rows, " + Count(rows / s) + " rows/s";
  char buf[96];
  std::snprintf(buf, sizeof buf, ", %.1f MB/s", bytes_done / s / 1e6);
  out += buf;
  if (bytes_total > 0 && bytes_done > 0) {
    const double fraction = std::min(1.0, static_cast<double>(bytes_done) / bytes_total);
    const int64_t eta = static_cast<int64_t>(std::llround(seconds * (1 - fraction) / fraction));
    std::snprintf(buf, sizeof buf, ", %d %%, ETA %lld:%02lld", static_cast<int>(fraction * 100),
                  static_cast<long long>(eta / 60), static_cast<long long>(eta % 60));
    out += buf;
  }
  return out;
}

void ProgressLine::Update(int64_t bytes_done, int64_t bytes_total, int64_t rows) {
  const Clock::time_point now = Clock::now();
  if (now - last_print_ < interval_) return;
  last_print_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const std::string line = label_ + ": " + Describe(bytes_done, bytes_total, rows, seconds);
  if (interactive_) {
    // Pad over the previous, possibly longer, line.
    std::fprintf(out_, "\r%s%*s", line.c_str(),
                 static_cast<int>(last_width_ > line.size() ? last_width_ - line.size() : 0), "");
    last_width_ = line.size();
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  printed_ = true;
}

void ProgressLine::Finish() {
  if (printed_ && interactive_) {
    // Clear the line so the summary that follows starts clean.
    std::fprintf(out_, "\r%*s\r", static_cast<int>(last_width_), "");
    std::fflush(out_);
  }
  printed_ = false;
}

}  // namespace northstar::cli
