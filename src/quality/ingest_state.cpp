#include "quality/ingest_state.h"
#include "common/json_text.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "quality/report_format.h"

namespace northstar::quality {

namespace fs = std::filesystem;

std::string IngestStatePath(const std::string& store_dir, const std::string& source) {
  fs::path dir = fs::path(store_dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "a/store/" -> "a/store"
  return (dir.parent_path() / "quality" / (source + ".json")).string();
}

Result<IngestState> LoadIngestState(const std::string& store_dir, const std::string& source) {
  const std::string path = IngestStatePath(store_dir, source);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("no previous ingest recorded for " + source);
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return Status::Corruption(path + " is not a JSON object; delete it to start afresh");
  IngestState state;
  try {
    if (json.contains("columns") && json["columns"].is_array()) {
      state.columns = json["columns"].get<std::vector<std::string>>();
    }
    state.ingested_at = json.value("ingested_at", "");
    state.input = json.value("input", "");
    state.rows_read = json.value("rows_read", int64_t{0});
    state.rows_rejected = json.value("rows_rejected", int64_t{0});
    state.reject_file = json.value("reject_file", "");
    for (const auto& f : json.value("batch_findings", nlohmann::json::array())) {
      ASSIGN_OR_RETURN(Finding finding, FindingFromJson(f));
      state.batch_findings.push_back(std::move(finding));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(path + ": " + e.what() + "; delete it to start afresh");
  }
  return state;
}

Status SaveIngestState(const std::string& store_dir, const std::string& source, const IngestState& state) {
  const fs::path path = IngestStatePath(store_dir, source);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::IOError("cannot create " + path.parent_path().string() + ": " + ec.message());
  nlohmann::json json = {{"ingested_at", state.ingested_at}, {"input", state.input},
                         {"rows_read", state.rows_read},     {"rows_rejected", state.rows_rejected},
                         {"reject_file", state.reject_file}, {"batch_findings", nlohmann::json::array()}};
  json["columns"] = state.columns ? nlohmann::json(*state.columns) : nlohmann::json(nullptr);
  for (const Finding& f : state.batch_findings) json["batch_findings"].push_back(FindingToJson(f));
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << JsonText(json, 2) << "\n";
    if (!out) return Status::IOError("cannot write " + tmp.string());
  }
  fs::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot replace " + path.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace northstar::quality
