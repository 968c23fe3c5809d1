#include "ingest/source_context.h"

#include <sys/stat.h>

#include <filesystem>

namespace northstar::ingest {
namespace {

namespace fs = std::filesystem;

// `path` with links and ".." resolved as far as it exists (the rest taken lexically).
fs::path Resolved(const fs::path& path) {
  std::error_code error;
  fs::path resolved = fs::weakly_canonical(path, error);
  return error ? path.lexically_normal() : resolved;
}

// True when `path` is `folder` or lies below it (both resolved).
bool IsInside(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (f->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *f) return false;
  }
  return true;
}

}  // namespace

Status SourceContext::Error(StatusCode code, const std::string& what) const {
  std::string message = (source != nullptr ? source->id : std::string("source")) + ": " + what;
  if (!fix_hint.empty()) message += " \u2014 " + fix_hint;
  return Status(code, std::move(message));
}

Status CheckSourceFile(const SourceContext& context) {
  if (context.source == nullptr || context.source->kind == catalog::SourceKind::kPostgres)
    return Status::Ok();
  struct stat info {};
  if (::stat(context.path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    return context.Error(StatusCode::kInvalidArgument,
                         context.display_path + " is not a regular file (" +
                             (S_ISDIR(info.st_mode)    ? "a directory"
                              : S_ISFIFO(info.st_mode) ? "a FIFO, which would block the read forever"
                                                       : "a device or socket") +
                             "); a source reads files only");
  }
  if (context.options.file.has_value() || context.workspace == nullptr || context.workspace->root_dir.empty())
    return Status::Ok();
  const fs::path root = Resolved(context.workspace->root_dir);
  const fs::path target = Resolved(context.path);
  if (IsInside(target, root)) return Status::Ok();
  for (const std::string& allowed : context.workspace->allowed_paths) {
    fs::path folder(allowed);
    if (folder.is_relative()) folder = root / folder;
    if (IsInside(target, Resolved(folder))) return Status::Ok();
  }
  return context.Error(StatusCode::kInvalidArgument,
                       context.display_path +
                           " lies outside the workspace; a source reads only files inside it or in a folder "
                           "listed under `allowed_paths:` in northstar.yaml (add the folder there if the "
                           "file is meant to be read)");
}

SourceContext MakeSourceContext(const catalog::SourceDef& source, const catalog::Workspace& workspace,
                                const ReadOptions& options) {
  SourceContext context;
  context.source = &source;
  context.workspace = &workspace;
  context.options = options;
  if (options.file.has_value()) {
    context.path = *options.file;
    context.display_path = *options.file;
    context.fix_hint = "check the --file path";
    return context;
  }
  context.display_path = source.path;
  if (source.kind == catalog::SourceKind::kPostgres) {
    context.path = source.path;
  } else {
    std::filesystem::path path(source.path);
    if (path.is_relative() && !workspace.root_dir.empty())
      path = std::filesystem::path(workspace.root_dir) / path;
    context.path = path.string();
  }
  std::string where = source.where.ToString();
  if (where.empty()) where = "northstar.yaml";
  context.fix_hint = "check `from:` of source '" + source.id + "' in " + where;
  return context;
}

}  // namespace northstar::ingest
