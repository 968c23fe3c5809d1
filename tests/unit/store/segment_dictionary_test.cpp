// The store takes string columns from the batch already dictionary-encoded. Each
// segment must still carry only the values its own rows use, whatever the batch's
// dictionary holds (values of rejected rows, values of other segments).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "store/segment.h"
#include "test_util.h"

namespace northstar::store {
namespace {

using testing::Cell;
using testing::MakeBatch;
using testing::MakeSource;
using testing::Null;
using testing::TempDir;

TEST(SegmentDictionaryTest, EachSegmentHoldsOnlyTheValuesOfItsRows) {
  TempDir dir;
  StoreOptions options;
  options.max_segment_rows = 2;
  options.sync = false;
  auto store = Store::Open(dir.path(), options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto source = MakeSource("labels", {{"id", ColumnType::kInt}, {"label", ColumnType::kString}}, "id", "");
  std::vector<std::vector<Cell>> rows = {{int64_t{1}, std::string("a")},
                                         {int64_t{2}, std::string("b")},
                                         {int64_t{3}, std::string("c")},
                                         {int64_t{4}, Null()},
                                         {int64_t{5}, std::string("a")}};
  ingest::Batch batch = MakeBatch(source, rows);
  // A value a rejected row left in the dictionary, used by no row.
  batch.columns[1].CodeOf("unused");
  auto outcome = (*store)->Commit(source, batch, 1000);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->inserted, 5);

  std::vector<std::vector<std::string>> dictionaries;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/labels")) {
    if (entry.path().filename().string().rfind("SEG-", 0) == 0) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 3u);
  for (const std::string& file : files) {
    auto segment = SegmentReader::Open(file);
    ASSERT_TRUE(segment.ok()) << segment.status().ToString();
    auto label = (*segment)->ReadColumn(static_cast<size_t>((*segment)->FindColumn("label")));
    ASSERT_TRUE(label.ok()) << label.status().ToString();
    dictionaries.push_back(label->dictionary);
  }
  EXPECT_EQ(dictionaries, (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}, {"a"}}));

  auto snapshot = (*store)->Snapshot("labels");
  ASSERT_TRUE(snapshot.ok());
  auto got = testing::ReadAll(**snapshot);
  for (size_t r = 0; r < rows.size(); ++r) EXPECT_EQ(got[r][1], rows[r][1]) << r;
}

TEST(SegmentDictionaryTest, CommitRejectsCodesOutsideTheDictionary) {
  TempDir dir;
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok());
  auto source = MakeSource("labels", {{"id", ColumnType::kInt}, {"label", ColumnType::kString}}, "id", "");
  ingest::Batch batch = MakeBatch(source, {{int64_t{1}, std::string("a")}});
  batch.columns[1].codes[0] = 7;
  auto outcome = (*store)->Commit(source, batch, 1000);
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace northstar::store
