#include "ingest/source_context.h"

#include <filesystem>

namespace northstar::ingest {

Status SourceContext::Error(StatusCode code, const std::string& what) const {
  std::string message = (source != nullptr ? source->id : std::string("source")) + ": " + what;
  if (!fix_hint.empty()) message += " \u2014 " + fix_hint;
  return Status(code, std::move(message));
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
