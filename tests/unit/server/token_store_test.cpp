// auth::TokenStore: a token database made before share links (and owners) gains their
// columns when opened, its tokens still verify, and share links are stored with scope
// and expiry, tokens with their owner.
#include "auth/token_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "testing/temp_dir.h"

namespace northstar::auth {
namespace {

TEST(TokenStoreTest, OpensAStoreMadeBeforeShareLinks) {
  northstar::testing::TempDir dir;
  const std::string path = dir.path() + "/auth.db";
  std::string old_token;
  {
    auto store = TokenStore::Open(path);
    ASSERT_TRUE(store.ok());
    auto created = (*store)->Create(Role::kEditor, "old", "2026-01-01T00:00:00Z");
    ASSERT_TRUE(created.ok());
    old_token = created->token;
  }
  // Take the store back to the schema before share links: no scope, no expiry.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE t2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, "
                         "hash BLOB, created_at TEXT NOT NULL, revoked_at TEXT NOT NULL DEFAULT '');"
                         "INSERT INTO t2 SELECT id, name, role, hash, created_at, revoked_at FROM tokens;"
                         "DROP TABLE tokens; ALTER TABLE t2 RENAME TO tokens;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = TokenStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto verified = (*store)->Verify(old_token, "2026-06-01T00:00:00Z");
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  ASSERT_TRUE(verified->has_value());
  EXPECT_EQ((*verified)->role, Role::kEditor);
  EXPECT_EQ((*verified)->scope, "");
  EXPECT_EQ((*verified)->expires_at, "");
  EXPECT_EQ((*verified)->owner, "");
  auto owned = (*store)->Create(Role::kViewer, "alice's laptop", "2026-06-01T00:00:00Z", "head-of-support");
  ASSERT_TRUE(owned.ok()) << owned.status().ToString();
  auto alice = (*store)->Verify(owned->token, "2026-06-01T00:00:01Z");
  ASSERT_TRUE(alice.ok() && alice->has_value());
  EXPECT_EQ((*alice)->owner, "head-of-support");

  auto share = (*store)->CreateShare("kpi:nps", "board", "2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z");
  ASSERT_TRUE(share.ok()) << share.status().ToString();
  auto list = (*store)->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[1].owner, "head-of-support");
  EXPECT_EQ((*list)[2].scope, "kpi:nps");
  EXPECT_EQ((*list)[2].role, Role::kViewer);
  EXPECT_EQ((*list)[2].expires_at, "2026-06-08T00:00:00Z");
  auto before = (*store)->Verify(share->token, "2026-06-07T23:59:59Z");
  ASSERT_TRUE(before.ok() && before->has_value());
  auto after = (*store)->Verify(share->token, "2026-06-08T00:00:00Z");
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->has_value());  // expired at its expiry time
  // Stored as role `share`, which binaries from before share links refuse.
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT role FROM tokens WHERE scope = 'kpi:nps'", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "share");
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_FALSE((*store)->CreateShare("kpi:", "", "2026-06-01T00:00:00Z", "").ok());
  EXPECT_FALSE((*store)->CreateShare("review:", "", "2026-06-01T00:00:00Z", "").ok());
}

}  // namespace
}  // namespace northstar::auth
