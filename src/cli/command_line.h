// The command line as commands see it: a Command adds subcommands, options and flags;
// an Option takes the settings of one. CLI11 parses underneath, but only
// command_line.cpp includes it: its header is large (a third of a command file's build
// and most of its clang-tidy time), so it is compiled once, not once per command.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's own namespace
class App;
class Option;
}  // namespace CLI

namespace northstar::cli {

// One option or positional argument; each setter returns *this for chaining.
class Option {
 public:
  explicit Option(CLI::Option* option) : option_(option) {}
  Option& Required();
  Option& ShowDefault();  // `--help` shows the value the target held when added
  Option& OneOf(std::initializer_list<std::string_view> choices);
  Option& InRange(int64_t low, int64_t high);
  Option& Positive();  // a number above zero

 private:
  CLI::Option* option_;
};

// A command or subcommand: a handle, cheap to copy; the parser owns what it points at.
class Command {
 public:
  explicit Command(CLI::App* app) : app_(app) {}

  Command AddSubcommand(const std::string& name, const std::string& description);
  // `names` is "--long", "-s,--long" or a positional's name ("id").
  Option AddOption(const std::string& names, std::string& target, const std::string& help);
  Option AddOption(const std::string& names, int& target, const std::string& help);
  Option AddOption(const std::string& names, int64_t& target, const std::string& help);
  Option AddOption(const std::string& names, double& target, const std::string& help);
  Option AddOption(const std::string& names, std::vector<std::string>& target, const std::string& help);
  Option AddFlag(const std::string& names, bool& target, const std::string& help);

  // Between `min` and `max` subcommands must be given (max 0: no limit).
  void RequireSubcommand(int min, int max);
  // Runs after a successful parse when this command was chosen, after the callback of
  // a chosen subcommand.
  void OnRun(std::function<void()> callback);
  bool SubcommandChosen() const;
  // "actions close" for the `close` subcommand of `actions`; "" for the application.
  std::string Path() const;

 private:
  CLI::App* app_;
};

// Builds the application (`add` registers its commands under the root), parses argv and
// runs the chosen command. Returns `exit_code` as the command left it, 0 after --help
// or --version, or ReportError's code for a parse error (unknown flag, bad value).
int RunCommandLine(int argc, char** argv, const std::string& description, const std::string& version,
                   const std::function<void(Command root)>& add, const int& exit_code);

}  // namespace northstar::cli
