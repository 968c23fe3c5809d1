#include "server/assets.h"

namespace northstar::server {

const Asset* FindAsset(std::string_view name) {
  for (const Asset& asset : EmbeddedAssets()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

}  // namespace northstar::server
