#include "output_file.h"

#include <charconv>
#include <cstring>

namespace northstar::datagen {

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  return std::make_unique<OutputFile>(file, path);
}

OutputFile::OutputFile(std::FILE* file, std::string path)
    : file_(file), path_(std::move(path)), buffer_(std::make_unique<char[]>(kCapacity)) {}

OutputFile::~OutputFile() {
  if (file_ != nullptr) (void)Close();
}

void OutputFile::Drain() {
  if (used_ > 0) std::fwrite(buffer_.get(), 1, used_, file_);
  used_ = 0;
}

void OutputFile::PutInt(int64_t value) {
  char* at = Reserve(24);
  Commit(std::to_chars(at, at + 24, value).ptr);
}

void OutputFile::PutFixed(double value, int decimals) {
  char* at = Reserve(64);
  Commit(std::to_chars(at, at + 64, value, std::chars_format::fixed, decimals).ptr);
}

Status OutputFile::Close() {
  if (file_ == nullptr) return Status::Ok();
  Drain();
  const bool failed = std::ferror(file_) != 0;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed) return Status::IOError("cannot write " + path_);
  return Status::Ok();
}

}  // namespace northstar::datagen
