// The dashboard's files (web/, bundled by esbuild at build time and embedded in the
// binary by cmake/embed_assets.cmake): index.html, app.js, app.css.
#pragma once

#include <span>
#include <string_view>

namespace northstar::server {

struct Asset {
  std::string_view name;  // "app.js"
  std::string_view content_type;
  std::string_view bytes;
};

// Every embedded file (defined in the generated web_assets.cpp).
std::span<const Asset> EmbeddedAssets();

// The file named `name`, or nullptr.
const Asset* FindAsset(std::string_view name);

}  // namespace northstar::server
