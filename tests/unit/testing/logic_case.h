// The declarative cases (tests/logic/cases/*.test, docs/testing.md): a workspace
// (northstar.yaml, catalog files, CSV data) and a script of steps, each with the exact
// output it must give. A line `--- NAME ARGS...` starts a block:
//
//   --- PATH                      a workspace file (a name with '.' or '/'), before any step
//   --- compute [--kpi ID]... [--grain G] [--segment DIM] [--quiet]
//                                 compute (and record) the values; the block is the CSV
//                                 `northstar compute --format csv` prints (empty with
//                                 --quiet, for a case about what follows)
//   --- refresh                   how the last compute got its values (DescribeRefresh)
//   --- ingest                    ingest every source; one line per source:
//                                 "SOURCE: read N = stored S + rejected R"
//   --- append PATH               append the block's lines to a workspace file
//   --- status [--grain G]        the judgement of every period and segment, as the CSV
//                                 `northstar status --format csv --all-periods` prints
//   --- quotes KPI PERIOD [--grain G] [--segment SEG]
//                                 the example comments `northstar explain` shows beside
//                                 a qualitative value (after a compute)
//   --- differential --seed N --zone Z
//                                 in a workspace of its own (the generated sources of
//                                 tests/unit/engine/differential_harness.h in zone Z and
//                                 this case's catalog/*.yaml): rows generated with seed N,
//                                 those before 2026-04-16 ingested and computed, the last
//                                 five days appended, ingested and computed again; after each compute every
//                                 value of every metric is checked against reference/ID.sql run by SQLite
//                                 over the same rows. The block: one line per compute and per metric, or the
//                                 values that differ
//
// Lines starting with '#' before the first block are comments. An unknown step or flag
// is an error, so a typo never passes silently. Read by the service's runner, the
// engine's and the SQL compiler's tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace northstar::testing {

struct LogicStep {
  std::string command;  // compute, refresh, ingest, append, status, quotes, differential
  std::string header;   // the `---` line as written
  int line = 0;         // of the `---` line, for messages
  std::vector<std::string> kpis;
  std::string grain, segment;
  bool quiet = false;      // compute: print nothing
  std::string path;        // append
  std::string period;      // quotes
  std::string body;        // expected output, or the lines to append
  std::string seed, zone;  // differential
};

struct LogicCase {
  std::string preamble;                      // the comment lines before the first block
  std::vector<std::string> file_order;       // file blocks as written
  std::map<std::string, std::string> files;  // path in the workspace -> text
  std::vector<LogicStep> steps;
  std::string error;  // not empty: the file is malformed (the message names the line)
};

namespace logic_case_detail {

inline bool IsPath(const std::string& name) {
  return name.find('.') != std::string::npos || name.find('/') != std::string::npos;
}

// Parses a step's header words into `step`; an error message, or "" when they are valid.
inline std::string ParseStep(std::istringstream& words, LogicStep& step) {
  static const std::map<std::string, std::vector<std::string>> kFlags = {
      {"compute", {"--kpi", "--grain", "--segment", "--quiet"}},
      {"refresh", {}},
      {"ingest", {}},
      {"append", {}},
      {"status", {"--grain"}},
      {"quotes", {"--grain", "--segment"}},
      {"differential", {"--seed", "--zone"}}};
  auto known = kFlags.find(step.command);
  if (known == kFlags.end()) {
    return "unknown step '" + step.command +
           "' (steps: compute, refresh, ingest, append, status, quotes, differential)";
  }
  if (step.command == "append" && !(words >> step.path)) return "append needs a PATH";
  if (step.command == "quotes") {
    std::string kpi;
    if (!(words >> kpi >> step.period)) return "quotes needs a KPI and a PERIOD";
    step.kpis.push_back(kpi);
  }
  std::string flag, value;
  while (words >> flag) {
    if (std::find(known->second.begin(), known->second.end(), flag) == known->second.end())
      return "unknown flag '" + flag + "' for " + step.command;
    if (flag == "--quiet") {
      step.quiet = true;
      continue;
    }
    if (!(words >> value)) return flag + " needs a value";
    if (flag == "--kpi") step.kpis.push_back(value);
    if (flag == "--grain") step.grain = value;
    if (flag == "--segment") step.segment = value;
    if (flag == "--seed") step.seed = value;
    if (flag == "--zone") step.zone = value;
  }
  if (step.command == "differential" && (step.seed.empty() || step.zone.empty()))
    return "differential needs --seed N and --zone ZONE";
  return "";
}

}  // namespace logic_case_detail

inline LogicCase ParseLogicCase(const std::filesystem::path& path) {
  std::ifstream in(path);
  LogicCase c;
  std::string line;
  std::string* body = nullptr;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("--- ", 0) == 0) {
      std::istringstream words(line.substr(4));
      std::string name;
      words >> name;
      if (logic_case_detail::IsPath(name)) {
        if (!c.steps.empty() && c.error.empty())
          c.error =
              "line " + std::to_string(number) + ": file '" + name + "' after the first step (use append)";
        if (c.files.count(name) && c.error.empty())
          c.error = "line " + std::to_string(number) + ": file '" + name + "' given twice";
        if (!c.files.count(name)) c.file_order.push_back(name);
        body = &c.files[name];
        continue;
      }
      c.steps.push_back(LogicStep{name, line, number, {}, {}, {}, false, {}, {}, {}, {}, {}});
      const std::string error = logic_case_detail::ParseStep(words, c.steps.back());
      if (!error.empty() && c.error.empty()) c.error = "line " + std::to_string(number) + ": " + error;
      body = &c.steps.back().body;
      continue;
    }
    if (body == nullptr) {
      if (!line.empty() && line[0] != '#' && c.error.empty())
        c.error = "line " + std::to_string(number) + ": text before the first `--- ` block";
      c.preamble += line + "\n";
      continue;
    }
    *body += line + "\n";
  }
  if (c.steps.empty() && c.error.empty()) c.error = "no steps: add a `--- compute` or `--- status` block";
  // Blank lines between blocks are for the reader.
  for (LogicStep& s : c.steps) {
    while (s.body.size() >= 2 && s.body.compare(s.body.size() - 2, 2, "\n\n") == 0) s.body.pop_back();
    if (s.body == "\n") s.body.clear();
  }
  return c;
}

// The case as text again, with each step's block replaced by `outputs[i]` (the
// runner's rewrite mode: NORTHSTAR_LOGIC_REWRITE=1). Appended lines stay as written.
inline std::string FormatLogicCase(const LogicCase& c, const std::vector<std::string>& outputs) {
  std::string out = c.preamble;
  for (const std::string& name : c.file_order) out += "--- " + name + "\n" + c.files.at(name);
  for (size_t i = 0; i < c.steps.size(); ++i) {
    const LogicStep& s = c.steps[i];
    out += s.header + "\n" + (s.command == "append" || i >= outputs.size() ? s.body : outputs[i]);
    if (i + 1 < c.steps.size()) out += "\n";  // a blank line between steps
  }
  return out;
}

// The compute steps that run on the files as written, before any `append`: what an
// executor reading the files once must reproduce.
inline std::vector<LogicStep> ComputeStepsOnInitialFiles(const LogicCase& c) {
  std::vector<LogicStep> out;
  for (const LogicStep& s : c.steps) {
    if (s.command == "append") break;
    if (s.command == "compute") out.push_back(s);
  }
  return out;
}

// Every tests/logic/cases/*.test under `source_dir`, sorted.
inline std::vector<std::filesystem::path> LogicCaseFiles(const std::filesystem::path& source_dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(source_dir / "tests/logic/cases")) {
    if (e.path().extension() == ".test") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace northstar::testing
