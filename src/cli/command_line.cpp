// The one file that includes CLI11 (see command_line.h for why).
#include "cli/command_line.h"

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace northstar::cli {

Option& Option::Required() {
  option_->required();
  return *this;
}

Option& Option::ShowDefault() {
  option_->capture_default_str();
  return *this;
}

Option& Option::OneOf(std::initializer_list<std::string_view> choices) {
  option_->check(CLI::IsMember(std::vector<std::string>(choices.begin(), choices.end())));
  return *this;
}

Option& Option::InRange(int64_t low, int64_t high) {
  option_->check(CLI::Range(low, high));
  return *this;
}

Option& Option::Positive() {
  option_->check(CLI::PositiveNumber);
  return *this;
}

Command Command::AddSubcommand(const std::string& name, const std::string& description) {
  return Command(app_->add_subcommand(name, description));
}

Option Command::AddOption(const std::string& names, std::string& target, const std::string& help) {
  return Option(app_->add_option(names, target, help));
}

Option Command::AddOption(const std::string& names, int& target, const std::string& help) {
  return Option(app_->add_option(names, target, help));
}

Option Command::AddOption(const std::string& names, int64_t& target, const std::string& help) {
  return Option(app_->add_option(names, target, help));
}

Option Command::AddOption(const std::string& names, double& target, const std::string& help) {
  return Option(app_->add_option(names, target, help));
}

Option Command::AddOption(const std::string& names, std::vector<std::string>& target,
                          const std::string& help) {
  return Option(app_->add_option(names, target, help));
}

Option Command::AddFlag(const std::string& names, bool& target, const std::string& help) {
  return Option(app_->add_flag(names, target, help));
}

void Command::RequireSubcommand(int min, int max) {
  app_->require_subcommand(min, max);
}

void Command::OnRun(std::function<void()> callback) {
  app_->callback(std::move(callback));
}

bool Command::SubcommandChosen() const {
  return !app_->get_subcommands().empty();
}

std::string Command::Path() const {
  std::string path;
  for (const CLI::App* c = app_; c != nullptr && c->get_parent() != nullptr; c = c->get_parent()) {
    path = path.empty() ? c->get_name() : c->get_name() + " " + path;
  }
  return path;
}

namespace {

// The innermost command the user typed before a parse error ("" when none).
std::string TypedCommand(CLI::App& app) {
  CLI::App* current = &app;
  for (;;) {
    const std::vector<CLI::App*> chosen = current->get_subcommands();
    if (chosen.empty()) return Command(current).Path();
    current = chosen.front();
  }
}

}  // namespace

int RunCommandLine(int argc, char** argv, const std::string& description, const std::string& version,
                   const std::function<void(Command root)>& add, const int& exit_code) {
  CLI::App app{description};
  app.require_subcommand(1);
  app.set_version_flag("--version", version);
  add(Command(&app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that succeed: CLI11 prints them.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    // Every other parse error (unknown flag, bad or missing value) is a usage error.
    return ReportError(TypedCommand(app), ErrorKind::kUsage, e.what());
  }
  return exit_code;
}

}  // namespace northstar::cli
