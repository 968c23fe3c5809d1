// Who may do what through the API (SPEC §8): a viewer reads; an editor also writes
// annotations and action notes and closes actions; an admin also refreshes and
// manages tokens. Roles are ordered: a higher role may do all a lower one may.
#pragma once

#include <optional>
#include <string_view>

namespace northstar::auth {

enum class Role { kNone, kViewer, kEditor, kAdmin };

const char* RoleName(Role role);
// "viewer", "editor" or "admin"; nullopt for anything else ("none" included).
std::optional<Role> ParseRole(std::string_view text);

}  // namespace northstar::auth
