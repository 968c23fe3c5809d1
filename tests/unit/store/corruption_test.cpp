// Damaged files must give Corruption naming the file, never values. Every byte of
// every file kind is flipped in turn, and every file kind is truncated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "store/file_io.h"
#include "store/first_load.h"
#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

// Reads every column of the snapshot and of the edit log.
Status ReadEverything(const std::string& dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(dir));
  ASSIGN_OR_RETURN(std::shared_ptr<const Table> snap, store->Snapshot("t"));
  for (size_t c = 0; c < snap->schema().size(); ++c) RETURN_IF_ERROR(snap->column(c).status());
  ASSIGN_OR_RETURN(std::shared_ptr<const Table> log, store->EditLog("t"));
  for (size_t c = 0; c < log->schema().size(); ++c) RETURN_IF_ERROR(log->column(c).status());
  return Status::Ok();
}

class CorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(dir_.path());
    ASSERT_TRUE(store.ok());
    auto src = MakeSource("t",
                          {{"id", ColumnType::kInt},
                           {"at", ColumnType::kTimestamp},
                           {"channel", ColumnType::kString},
                           {"ok", ColumnType::kBool},
                           {"score", ColumnType::kFloat}},
                          "id", "at");
    std::vector<std::vector<Cell>> rows;
    for (int64_t i = 0; i < 40; ++i) {
      rows.push_back({i, i * kMicrosPerHour, std::string(i % 3 ? "email" : "chat"), i % 2,
                      i % 5 ? Cell(static_cast<double>(i) / 4) : Null()});
    }
    ASSERT_TRUE((*store)->Commit(src, MakeBatch(src, rows), 1).ok());
    ASSERT_TRUE(
        (*store)->Commit(src, MakeBatch(src, {{int64_t{3}, int64_t{0}, Null(), int64_t{1}, 9.5}}), 2).ok());
    ASSERT_TRUE(ReadEverything(dir_.path()).ok());
  }

  std::string FileStartingWith(const std::string& prefix) {
    auto names = ListDir(dir_.path() + "/t");
    EXPECT_TRUE(names.ok());
    for (const std::string& n : *names) {
      if (n.rfind(prefix, 0) == 0 && n.find(".tmp") == std::string::npos) return n;
    }
    ADD_FAILURE() << "no file " << prefix;
    return "";
  }

  void ExpectCorruptionNaming(const std::string& name, const std::string& what) {
    Status s = ReadEverything(dir_.path());
    ASSERT_EQ(s.code(), StatusCode::kCorruption) << what << ": " << s.ToString();
    EXPECT_NE(s.message().find(name), std::string::npos) << what << ": " << s.ToString();
  }

  TempDir dir_;
};

TEST_F(CorruptionTest, EveryFlippedByteOfEveryFileKindIsDetected) {
  for (const char* kind : {"SEG-", "EDIT-", "MANIFEST-", "CURRENT"}) {
    std::string name = FileStartingWith(kind);
    std::string path = dir_.path() + "/t/" + name;
    auto original = ReadWholeFile(path);
    ASSERT_TRUE(original.ok());
    for (size_t pos = 0; pos < original->size(); ++pos) {
      std::string damaged = *original;
      damaged[pos] = static_cast<char>(damaged[pos] ^ (1 << (pos % 8)));
      ASSERT_TRUE(WriteFileDurably(path, damaged, false).ok());
      ExpectCorruptionNaming(name, name + " byte " + std::to_string(pos));
      if (HasFatalFailure()) return;
    }
    ASSERT_TRUE(WriteFileDurably(path, *original, false).ok());
    ASSERT_TRUE(ReadEverything(dir_.path()).ok());
  }
}

TEST_F(CorruptionTest, EveryTruncatedFileKindIsDetected) {
  for (const char* kind : {"SEG-", "EDIT-", "MANIFEST-", "CURRENT"}) {
    std::string name = FileStartingWith(kind);
    std::string path = dir_.path() + "/t/" + name;
    auto original = ReadWholeFile(path);
    ASSERT_TRUE(original.ok());
    for (size_t len : {size_t{0}, size_t{1}, original->size() / 2, original->size() - 1}) {
      ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(len)), 0);
      ExpectCorruptionNaming(name, name + " truncated to " + std::to_string(len));
      ASSERT_TRUE(WriteFileDurably(path, *original, false).ok());
    }
  }
}

TEST_F(CorruptionTest, MissingSegmentIsCorruptionNotAnEmptyTable) {
  std::string name = FileStartingWith("SEG-");
  ASSERT_TRUE(RemoveFile(dir_.path() + "/t/" + name).ok());
  ExpectCorruptionNaming(name, "missing segment");
}

// A lost CURRENT once made the source look never ingested: readers fell back to the
// raw file and the next commit deleted every segment as a leftover.
TEST_F(CorruptionTest, MissingCurrentIsCorruptionAndNoCommitDeletesTheData) {
  const std::string manifest = FileStartingWith("MANIFEST-");
  const std::string segment = FileStartingWith("SEG-");
  ASSERT_TRUE(RemoveFile(dir_.path() + "/t/CURRENT").ok());
  ExpectCorruptionNaming("CURRENT", "missing CURRENT");
  Status s = ReadEverything(dir_.path());
  EXPECT_NE(s.message().find("ingest the source again"), std::string::npos) << s.ToString();

  auto store = Store::Open(dir_.path());
  ASSERT_TRUE(store.ok());
  auto src = MakeSource("t", {{"id", ColumnType::kInt}, {"at", ColumnType::kTimestamp}}, "id", "at");
  auto committed = (*store)->Commit(src, MakeBatch(src, {{int64_t{100}, int64_t{0}}}), 3);
  EXPECT_EQ(committed.status().code(), StatusCode::kCorruption) << committed.status().ToString();
  auto load = (*store)->BeginFirstLoad(src);
  EXPECT_EQ(load.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(FileExists(dir_.path() + "/t/" + manifest)) << "the manifest was deleted";
  EXPECT_TRUE(FileExists(dir_.path() + "/t/" + segment)) << "a segment was deleted";
}

// The leftovers of a first commit killed before its CURRENT existed carry the LOADING
// marker: they are no source yet and are cleaned up, as before.
TEST(FirstCommitMarkerTest, KilledFirstCommitLeftoversAreNotASource) {
  TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok());
  auto src = MakeSource("t", {{"id", ColumnType::kInt}, {"at", ColumnType::kTimestamp}}, "id", "at");
  ASSERT_TRUE((*store)->Commit(src, MakeBatch(src, {{int64_t{1}, int64_t{0}}}), 1).ok());
  EXPECT_FALSE(FileExists(dir.path() + "/t/LOADING")) << "the marker outlived the commit";
  // Simulate the kill: CURRENT gone, marker present.
  ASSERT_TRUE(RemoveFile(dir.path() + "/t/CURRENT").ok());
  std::ofstream(dir.path() + "/t/LOADING").flush();
  EXPECT_EQ((*store)->Snapshot("t").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE((*store)->Commit(src, MakeBatch(src, {{int64_t{2}, int64_t{0}}}), 2).ok());
  auto snap = (*store)->Snapshot("t");
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->rows(), 1u);
  auto names = ListDir(dir.path() + "/t");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 3u) << "CURRENT, one manifest, one segment";
}

}  // namespace
}  // namespace northstar::store
