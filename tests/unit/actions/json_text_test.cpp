// JSON output never throws on invalid UTF-8: it once aborted `actions alert` after the
// alert was recorded, and `explain`/`status --format json` with an uncaught exception.
#include "common/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace northstar {
namespace {

TEST(JsonTextTest, InvalidUtf8BecomesReplacementCharacterInsteadOfThrowing) {
  nlohmann::json doc = {{"name", std::string("bad \xff\xfe name")}, {"ok", "fine"}};
  EXPECT_THROW((void)doc.dump(), nlohmann::json::type_error) << "the reason JsonText exists";
  std::string text;
  ASSERT_NO_THROW(text = JsonText(doc));
  EXPECT_EQ(text, "{\"name\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD name\",\"ok\":\"fine\"}");
  EXPECT_EQ(nlohmann::json::parse(JsonText(doc, 2))["ok"], "fine");
}

}  // namespace
}  // namespace northstar
