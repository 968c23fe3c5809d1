// The layering of src/: every folder is a library `ns_<folder>` whose DEPS in the top
// CMakeLists.txt say which other folders it may use. This test reads those DEPS and
// fails on any `#include "<folder>/..."` of a folder outside them (directly or
// through the folders they use), and on any cycle among the DEPS. src/cli, the
// binary, may use everything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSource = NORTHSTAR_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// folder -> folders its DEPS name (ns_X -> X), from northstar_module(NAME DEPS ...).
std::map<std::string, std::set<std::string>> DeclaredDeps() {
  const std::string cmake = ReadFile(kSource / "CMakeLists.txt");
  std::map<std::string, std::set<std::string>> deps;
  const std::regex module(R"(northstar_module\(\s*(\w+)([^)]*)\))");
  const std::regex dep(R"(\bns_(\w+))");
  for (auto m = std::sregex_iterator(cmake.begin(), cmake.end(), module); m != std::sregex_iterator(); ++m) {
    const std::string name = (*m)[1];
    if (name == "name") continue;  // the function's own definition
    const std::string args = (*m)[2];
    auto& out = deps[name];
    for (auto d = std::sregex_iterator(args.begin(), args.end(), dep); d != std::sregex_iterator(); ++d)
      out.insert((*d)[1]);
  }
  return deps;
}

// Every folder `name` may use: its DEPS and theirs. Sets `cycle` when it reaches itself.
std::set<std::string> Reachable(const std::map<std::string, std::set<std::string>>& deps,
                                const std::string& name, bool& cycle) {
  std::set<std::string> seen;
  std::vector<std::string> todo(deps.at(name).begin(), deps.at(name).end());
  while (!todo.empty()) {
    const std::string next = todo.back();
    todo.pop_back();
    if (next == name) cycle = true;
    if (!seen.insert(next).second) continue;
    auto it = deps.find(next);
    if (it != deps.end()) todo.insert(todo.end(), it->second.begin(), it->second.end());
  }
  return seen;
}

TEST(LayeringTest, CMakeDeclaresEveryFolderOnce) {
  const auto deps = DeclaredDeps();
  for (const auto& entry : fs::directory_iterator(kSource / "src")) {
    if (!entry.is_directory()) continue;
    const std::string folder = entry.path().filename();
    if (folder == "cli") continue;
    EXPECT_TRUE(deps.count(folder)) << "src/" << folder << " is not a northstar_module in CMakeLists.txt";
  }
}

TEST(LayeringTest, DepsHaveNoCycle) {
  const auto deps = DeclaredDeps();
  for (const auto& [name, direct] : deps) {
    bool cycle = false;
    Reachable(deps, name, cycle);
    EXPECT_FALSE(cycle) << "ns_" << name << " depends on itself through its DEPS";
  }
}

TEST(LayeringTest, IncludesStayWithinDeps) {
  const auto deps = DeclaredDeps();
  ASSERT_GE(deps.size(), 10u) << "could not read the modules from CMakeLists.txt";
  const std::regex include(R"(#include\s+"(\w+)/[^"]+")");
  std::vector<std::string> violations;
  for (const auto& [name, direct] : deps) {
    bool cycle = false;
    std::set<std::string> allowed = Reachable(deps, name, cycle);
    allowed.insert(name);
    const fs::path folder = kSource / "src" / name;
    if (!fs::exists(folder)) continue;
    for (const auto& file : fs::recursive_directory_iterator(folder)) {
      const std::string ext = file.path().extension();
      if (ext != ".h" && ext != ".cpp") continue;
      const std::string text = ReadFile(file.path());
      for (auto m = std::sregex_iterator(text.begin(), text.end(), include); m != std::sregex_iterator();
           ++m) {
        const std::string used = (*m)[1];
        if (!deps.count(used) && used != "cli") continue;  // not a folder of src/
        if (!allowed.count(used)) {
          violations.push_back(fs::relative(file.path(), kSource).string() + " includes " + (*m)[0].str() +
                               ", but ns_" + name + " may not use " + used);
        }
      }
    }
  }
  std::string report;
  for (const std::string& v : violations) report += "\n  " + v;
  EXPECT_TRUE(violations.empty()) << "includes that break the layering (fix the include, or add the "
                                     "dependency to the module's DEPS if it belongs there):"
                                  << report;
}

// Each folder's README says in one `May use:` line which folders it may use: the
// folders in backticks are exactly its direct DEPS, so the prose cannot drift from the
// build.
TEST(LayeringTest, EachFolderReadmeNamesItsDeps) {
  const auto deps = DeclaredDeps();
  const std::regex quoted(R"(`(\w+)`)");
  for (const auto& [name, direct] : deps) {
    const fs::path folder = kSource / "src" / name;
    if (!fs::exists(folder)) continue;
    const fs::path readme = folder / "README.md";
    ASSERT_TRUE(fs::exists(readme)) << "src/" << name << " has no README.md";
    std::istringstream text(ReadFile(readme));
    std::vector<std::string> lines;
    for (std::string line; std::getline(text, line);) {
      if (line.rfind("May use:", 0) == 0) lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 1u) << "src/" << name << "/README.md needs exactly one line starting `May use:`";
    std::set<std::string> named;
    for (auto m = std::sregex_iterator(lines[0].begin(), lines[0].end(), quoted); m != std::sregex_iterator();
         ++m) {
      named.insert((*m)[1]);
    }
    std::set<std::string> expected;
    for (const std::string& d : direct) {
      if (fs::exists(kSource / "src" / d)) expected.insert(d);
    }
    EXPECT_EQ(named, expected) << "src/" << name << "/README.md: " << lines[0];
  }
}

}  // namespace
