// A buffered, append-only text file for the example-data generator. Numbers are
// written with std::to_chars, so output does not depend on the locale and is fast
// enough for ten million rows.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace northstar::datagen {

class OutputFile {
 public:
  // Creates (truncates) the file at `path`.
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path);
  OutputFile(std::FILE* file, std::string path);  // takes ownership of `file`
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void Put(std::string_view text) {
    if (used_ + text.size() > kCapacity) Drain();
    if (text.size() > kCapacity) {
      std::fwrite(text.data(), 1, text.size(), file_);
      return;
    }
    text.copy(buffer_.get() + used_, text.size());
    used_ += text.size();
  }
  void Put(char c) {
    if (used_ + 1 > kCapacity) Drain();
    buffer_[used_++] = c;
  }
  void PutInt(int64_t value);
  // Fixed notation with `decimals` digits after the point.
  void PutFixed(double value, int decimals);
  // Room for `n` bytes written directly; returns where to write, then Commit(end).
  char* Reserve(size_t n) {
    if (used_ + n > kCapacity) Drain();
    return buffer_.get() + used_;
  }
  void Commit(const char* end) { used_ = static_cast<size_t>(end - buffer_.get()); }

  // Flushes and closes; reports any write error.
  Status Close();
  int64_t lines() const { return lines_; }
  void EndLine() {
    Put('\n');
    ++lines_;
  }

 private:
  void Drain();

  static constexpr size_t kCapacity = 1 << 20;
  std::FILE* file_;
  std::string path_;
  std::unique_ptr<char[]> buffer_;
  size_t used_ = 0;
  int64_t lines_ = 0;
};

}  // namespace northstar::datagen
