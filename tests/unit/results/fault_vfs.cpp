#include "fault_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace northstar::results::testing {
namespace {

// Bytes of a file as they were before one unsynced change.
struct Undo {
  sqlite3_int64 offset = 0;
  std::string bytes;              // former content of [offset, offset + bytes.size())
  sqlite3_int64 size_before = 0;  // the file's size before the change
};

struct State {
  std::mutex mu;
  int count = 0;
  int fail_at = 0;
  int crash_after = 0;
  bool crashed = false;
  std::vector<std::string> log;
  std::map<std::string, std::vector<Undo>> unsynced;  // by file path, oldest first
};

State& Shared() {
  static State state;
  return state;
}

enum class Verdict { kRun, kFail, kStopped };

Verdict Count(State& s, const std::string& what) {
  if (s.crashed) return Verdict::kStopped;
  ++s.count;
  s.log.push_back(std::to_string(s.count) + " " + what);
  if (s.count == s.crash_after) s.crashed = true;  // this one still runs
  return s.count == s.fail_at ? Verdict::kFail : Verdict::kRun;
}

sqlite3_vfs* Real() {
  return sqlite3_vfs_find(nullptr);
}

struct FaultFile {
  sqlite3_file base;  // first: SQLite sees a FaultFile as a sqlite3_file
  sqlite3_file* real;
  std::string* path;
};

constexpr int kHeader = static_cast<int>((sizeof(FaultFile) + 7) / 8 * 8);

sqlite3_file* RealOf(sqlite3_file* f) {
  return reinterpret_cast<FaultFile*>(f)->real;
}

std::string Name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Records the bytes [offset, offset + amount) of `real` had before a change.
void Remember(State& s, const std::string& path, sqlite3_file* real, sqlite3_int64 offset,
              sqlite3_int64 amount) {
  Undo undo;
  undo.offset = offset;
  real->pMethods->xFileSize(real, &undo.size_before);
  const sqlite3_int64 present = std::max<sqlite3_int64>(0, std::min(amount, undo.size_before - offset));
  undo.bytes.resize(static_cast<size_t>(present));
  if (present > 0) real->pMethods->xRead(real, undo.bytes.data(), static_cast<int>(present), offset);
  s.unsynced[path].push_back(std::move(undo));
}

int Close(sqlite3_file* f) {
  FaultFile* file = reinterpret_cast<FaultFile*>(f);
  int rc = file->real->pMethods != nullptr ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
  delete file->path;
  file->path = nullptr;
  return rc;
}

int Read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  return RealOf(f)->pMethods->xRead(RealOf(f), buffer, amount, offset);
}

int Write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  FaultFile* file = reinterpret_cast<FaultFile*>(f);
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  const Verdict verdict =
      Count(s, "xWrite " + Name(*file->path) + " @" + std::to_string(offset) + "+" + std::to_string(amount));
  if (verdict == Verdict::kStopped) return SQLITE_IOERR_WRITE;
  const int written = verdict == Verdict::kFail ? amount / 2 : amount;
  Remember(s, *file->path, file->real, offset, written);
  const int rc = written > 0 ? file->real->pMethods->xWrite(file->real, buffer, written, offset) : SQLITE_OK;
  return verdict == Verdict::kFail ? SQLITE_IOERR_WRITE : rc;
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  FaultFile* file = reinterpret_cast<FaultFile*>(f);
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  const Verdict verdict = Count(s, "xTruncate " + Name(*file->path) + " to " + std::to_string(size));
  if (verdict != Verdict::kRun) return SQLITE_IOERR_TRUNCATE;
  sqlite3_int64 before = 0;
  file->real->pMethods->xFileSize(file->real, &before);
  Remember(s, *file->path, file->real, size, std::max<sqlite3_int64>(0, before - size));
  return file->real->pMethods->xTruncate(file->real, size);
}

int Sync(sqlite3_file* f, int flags) {
  FaultFile* file = reinterpret_cast<FaultFile*>(f);
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  const Verdict verdict = Count(s, "xSync " + Name(*file->path));
  if (verdict != Verdict::kRun) return SQLITE_IOERR_FSYNC;
  s.unsynced.erase(*file->path);  // durable now (no real fsync: the record decides)
  return SQLITE_OK;
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return RealOf(f)->pMethods->xFileSize(RealOf(f), size);
}
int Lock(sqlite3_file* f, int level) {
  return RealOf(f)->pMethods->xLock(RealOf(f), level);
}
int Unlock(sqlite3_file* f, int level) {
  return RealOf(f)->pMethods->xUnlock(RealOf(f), level);
}
int CheckReservedLock(sqlite3_file* f, int* out) {
  return RealOf(f)->pMethods->xCheckReservedLock(RealOf(f), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return RealOf(f)->pMethods->xFileControl(RealOf(f), op, arg);
}
int SectorSize(sqlite3_file* f) {
  return RealOf(f)->pMethods->xSectorSize(RealOf(f));
}
int DeviceCharacteristics(sqlite3_file* f) {
  return RealOf(f)->pMethods->xDeviceCharacteristics(RealOf(f));
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return RealOf(f)->pMethods->xShmMap(RealOf(f), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return RealOf(f)->pMethods->xShmLock(RealOf(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) {
  RealOf(f)->pMethods->xShmBarrier(RealOf(f));
}
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return RealOf(f)->pMethods->xShmUnmap(RealOf(f), delete_flag);
}
int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return RealOf(f)->pMethods->xFetch(RealOf(f), offset, amount, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return RealOf(f)->pMethods->xUnfetch(RealOf(f), offset, p);
}

const sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  FaultFile* file = reinterpret_cast<FaultFile*>(f);
  file->base.pMethods = nullptr;
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kHeader);
  file->real->pMethods = nullptr;
  const int rc = Real()->xOpen(Real(), name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (file->real->pMethods != nullptr) file->real->pMethods->xClose(file->real);
    return rc;
  }
  file->path = new std::string(name != nullptr ? name : "");
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  const Verdict verdict = Count(s, std::string("xDelete ") + Name(name));
  if (verdict != Verdict::kRun) return SQLITE_IOERR_DELETE;
  s.unsynced.erase(name);
  return Real()->xDelete(Real(), name, sync_dir);
}

int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Real()->xAccess(Real(), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return Real()->xFullPathname(Real(), name, size, out);
}
int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  return Real()->xRandomness(Real(), size, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) {
  return Real()->xSleep(Real(), micros);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Real()->xCurrentTime(Real(), out);
}
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return Real()->xGetLastError(Real(), size, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Real()->xCurrentTimeInt64(Real(), out);
}

}  // namespace

FaultVfs& FaultVfs::Get() {
  static FaultVfs instance;
  static sqlite3_vfs vfs{};
  static std::once_flag registered;
  std::call_once(registered, [] {
    sqlite3_vfs* real = Real();
    vfs.iVersion = 2;
    vfs.szOsFile = kHeader + real->szOsFile;
    vfs.mxPathname = real->mxPathname;
    vfs.zName = kName;
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    sqlite3_vfs_register(&vfs, 0);
  });
  return instance;
}

void FaultVfs::Reset() {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  s.count = s.fail_at = s.crash_after = 0;
  s.crashed = false;
  s.log.clear();
  s.unsynced.clear();
}

void FaultVfs::FailAt(int n) {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  s.fail_at = n;
}

void FaultVfs::CrashAfter(int n) {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  s.crash_after = n;
  s.crashed = s.crashed || s.count >= n;
}

int FaultVfs::operations() const {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.count;
}

std::vector<std::string> FaultVfs::log() const {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.log;
}

Status FaultVfs::DropUnsynced() {
  State& s = Shared();
  std::lock_guard<std::mutex> lock(s.mu);
  s.crashed = true;
  for (auto& [path, undos] : s.unsynced) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) continue;  // deleted since: deletions are kept
    bool ok = true;
    for (auto it = undos.rbegin(); it != undos.rend(); ++it) {
      if (!it->bytes.empty()) {
        ok = ok && ::pwrite(fd, it->bytes.data(), it->bytes.size(), it->offset) ==
                       static_cast<ssize_t>(it->bytes.size());
      }
      ok = ok && ::ftruncate(fd, it->size_before) == 0;
    }
    ::close(fd);
    if (!ok) return Status::IOError("cannot restore " + path);
  }
  s.unsynced.clear();
  return Status::Ok();
}

}  // namespace northstar::results::testing
