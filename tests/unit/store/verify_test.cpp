// VerifyStore reads everything and names every damaged file, where a reader stops at
// the first error of the source it reads.
#include "store/verify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "store/file_io.h"
#include "test_util.h"

namespace northstar::store {
namespace {

using namespace testing;  // NOLINT: test helpers

// Flips one byte in the middle of `path`.
void Damage(const std::string& path) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(0, std::ios::end);
  const std::streamoff middle = f.tellg() / 2;
  f.seekg(middle);
  char c = 0;
  f.read(&c, 1);
  f.seekp(middle);
  c = static_cast<char>(c ^ 0x5a);
  f.write(&c, 1);
}

std::string First(const std::string& dir, const std::string& prefix) {
  auto names = ListDir(dir);
  for (const std::string& n : *names) {
    if (n.rfind(prefix, 0) == 0) return dir + "/" + n;
  }
  return "";
}

TEST(VerifyStoreTest, NamesEveryDamagedFileOfEverySource) {
  TempDir dir;
  StoreOptions options;
  options.max_segment_rows = 10;  // several segments per source
  auto store = Store::Open(dir.path(), options);
  ASSERT_TRUE(store.ok());
  for (const char* id : {"a", "b", "c"}) {
    auto src = MakeSource(id, {{"id", ColumnType::kInt}, {"at", ColumnType::kTimestamp}}, "id", "at");
    std::vector<std::vector<Cell>> rows;
    for (int64_t i = 0; i < 35; ++i) rows.push_back({i, i * 1000});
    ASSERT_TRUE((*store)->Commit(src, MakeBatch(src, rows), 1).ok());
  }
  auto clean = VerifyStore(dir.path());
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ(clean->sources, 3);
  EXPECT_EQ(clean->files, 3 * (2 + 4));
  EXPECT_TRUE(clean->damaged.empty());

  auto segs = ListDir(dir.path() + "/a");
  std::vector<std::string> a_segments;
  for (const std::string& n : *segs) {
    if (n.rfind("SEG-", 0) == 0) a_segments.push_back(dir.path() + "/a/" + n);
  }
  ASSERT_EQ(a_segments.size(), 4u);
  Damage(a_segments[1]);
  Damage(a_segments[3]);
  ASSERT_TRUE(RemoveFile(dir.path() + "/b/CURRENT").ok());
  auto found = VerifyStore(dir.path());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->damaged.size(), 3u);
  EXPECT_EQ(found->damaged[0].source, "a");
  EXPECT_EQ(found->damaged[1].source, "a");
  std::set<std::string> paths = {found->damaged[0].path, found->damaged[1].path};
  EXPECT_EQ(paths, (std::set<std::string>{a_segments[1], a_segments[3]}));
  EXPECT_EQ(found->damaged[2].source, "b");
  EXPECT_NE(found->damaged[2].problem.find("CURRENT is missing"), std::string::npos)
      << found->damaged[2].problem;
  EXPECT_TRUE(FileExists(First(dir.path() + "/b", "SEG-"))) << "verify changes nothing";
}

// Every block of a segment copied over another of the same size is sound; only the
// file checksum the manifest records tells that it is not the file it names.
TEST(VerifyStoreTest, SegmentSwappedForAnotherIsNamed) {
  TempDir dir;
  StoreOptions options;
  options.max_segment_rows = 10;
  auto store = Store::Open(dir.path(), options);
  ASSERT_TRUE(store.ok());
  auto src = MakeSource("a", {{"id", ColumnType::kInt}, {"at", ColumnType::kTimestamp}}, "", "at");
  std::vector<std::vector<Cell>> rows;
  for (int64_t i = 0; i < 20; ++i) rows.push_back({i, i * 1000});  // two segments alike but for their start
  ASSERT_TRUE((*store)->Commit(src, MakeBatch(src, rows), 1).ok());
  auto names = ListDir(dir.path() + "/a");
  std::vector<std::string> segments;
  for (const std::string& n : *names) {
    if (n.rfind("SEG-", 0) == 0) segments.push_back(dir.path() + "/a/" + n);
  }
  std::sort(segments.begin(), segments.end());
  ASSERT_EQ(segments.size(), 2u);
  auto first = ReadWholeFile(segments[0]);
  auto second = ReadWholeFile(segments[1]);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->size(), second->size()) << "the test needs two segments of one size";
  ASSERT_NE(*first, *second);
  std::filesystem::copy_file(segments[0], segments[1], std::filesystem::copy_options::overwrite_existing);
  auto snap = (*store)->Snapshot("a");
  ASSERT_TRUE(snap.ok()) << "readers check blocks only; the swap reads as sound data";
  auto found = VerifyStore(dir.path());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->damaged.size(), 1u);
  EXPECT_EQ(found->damaged[0].path, segments[1]);
  EXPECT_NE(found->damaged[0].problem.find("not the file the manifest names"), std::string::npos);
}

}  // namespace
}  // namespace northstar::store
