// The declarative KPI cases (tests/logic/cases/*.test): a workspace (northstar.yaml,
// catalog files, CSV data) and `--- expected [--kpi ID]... [--grain G]` blocks with the
// exact CSV `northstar compute --format csv` prints. Read by the engine's and the SQL
// compiler's tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace northstar::testing {

struct LogicExpectation {
  std::vector<std::string> kpis;
  std::string grain;
  std::string csv;  // header line included
};

struct LogicCase {
  std::map<std::string, std::string> files;  // path in the workspace -> text
  std::vector<LogicExpectation> expected;
};

inline LogicCase ParseLogicCase(const std::filesystem::path& path) {
  std::ifstream in(path);
  LogicCase c;
  std::string line;
  std::string* body = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("--- ", 0) == 0) {
      std::istringstream words(line.substr(4));
      std::string name;
      words >> name;
      if (name == "expected") {
        c.expected.emplace_back();
        LogicExpectation& e = c.expected.back();
        std::string flag, value;
        while (words >> flag >> value) {
          if (flag == "--kpi") e.kpis.push_back(value);
          if (flag == "--grain") e.grain = value;
        }
        body = &e.csv;
      } else {
        body = &c.files[name];
      }
      continue;
    }
    if (body == nullptr || (line.rfind("#", 0) == 0 && c.files.empty())) continue;
    *body += line + "\n";
  }
  return c;
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
