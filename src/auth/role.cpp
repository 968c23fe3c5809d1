#include "auth/role.h"

namespace northstar::auth {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kNone: return "none";
    case Role::kViewer: return "viewer";
    case Role::kEditor: return "editor";
    case Role::kAdmin: return "admin";
  }
  return "none";
}

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "editor") return Role::kEditor;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace northstar::auth
