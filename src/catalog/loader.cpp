#include "catalog/loader.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/file_parsers.h"
#include "catalog/yaml_reader.h"
#include "common/utf8.h"

namespace northstar::catalog {

namespace {

namespace fs = std::filesystem;

constexpr const char* kWorkspaceFile = "northstar.yaml";

bool IsCatalogFile(const std::string& path) {
  if (path.rfind("catalog/", 0) != 0) return false;
  const std::string name = path.substr(8);
  if (name.empty() || name.find('/') != std::string::npos) return false;
  auto ends_with = [&](const char* suffix) {
    const std::string s(suffix);
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".yaml") || ends_with(".yml");
}

// Reports every line of `text` that is not valid UTF-8 (`invalid-utf8`) and returns
// the text with each bad byte replaced by U+FFFD: catalog text ends up in JSON output,
// alerts and reviews, which must never meet invalid UTF-8.
std::string CheckUtf8(const std::string& file, const std::string& text, Diagnostics& diags) {
  if (IsValidUtf8(text)) return text;
  std::string out;
  int32_t line = 1;
  for (size_t start = 0; start <= text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view content(text.data() + start, end - start);
    if (IsValidUtf8(content)) {
      out += content;
    } else {
      diags.Error("invalid-utf8", SourceLocation{file, line, 1}, "this line is not valid UTF-8",
                  "save the file as UTF-8; bad bytes are read as U+FFFD until then");
      out += SanitizeUtf8(content, content.size() * 3);
    }
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

// Parses one file's text; a syntax error becomes a `yaml-syntax` diagnostic and an
// undefined node. yaml-cpp signals every failure by exception: they stop here.
YAML::Node ParseYaml(const std::string& file, const std::string& text, Diagnostics& diags) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation where{file, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                         e.mark.column >= 0 ? e.mark.column + 1 : 0};
    diags.Error("yaml-syntax", where, "YAML syntax error: " + e.msg,
                "check indentation, a missing ':' after a key, unbalanced brackets or quotes; "
                "quote values that contain ': ' or start with '{', '[', '*', '&' or '#'");
  } catch (const std::exception& e) {
    diags.Error("yaml-syntax", SourceLocation{file, 0, 0}, std::string("cannot parse YAML: ") + e.what());
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// Runs a parser, turning any yaml-cpp exception that escapes the typed reads (they
// check node kinds first, so this is a last line of defence) into a diagnostic.
template <typename Parse>
void Guarded(const std::string& file, Diagnostics& diags, Parse parse) {
  try {
    parse();
  } catch (const YAML::Exception& e) {
    diags.Error("invalid-value", SourceLocation{file, e.mark.line + 1, e.mark.column + 1},
                "cannot read this value: " + e.msg);
  }
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read " + path.string());
  return text.str();
}

}  // namespace

Result<Catalog> LoadWorkspaceFromMemory(const std::map<std::string, std::string>& files, Diagnostics& diags,
                                        const std::string& root_dir) {
  auto workspace_text = files.find(kWorkspaceFile);
  if (workspace_text == files.end()) {
    return Status::NotFound("no northstar.yaml in the workspace" +
                            (root_dir.empty() ? std::string() : " " + root_dir) +
                            " (run `northstar init DIR` to create one)");
  }
  Catalog catalog;
  catalog.workspace.root_dir = root_dir;
  {
    const std::string text = CheckUtf8(kWorkspaceFile, workspace_text->second, diags);
    YamlReader reader(kWorkspaceFile, text, diags);
    YAML::Node root = ParseYaml(kWorkspaceFile, text, diags);
    if (root.IsDefined()) {
      Guarded(kWorkspaceFile, diags, [&] { ParseWorkspaceFile(reader, root, catalog.workspace); });
    }
  }
  for (const auto& [path, raw_text] : files) {  // std::map: sorted by name
    if (!IsCatalogFile(path)) continue;
    catalog.files.push_back(path);
    const std::string text = CheckUtf8(path, raw_text, diags);
    YamlReader reader(path, text, diags);
    YAML::Node root = ParseYaml(path, text, diags);
    if (root.IsDefined()) {
      Guarded(path, diags, [&] { ParseCatalogFile(reader, root, catalog); });
    }
  }
  return catalog;
}

Result<Catalog> LoadWorkspace(const std::string& dir, Diagnostics& diags) {
  std::error_code ec;
  const fs::path root = fs::absolute(fs::path(dir.empty() ? "." : dir), ec).lexically_normal();
  if (ec) return Status::IOError("cannot resolve workspace directory " + dir + ": " + ec.message());
  std::map<std::string, std::string> files;
  const fs::path workspace_file = root / kWorkspaceFile;
  if (!fs::exists(workspace_file, ec)) {
    return Status::NotFound("no northstar.yaml in " + root.string() +
                            " (run `northstar init DIR` to create one)");
  }
  ASSIGN_OR_RETURN(files[kWorkspaceFile], ReadFile(workspace_file));
  const fs::path catalog_dir = root / "catalog";
  if (fs::is_directory(catalog_dir, ec)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(catalog_dir, ec)) {
      if (!entry.is_regular_file(ec)) continue;
      const std::string relative = "catalog/" + entry.path().filename().string();
      if (!IsCatalogFile(relative)) continue;
      ASSIGN_OR_RETURN(files[relative], ReadFile(entry.path()));
    }
    if (ec) return Status::IOError("cannot list " + catalog_dir.string() + ": " + ec.message());
  }
  std::string root_dir = root.string();
  if (root_dir.size() > 1 && root_dir.back() == '/') root_dir.pop_back();
  return LoadWorkspaceFromMemory(files, diags, root_dir);
}

}  // namespace northstar::catalog
