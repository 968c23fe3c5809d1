// Progress of a long ingest on stderr, fed by the reader's progress callback.
//
// On an interactive terminal: one line rewritten in place (at most 10 times a second)
// with rows, rows/s, MB/s and, when the input size is known, percent and ETA. Otherwise
// (logs, CI): a plain line at most every `plain_interval`, so logs stay short.
// Finish() ends the line; nothing is printed for reads that end within the first
// interval.
//
// Thread safety: Update() may be called from a worker thread; calls must not overlap
// (the reader serializes them).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace northstar::cli {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;

  // `label` starts each line (e.g. the source id). `interactive`: see the file comment;
  // use IsInteractive(stderr) for the real terminal.
  ProgressLine(std::string label, bool interactive, std::FILE* out = stderr,
               std::chrono::milliseconds plain_interval = std::chrono::seconds(5));
  ~ProgressLine();

  void Update(int64_t bytes_done, int64_t bytes_total, int64_t rows);
  void Finish();

  static bool IsInteractive(std::FILE* stream);
  // "12.3k rows, 45.6k rows/s, 12.0 MB/s, 34 %, ETA 0:12" (no label, no line end).
  static std::string Describe(int64_t bytes_done, int64_t bytes_total, int64_t rows, double seconds);

 private:
  std::string label_;
  bool interactive_;
  std::FILE* out_;
  std::chrono::milliseconds interval_;
  Clock::time_point start_, last_print_;
  bool printed_ = false;
  size_t last_width_ = 0;
};

}  // namespace northstar::cli
