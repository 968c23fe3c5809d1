// Runs every file in tests/data/ingest/malformed/ through the CSV reader and checks
// it against its .expect file (format: README.md there), with 1 and with several
// threads, so splitting never changes what is stored or rejected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/csv_reader.h"
#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;

struct Expectation {
  int64_t read = -1;
  int64_t stored = -1;
  std::vector<std::pair<int64_t, std::string>> rejects;
  std::string error;
};

Expectation LoadExpectation(const std::filesystem::path& path) {
  Expectation e;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "read") words >> e.read;
    if (key == "stored") words >> e.stored;
    if (key == "reject") {
      int64_t at = 0;
      std::string column;
      words >> at >> column;
      e.rejects.emplace_back(at, column == "-" ? "" : column);
    }
    if (key == "error") std::getline(words >> std::ws, e.error);
  }
  return e;
}

TEST(MalformedCorpusTest, EveryFileMatchesItsExpectation) {
  const std::filesystem::path dir =
      std::filesystem::path(NORTHSTAR_SOURCE_DIR) / "tests/data/ingest/malformed";
  catalog::Workspace workspace;
  workspace.root_dir = dir.string();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    const Expectation expected =
        LoadExpectation(std::filesystem::path(entry.path()).replace_extension(".expect"));
    catalog::SourceDef source = testing::Source(
        "corpus", catalog::SourceKind::kCsv, name,
        {testing::Column("id", ColumnType::kInt), testing::Column("amount", ColumnType::kFloat),
         testing::Column("flag", ColumnType::kBool), testing::Column("at", ColumnType::kTimestamp),
         testing::Column("note", ColumnType::kString)});
    for (int threads : {1, 4}) {
      SCOPED_TRACE(name + " threads=" + std::to_string(threads));
      ReadOptions options;
      options.threads = threads;
      // Several threads: split the small file into chunks of a few bytes each.
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto batch = threads == 1 ? ReadSource(source, workspace, options)
                                : ParseCsv(bytes, MakeSourceContext(source, workspace, options), 8);
      if (!expected.error.empty()) {
        ASSERT_FALSE(batch.ok());
        EXPECT_NE(batch.status().message().find(expected.error), std::string::npos)
            << batch.status().message();
        continue;
      }
      ASSERT_TRUE(batch.ok()) << batch.status().ToString();
      EXPECT_EQ(batch->rows_read, static_cast<int64_t>(batch->rows() + batch->rejected.size()));
      EXPECT_EQ(batch->rows_read, expected.read);
      EXPECT_EQ(static_cast<int64_t>(batch->rows()), expected.stored);
      for (const ColumnData& column : batch->columns) EXPECT_EQ(column.size(), batch->rows());
      ASSERT_EQ(batch->rejected.size(), expected.rejects.size());
      for (size_t i = 0; i < expected.rejects.size(); ++i) {
        EXPECT_EQ(batch->rejected[i].line, expected.rejects[i].first) << batch->rejected[i].reason;
        EXPECT_EQ(batch->rejected[i].column, expected.rejects[i].second) << batch->rejected[i].reason;
        EXPECT_EQ(batch->rejected[i].file, name);
        EXPECT_FALSE(batch->rejected[i].reason.empty());
        EXPECT_FALSE(batch->rejected[i].raw.empty());
      }
    }
  }
  EXPECT_GE(files, 12);
}

}  // namespace
}  // namespace northstar::ingest
