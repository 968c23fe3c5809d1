// Which files a source may read (SPEC §7): only regular files, and for a `from:` path
// only inside the workspace or a folder under `allowed_paths:`, after links and ".."
// are resolved. A refused file is never opened, so no message can quote it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "ingest/read_source.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;
using testing::TempDir;

constexpr char kSecret[] = "root:$6$secret-hash:19000:0:99999:7:::";

class SourceFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(outside_.path() + "/data");
    outside_.Write("data/shadow", std::string(kSecret) + "\n");
    std::filesystem::create_directories(workspace_dir_.path() + "/ws");
    workspace_.root_dir = workspace_dir_.path() + "/ws";
  }
  catalog::SourceDef Csv(const std::string& path) {
    catalog::SourceDef source =
        testing::Source("s", catalog::SourceKind::kCsv, path, {Column("id", ColumnType::kString)});
    return source;
  }
  std::string Outside() const { return outside_.path() + "/data/shadow"; }

  TempDir outside_, workspace_dir_;
  catalog::Workspace workspace_;
};

TEST_F(SourceFileTest, PathOutsideTheWorkspaceIsRefusedWithoutQuotingIt) {
  const std::string relative =
      std::filesystem::relative(Outside(), workspace_.root_dir).string();  // ../../..../data/shadow
  for (const std::string& path : {relative, Outside()}) {
    auto batch = ReadSource(Csv(path), workspace_);
    ASSERT_FALSE(batch.ok()) << path;
    const std::string message = batch.status().message();
    EXPECT_NE(message.find("outside the workspace"), std::string::npos) << message;
    EXPECT_NE(message.find("allowed_paths"), std::string::npos) << message;
    EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    EXPECT_EQ(message.find("root:"), std::string::npos) << message;
  }
}

TEST_F(SourceFileTest, SymbolicLinkOutOfTheWorkspaceIsRefused) {
  std::filesystem::create_symlink(Outside(), workspace_.root_dir + "/link.csv");
  auto batch = ReadSource(Csv("link.csv"), workspace_);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("outside the workspace"), std::string::npos);
  EXPECT_EQ(batch.status().message().find("secret"), std::string::npos);
}

TEST_F(SourceFileTest, AllowedPathsOpenAFolderAndOnlyThatFolder) {
  workspace_.allowed_paths = {outside_.path() + "/data"};
  auto batch = ReadSource(Csv(Outside()), workspace_);
  // Read now: the file is no CSV with an `id` column, but it was opened.
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message().find("outside the workspace"), std::string::npos)
      << batch.status().message();

  outside_.Write("data2.csv", "id\nx\n");
  batch = ReadSource(Csv(outside_.path() + "/data2.csv"), workspace_);
  ASSERT_FALSE(batch.ok()) << "a sibling of the allowed folder stays closed";

  outside_.Write("data/ok.csv", "id\nx\n");
  batch = ReadSource(Csv(outside_.path() + "/data/ok.csv"), workspace_);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows(), 1u);
}

TEST_F(SourceFileTest, InsideTheWorkspaceStillReads) {
  std::filesystem::create_directories(workspace_.root_dir + "/data");
  std::ofstream(workspace_.root_dir + "/data/in.csv") << "id\nx\n";
  auto batch = ReadSource(Csv("data/../data/in.csv"), workspace_);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows(), 1u);
}

TEST_F(SourceFileTest, FifoIsRefusedInsteadOfBlocking) {
  const std::string fifo = workspace_.root_dir + "/pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Without the check this call blocks forever in open() (no writer), and CTest's
  // timeout fails the test.
  auto batch = ReadSource(Csv("pipe.csv"), workspace_);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("not a regular file"), std::string::npos)
      << batch.status().message();

  ReadOptions options;
  options.file = fifo;  // `ingest --file` too
  batch = ReadSource(Csv("unused.csv"), workspace_, options);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("FIFO"), std::string::npos);

  auto jsonl =
      testing::Source("s", catalog::SourceKind::kJsonl, "pipe.csv", {Column("id", ColumnType::kString)});
  batch = ReadSource(jsonl, workspace_);
  ASSERT_FALSE(batch.ok());
}

}  // namespace
}  // namespace northstar::ingest
