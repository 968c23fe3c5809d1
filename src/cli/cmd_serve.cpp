// `northstar serve [--bind 127.0.0.1] [--port 8080]`: the HTTP API, the dashboard and
// /metrics (SPEC §8) over one workspace, until SIGINT or SIGTERM; with
// `--refresh-every S` it also ingests every source and computes every S seconds; a
// source with `refresh:` in northstar.yaml is re-read on that cadence instead.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "actions/alert_config.h"
#include "auth/token_store.h"
#include "cli/command.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/refresh_schedule.h"
#include "server/ticker.h"
#include "service/digest_timer.h"
#include "service/workspace.h"
#include "time/clock.h"

namespace northstar::cli {
namespace {

struct ServeFlags {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 64;
  int refresh_every = 0;
  bool quiet = false;
};

constexpr std::string_view kCommand = "serve";

int RunServe(const GlobalOptions& global, const ServeFlags& flags) {
  // SIGINT and SIGTERM are taken by one thread (sigwait) that stops the server; every
  // other thread, started after this, has them blocked.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  // Settings read before any thread starts: an error returns with nothing to stop.
  auto alerts = actions::LoadAlertConfig((*workspace)->catalog().workspace.root_dir);
  if (!alerts.ok()) return ReportError(kCommand, alerts.status());
  auto zone = time::ZoneConverter::Create((*workspace)->catalog().workspace.timezone);
  if (!zone.ok()) return ReportError(kCommand, zone.status());
  auto tokens = auth::TokenStore::Open((*workspace)->AuthPath());
  if (!tokens.ok()) return ReportError(kCommand, tokens.status());
  const catalog::ServerSettings& settings = (*workspace)->catalog().workspace.server;
  auto audit = auth::AuditLog::Open((*workspace)->AuthPath());
  if (!audit.ok()) return ReportError(kCommand, audit.status());
  server::ApiOptions api_options;
  api_options.audit = audit->get();
  api_options.anonymous_read = settings.anonymous_read;
  api_options.metrics_token = settings.metrics_token;
  server::Api api(**workspace, **tokens, api_options);

  server::ServeOptions options;
  options.bind = flags.bind;
  options.port = flags.port;
  options.threads = flags.threads;
  if (!flags.quiet) options.access_log = [](const std::string& line) { std::cerr << line + "\n"; };
  server::HttpServer http(api, options);
  auto port = http.Bind();
  if (!port.ok()) return ReportError(kCommand, port.status());
  std::cout << "Northstar serves " << (*workspace)->catalog().workspace.root_dir << " at http://"
            << flags.bind << ":" << *port << "/ (Ctrl-C stops it)" << std::endl;

  std::thread stopper([&http, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    http.Stop();
  });
  const catalog::Workspace& ws = (*workspace)->catalog().workspace;
  server::RefreshSchedule schedule(ws, flags.refresh_every, time::SystemClock().Now());
  for (const catalog::SourceDef& source : ws.sources) {
    if (const int64_t every = schedule.CadenceOf(source.id); every > 0)
      std::cerr << "northstar serve: refreshes source '" << source.id << "' every " << every << " s\n";
  }
  // Each source on its cadence (server/refresh_schedule.h).
  auto refresh_schedule = std::make_shared<server::RefreshSchedule>(std::move(schedule));
  server::Ticker refresher([refresh_schedule] { return refresh_schedule->Next(); },
                           [refresh_schedule, &api](time::Micros now) {
                             const std::vector<std::string> due = refresh_schedule->Due(now);
                             if (due.empty()) return;
                             const server::HttpResponse r = api.Refresh(due);
                             if (r.status != 200)
                               std::cerr << "northstar serve: scheduled refresh failed: " << r.body << "\n";
                           });
  // The digest of `alerts.digest`, daily or weekly at its local time, and the one a
  // restart owes (service/digest_timer.h).
  std::optional<service::DigestTimer> digest;
  if (alerts->digest.enabled) {
    digest.emplace(**workspace, alerts->digest, *zone, time::SystemClock().Now(),
                   [](const std::string& line) { std::cerr << "northstar serve: " + line + "\n"; });
  }
  server::Ticker digester(
      [&digest] { return digest ? std::optional<time::Micros>(digest->Next()) : std::nullopt; },
      [&digest](time::Micros now) { digest->Run(now); });
  const Status served = http.Serve();
  // When the server stopped on its own, wake the signal thread so it can end (the
  // signal is blocked everywhere, so only its sigwait takes it).
  if (stopper.joinable()) {
    kill(getpid(), SIGTERM);
    stopper.join();
  }
  if (!served.ok()) return ReportError(kCommand, served);
  std::cerr << "northstar serve: stopped\n";
  return kExitOk;
}

}  // namespace

void RegisterServe(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  Command sub = app.AddSubcommand("serve", "HTTP API, web dashboard and /metrics");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--bind", flags->bind, "Address to listen on").ShowDefault();
  sub.AddOption("--port", flags->port, "Port (0: any free port)").ShowDefault().InRange(0, 65535);
  sub.AddOption("--threads", flags->threads, "Request threads").ShowDefault().InRange(1, 256);
  sub.AddOption("--refresh-every", flags->refresh_every,
                "Ingest and compute every N seconds (0: never); a source's own `refresh:` wins")
      .InRange(0, 86400 * 7);
  sub.AddFlag("--quiet", flags->quiet, "No access log on stderr");
  Register(
      sub, [&global, flags]() { return RunServe(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
