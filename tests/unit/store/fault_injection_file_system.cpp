#include "fault_injection_file_system.h"

#include <filesystem>
#include <set>

#include "store/file_io.h"

namespace northstar::store::testing {
namespace {

std::string FirstHalf(std::string_view bytes) {
  return std::string(bytes.substr(0, bytes.size() / 2));
}

}  // namespace

const char* CrashName(Crash crash) {
  switch (crash) {
    case Crash::kProcessKill: return "process kill";
    case Crash::kPowerLoss: return "power loss";
    case Crash::kPowerLossRenamesFirst: return "power loss, renames first";
  }
  return "?";
}

void FaultInjectionFileSystem::FailAt(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_at_ = n;
}

void FaultInjectionFileSystem::CrashAfter(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  crash_after_ = n;
  crashed_ = crashed_ || count_ >= n;
}

int FaultInjectionFileSystem::operations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

std::vector<std::string> FaultInjectionFileSystem::log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

FaultInjectionFileSystem::Verdict FaultInjectionFileSystem::Count(const char* kind, const std::string& path) {
  if (crashed_) return Verdict::kStopped;
  ++count_;
  log_.push_back(std::to_string(count_) + " " + kind + " " + path);
  if (count_ == crash_after_) crashed_ = true;  // this one still runs
  return count_ == fail_at_ ? Verdict::kFail : Verdict::kRun;
}

Status FaultInjectionFileSystem::Refused(Verdict verdict, const char* kind, const std::string& path) {
  return Status::IOError(
      std::string(verdict == Verdict::kFail ? "injected failure" : "stopped by a simulated crash") + ": " +
      kind + " " + path);
}

std::optional<std::string> FaultInjectionFileSystem::DurableBytes(const std::string& path) {
  Result<std::string> bytes = base_->ReadFile(path);
  if (!bytes.ok()) return std::nullopt;
  auto it = synced_.find(path);
  if (it != synced_.end() && !it->second) return FirstHalf(*bytes);
  return std::move(*bytes);
}

Status FaultInjectionFileSystem::WriteFile(const std::string& path, std::string_view data, bool sync) {
  std::lock_guard<std::mutex> lock(mu_);
  Verdict verdict = Count("write", path);
  if (verdict == Verdict::kStopped) return Refused(verdict, "write", path);
  const bool existed = base_->FileExists(path);
  // A failed write still leaves part of the data behind.
  Status written = base_->WriteFile(path, verdict == Verdict::kFail ? FirstHalf(data) : data, false);
  if (!existed && base_->FileExists(path))
    unsynced_.push_back({EntryChange::kCreate, ParentDir(path), path, "", {}});
  synced_[path] = false;
  if (verdict == Verdict::kFail) return Refused(verdict, "write", path);
  RETURN_IF_ERROR(written);
  if (!sync) return Status::Ok();
  verdict = Count("fsync", path);
  if (verdict != Verdict::kRun) return Refused(verdict, "fsync", path);
  synced_[path] = true;
  return Status::Ok();
}

Status FaultInjectionFileSystem::SyncDir(const std::string& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  const Verdict verdict = Count("syncdir", dir);
  if (verdict != Verdict::kRun) return Refused(verdict, "syncdir", dir);
  if (!base_->FileExists(dir)) return Status::IOError("cannot open directory " + dir);
  std::erase_if(unsynced_, [&](const EntryChange& change) { return change.dir == dir; });
  return Status::Ok();
}

Status FaultInjectionFileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(mu_);
  const Verdict verdict = Count("rename", from + " -> " + to);
  if (verdict != Verdict::kRun) return Refused(verdict, "rename", from + " -> " + to);
  std::optional<std::string> before = DurableBytes(to);
  RETURN_IF_ERROR(base_->Rename(from, to));
  unsynced_.push_back({EntryChange::kRename, ParentDir(to), to, from, std::move(before)});
  // The data's sync state goes with the file.
  auto it = synced_.find(from);
  if (it != synced_.end()) {
    synced_[to] = it->second;
    synced_.erase(from);
  } else {
    synced_.erase(to);
  }
  return Status::Ok();
}

Result<bool> FaultInjectionFileSystem::CreateDir(const std::string& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  const Verdict verdict = Count("mkdir", dir);
  if (verdict != Verdict::kRun) return Refused(verdict, "mkdir", dir);
  ASSIGN_OR_RETURN(bool created, base_->CreateDir(dir));
  if (created) unsynced_.push_back({EntryChange::kMkdir, ParentDir(dir), dir, "", {}});
  return created;
}

Status FaultInjectionFileSystem::RemoveFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!base_->FileExists(path)) return Status::Ok();  // nothing to change, nothing to count
  const Verdict verdict = Count("remove", path);
  if (verdict != Verdict::kRun) return Refused(verdict, "remove", path);
  std::optional<std::string> before = DurableBytes(path);
  RETURN_IF_ERROR(base_->RemoveFile(path));
  unsynced_.push_back({EntryChange::kRemove, ParentDir(path), path, "", std::move(before)});
  synced_.erase(path);
  return Status::Ok();
}

Status FaultInjectionFileSystem::ApplyCrash(Crash crash) {
  std::lock_guard<std::mutex> lock(mu_);
  crashed_ = true;
  if (crash == Crash::kProcessKill) return Status::Ok();
  for (const auto& [path, synced] : synced_) {
    if (synced || !base_->FileExists(path)) continue;
    ASSIGN_OR_RETURN(std::string bytes, base_->ReadFile(path));
    RETURN_IF_ERROR(base_->WriteFile(path, FirstHalf(bytes), false));
  }
  // Paths an out-of-order file system already moved: their renames stay, and so does
  // whatever else happened to those names.
  std::set<std::string> kept;
  if (crash == Crash::kPowerLossRenamesFirst) {
    for (const EntryChange& change : unsynced_) {
      if (change.kind != EntryChange::kRename) continue;
      kept.insert(change.path);
      kept.insert(change.from);
    }
  }
  for (auto it = unsynced_.rbegin(); it != unsynced_.rend(); ++it) {
    const EntryChange& change = *it;
    if (kept.count(change.path)) continue;
    switch (change.kind) {
      case EntryChange::kCreate: RETURN_IF_ERROR(base_->RemoveFile(change.path)); break;
      case EntryChange::kMkdir: {
        std::error_code ec;
        std::filesystem::remove_all(change.path, ec);
        if (ec) return Status::IOError("cannot remove " + change.path + ": " + ec.message());
        break;
      }
      case EntryChange::kRename:
        RETURN_IF_ERROR(base_->Rename(change.path, change.from));
        if (change.before) RETURN_IF_ERROR(base_->WriteFile(change.path, *change.before, false));
        break;
      case EntryChange::kRemove:
        if (change.before) RETURN_IF_ERROR(base_->WriteFile(change.path, *change.before, false));
        break;
    }
  }
  unsynced_.clear();
  synced_.clear();
  return Status::Ok();
}

}  // namespace northstar::store::testing
