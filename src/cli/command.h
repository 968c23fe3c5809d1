// The CLI is a thin layer: each command parses its flags, calls the core library and
// prints. Every command file exposes one Register* function that adds a CLI11
// subcommand; main.cpp calls them all.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace northstar::cli {

// Options every command takes.
struct GlobalOptions {
  std::string workspace = ".";  // --workspace DIR
};

// Adds `--workspace DIR` (default: current directory) to a subcommand.
inline void AddWorkspaceOption(CLI::App* sub, GlobalOptions& global) {
  sub->add_option("-w,--workspace", global.workspace, "Workspace directory (holds northstar.yaml)")
      ->capture_default_str();
}

// A subcommand's body; returns the process exit code.
using CommandBody = std::function<int()>;

// Registers a subcommand whose callback stores its exit code in `exit_code`.
void Register(CLI::App& app, CLI::App* sub, CommandBody body, int& exit_code);

void RegisterInit(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterCheck(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterStatus(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterExplain(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterActions(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterReview(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterCompute(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterIngest(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterVerify(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace northstar::cli
