// A read-only memory mapping of a whole file, so readers scan it without copying.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace northstar::ingest {

// Owns a read-only mapping; movable, not copyable. An empty file maps to an empty
// view (mmap refuses zero-length mappings, so nothing is mapped then).
class MappedFile {
 public:
  // IOError/NotFound carry the OS reason ("No such file or directory"), not the path:
  // the caller words the message for the user.
  static Result<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const { return {data_, size_}; }
  size_t size() const { return size_; }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace northstar::ingest
