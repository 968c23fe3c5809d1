#include "store/file_system.h"

#include "store/file_io.h"

namespace northstar::store {
namespace {

class PosixFileSystem final : public FileSystem {
 public:
  Status WriteFile(const std::string& path, std::string_view data, bool sync) override {
    return WriteFileDurably(path, data, sync);
  }
  Status SyncDir(const std::string& dir) override { return store::SyncDir(dir); }
  Status Rename(const std::string& from, const std::string& to) override { return RenameFile(from, to); }
  Result<bool> CreateDir(const std::string& dir) override { return MakeDir(dir); }
  Status RemoveFile(const std::string& path) override { return store::RemoveFile(path); }
  Result<std::string> ReadFile(const std::string& path) override { return ReadWholeFile(path); }
  Result<std::vector<std::string>> ListDir(const std::string& dir) override { return store::ListDir(dir); }
  bool FileExists(const std::string& path) override { return store::FileExists(path); }
};

}  // namespace

FileSystem* DefaultFileSystem() {
  static PosixFileSystem posix;
  return &posix;
}

Status RenameDurably(FileSystem& fs, const std::string& from, const std::string& to, bool sync) {
  RETURN_IF_ERROR(fs.Rename(from, to));
  return sync ? fs.SyncDir(ParentDir(to)) : Status::Ok();
}

Status EnsureDir(FileSystem& fs, const std::string& dir, bool sync) {
  ASSIGN_OR_RETURN(bool created, fs.CreateDir(dir));
  return created && sync ? fs.SyncDir(ParentDir(dir)) : Status::Ok();
}

Status EnsureDirs(FileSystem& fs, const std::string& dir, bool sync) {
  if (dir.empty()) return Status::Ok();
  const std::string parent = ParentDir(dir);
  if (parent != dir && parent != "." && parent != "/" && !fs.FileExists(parent)) {
    RETURN_IF_ERROR(EnsureDirs(fs, parent, sync));
  }
  return EnsureDir(fs, dir, sync);
}

}  // namespace northstar::store
