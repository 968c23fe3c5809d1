// northstar: the command-line entry point. Commands live in cmd_*.cpp.
#include <malloc.h>

#include <cstdio>
#include <exception>
#include <filesystem>

#include "cli/command.h"

namespace northstar::cli {

int RunGuarded(Command sub, const CommandBody& body) {
  try {
    return body();
  } catch (const std::filesystem::filesystem_error& e) {
    return ReportError(sub.Path(), ErrorKind::kIOError, e.what());
  } catch (const std::exception& e) {
    return ReportError(sub.Path(), ErrorKind::kInternal, e.what());
  }
}

void Register(Command sub, CommandBody body, int& exit_code) {
  sub.OnRun([body = std::move(body), sub, &exit_code]() { exit_code = RunGuarded(sub, body); });
}

}  // namespace northstar::cli

int main(int argc, char** argv) {
  using namespace northstar::cli;
  // Compute and ingest allocate and free megabyte-sized column buffers per store
  // segment. glibc would hand each to mmap and back to the kernel on free, so every
  // segment paid for fresh zeroed pages (a third of a 10 M-row compute's time went to
  // page faults); kept in the heap, they are reused.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  GlobalOptions global;
  int exit_code = northstar::kExitOk;
  return RunCommandLine(
      argc, argv, "Northstar: KPI definitions as code, computed exactly, judged against targets",
      "northstar 0.1.0",
      [&](Command app) {
        RegisterInit(app, global, exit_code);
        RegisterCheck(app, global, exit_code);
        RegisterStatus(app, global, exit_code);
        RegisterExplain(app, global, exit_code);
        RegisterActions(app, global, exit_code);
        RegisterReview(app, global, exit_code);
        RegisterDigest(app, global, exit_code);
        RegisterShare(app, global, exit_code);
        RegisterCompute(app, global, exit_code);
        RegisterIngest(app, global, exit_code);
        RegisterVerify(app, global, exit_code);
        RegisterServe(app, global, exit_code);
        RegisterToken(app, global, exit_code);
        RegisterAnnotate(app, global, exit_code);
        RegisterAnalyze(app, global, exit_code);
        RegisterSql(app, global, exit_code);
      },
      exit_code);
}
