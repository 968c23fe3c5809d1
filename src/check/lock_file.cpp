#include "check/lock_file.h"
#include "common/json_text.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace northstar::check {

namespace {

namespace fs = std::filesystem;

}  // namespace

Result<LockFile> ParseLockFile(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Status::Corruption("northstar.lock is not a JSON object");
  LockFile lock;
  auto measures = doc.find("measures");
  if (measures == doc.end()) return lock;
  if (!measures->is_object()) return Status::Corruption("northstar.lock: `measures` must be an object");
  for (auto it = measures->begin(); it != measures->end(); ++it) {
    const nlohmann::json& entry = it.value();
    if (!entry.is_object())
      return Status::Corruption("northstar.lock: entry '" + it.key() + "' must be an object");
    LockEntry e;
    auto version = entry.find("version");
    auto hash = entry.find("hash");
    auto reason = entry.find("change_reason");
    if (version == entry.end() || !version->is_number_integer() || hash == entry.end() ||
        !hash->is_string()) {
      return Status::Corruption("northstar.lock: entry '" + it.key() +
                                "' needs an integer `version` and a `hash`");
    }
    e.version = version->get<int64_t>();
    e.hash = hash->get<std::string>();
    if (reason != entry.end() && reason->is_string()) e.change_reason = reason->get<std::string>();
    lock.measures.emplace(it.key(), std::move(e));
  }
  return lock;
}

std::string SerializeLockFile(const LockFile& lock) {
  nlohmann::ordered_json doc;
  doc["format"] = 1;
  nlohmann::ordered_json measures = nlohmann::ordered_json::object();
  for (const auto& [id, e] : lock.measures) {  // std::map: sorted, so diffs stay small
    nlohmann::ordered_json entry;
    entry["version"] = e.version;
    entry["hash"] = e.hash;
    entry["change_reason"] = e.change_reason;
    measures[id] = std::move(entry);
  }
  doc["measures"] = std::move(measures);
  return JsonText(doc, 2) + "\n";
}

Result<std::optional<LockFile>> ReadLockFile(const std::string& root_dir) {
  const fs::path path = fs::path(root_dir) / kLockFileName;
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<LockFile>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  ASSIGN_OR_RETURN(LockFile lock, ParseLockFile(text.str()));
  return std::optional<LockFile>(std::move(lock));
}

Status WriteLockFile(const std::string& root_dir, const LockFile& lock) {
  const fs::path path = fs::path(root_dir) / kLockFileName;
  const fs::path temp = fs::path(root_dir) / (std::string(kLockFileName) + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write " + temp.string());
    out << SerializeLockFile(lock);
    out.flush();
    if (!out) return Status::IOError("cannot write " + temp.string());
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return Status::IOError("cannot replace " + path.string() + ": " + ec.message());
  return Status::Ok();
}

LockFile AcceptDefinitions(const LockFile& old, const catalog::Catalog& catalog,
                           const formula::CompiledCatalog& compiled, std::vector<std::string>* changes) {
  LockFile out;
  for (const catalog::MeasureDef& def : catalog.measures) {
    if (def.id.empty() || out.measures.count(def.id)) continue;
    LockEntry entry;
    entry.hash = formula::DefinitionHash(def, compiled.Find(def.id));
    entry.change_reason = def.change_reason;
    auto previous = old.measures.find(def.id);
    if (previous == old.measures.end()) {
      entry.version = 1;
      if (changes) changes->push_back(def.id + ": version 1");
    } else if (previous->second.hash != entry.hash) {
      entry.version = previous->second.version + 1;
      if (changes) {
        changes->push_back(def.id + ": version " + std::to_string(entry.version) + " (" + def.change_reason +
                           ")");
      }
    } else {
      entry = previous->second;  // unchanged: keep the reason it was accepted with
    }
    out.measures.emplace(def.id, std::move(entry));
  }
  return out;
}

}  // namespace northstar::check
