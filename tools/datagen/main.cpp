// northstar-datagen: writes the data files of an example workspace, deterministically.
//
//   northstar-datagen --example support --rows 100000 --seed 1 --out examples/support/data
//
// The same arguments always give byte-identical files. docs/examples.md lists what each
// example contains and the effects planted in it.
#include <cstdio>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "civil_time.h"
#include "example.h"

int main(int argc, char** argv) {
  using namespace northstar::datagen;
  CLI::App app{"northstar-datagen: deterministic data for the Northstar example workspaces"};
  std::string example;
  std::string end = "2026-11-22";
  GeneratorOptions options;
  app.add_option("--example", example, "support | saas | finance")
      ->required()
      ->check(CLI::IsMember({"support", "saas", "finance"}));
  app.add_option("--rows", options.rows, "data rows of the main source (tickets, visits, ledger)")
      ->check(CLI::Range(int64_t{1000}, int64_t{100000000}));
  app.add_option("--seed", options.seed, "random seed; the same seed gives identical files");
  app.add_option("--out", options.out_dir, "directory to write the files into")->required();
  app.add_option("--end", end, "last day of the two-year history (YYYY-MM-DD)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!ParseDate(end, &options.end_day)) {
    std::fprintf(stderr, "northstar-datagen: --end must be a date YYYY-MM-DD, got '%s'\n", end.c_str());
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "northstar-datagen: cannot create %s: %s\n", options.out_dir.c_str(),
                 ec.message().c_str());
    return 1;
  }
  northstar::Status status;
  if (example == "support") status = GenerateSupport(options);
  if (example == "saas") status = GenerateSaas(options);
  if (example == "finance") status = GenerateFinance(options);
  if (!status.ok()) {
    std::fprintf(stderr, "northstar-datagen: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
