// `northstar token create --role R [--name N] [--owner O]`, `token list`, `token revoke ID`: the
// API tokens of `northstar serve` (auth/token_store.h). `create` prints the token once.
// `token audit [--limit N]`: the server's audit log of write requests
// (auth/audit_log.h), where creating and revoking tokens is recorded too.
#include <iostream>

#include "actions/text_format.h"
#include "auth/audit_log.h"
#include "auth/token_store.h"
#include "cli/command.h"
#include "common/text.h"
#include "service/workspace.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::cli {
namespace {

struct TokenFlags {
  std::string role, name, owner;
  int64_t id = 0;
  int limit = 50;
};

Result<std::unique_ptr<auth::TokenStore>> OpenTokens(const GlobalOptions& global) {
  ASSIGN_OR_RETURN(auto workspace,
                   service::Workspace::Open(global.workspace, service::Environment::System()));
  return auth::TokenStore::Open(workspace->AuthPath());
}

std::string Now() {
  return time::FormatIso(time::SystemClock().Now(), nullptr);
}

std::string AuthPath(const GlobalOptions& global) {
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  return workspace.ok() ? (*workspace)->AuthPath() : std::string();
}

// Token changes from the command line go into the server's audit log too (actor "cli").
void AuditFromCli(const GlobalOptions& global, const std::string& what) {
  auto log = auth::AuditLog::Open(AuthPath(global));
  if (!log.ok()) return;
  (void)(*log)->Record({0, Now(), "cli", "admin", "CLI", what, 0});
}

int RunCreate(const GlobalOptions& global, const TokenFlags& flags) {
  constexpr std::string_view kCommand = "token create";
  const std::optional<auth::Role> role = auth::ParseRole(flags.role);
  if (!role) return ReportError(kCommand, ErrorKind::kUsage, "--role must be viewer, editor or admin");
  auto tokens = OpenTokens(global);
  if (!tokens.ok()) return ReportError(kCommand, tokens.status());
  auto created = (*tokens)->Create(*role, flags.name, Now(), flags.owner);
  if (!created.ok()) return ReportError(kCommand, created.status());
  AuditFromCli(global,
               "token create #" + std::to_string(created->info.id) + " (" + auth::RoleName(*role) + ")");
  std::cout << created->token << "\n";
  std::cerr << "token #" << created->info.id << " (" << auth::RoleName(*role)
            << ") created; it is shown only now\n";
  return kExitOk;
}

int RunList(const GlobalOptions& global) {
  constexpr std::string_view kCommand = "token list";
  auto tokens = OpenTokens(global);
  if (!tokens.ok()) return ReportError(kCommand, tokens.status());
  auto list = (*tokens)->List();
  if (!list.ok()) return ReportError(kCommand, list.status());
  if (list->empty()) std::cout << "no tokens; `northstar token create --role viewer` makes one\n";
  for (const auth::TokenInfo& t : *list) {
    std::cout << actions::PadRight("#" + std::to_string(t.id), 6)
              << actions::PadRight(auth::RoleName(t.role), 8)
              << actions::PadRight(t.name.empty() ? "-" : t.name, 20) << " created " << t.created_at
              << (t.owner.empty() ? "" : "  owner " + t.owner)
              << (t.scope.empty() ? "" : "  share link: " + t.scope)
              << (t.expires_at.empty() ? "" : "  expires " + t.expires_at)
              << (t.revoked_at.empty() ? "" : "  revoked " + t.revoked_at) << "\n";
  }
  return kExitOk;
}

int RunRevoke(const GlobalOptions& global, const TokenFlags& flags) {
  constexpr std::string_view kCommand = "token revoke";
  auto tokens = OpenTokens(global);
  if (!tokens.ok()) return ReportError(kCommand, tokens.status());
  if (Status s = (*tokens)->Revoke(flags.id, Now()); !s.ok()) return ReportError(kCommand, s);
  AuditFromCli(global, "token revoke #" + std::to_string(flags.id));
  std::cout << "revoked #" << flags.id << "\n";
  return kExitOk;
}

int RunAudit(const GlobalOptions& global, const TokenFlags& flags) {
  constexpr std::string_view kCommand = "token audit";
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto log = auth::AuditLog::Open((*workspace)->AuthPath());
  if (!log.ok()) return ReportError(kCommand, log.status());
  auto entries = (*log)->Recent(flags.limit);
  if (!entries.ok()) return ReportError(kCommand, entries.status());
  if (entries->empty()) std::cout << "no write requests recorded yet\n";
  for (const auth::AuditEntry& e : *entries) {
    std::cout << e.at << "  " << actions::PadRight(e.actor, 24) << " " << actions::PadRight(e.method, 6)
              << " " << e.target << (e.status ? "  -> " + std::to_string(e.status) : "") << "\n";
    if (!e.before.empty()) std::cout << "    before " << OneLineExcerpt(e.before, 160) << "\n";
    if (!e.after.empty()) std::cout << "    after  " << OneLineExcerpt(e.after, 160) << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterToken(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<TokenFlags>();
  Command sub = app.AddSubcommand("token", "API tokens for `northstar serve`: create, list, revoke, audit");
  sub.RequireSubcommand(1, 1);
  Command create = sub.AddSubcommand("create", "Create a token and print it (once)");
  AddWorkspaceOption(create, global);
  create.AddOption("--role", flags->role, "viewer, editor or admin").Required();
  create.AddOption("--name", flags->name, "Who or what the token is for");
  create.AddOption("--owner", flags->owner,
                   "The KPI owner (as the catalog names owners) its holder is: the dashboard's My KPIs");
  Register(
      create, [&global, flags]() { return RunCreate(global, *flags); }, exit_code);
  Command list = sub.AddSubcommand("list", "List the tokens (never their secrets)");
  AddWorkspaceOption(list, global);
  Register(
      list, [&global]() { return RunList(global); }, exit_code);
  Command revoke = sub.AddSubcommand("revoke", "Revoke a token by its id");
  AddWorkspaceOption(revoke, global);
  revoke.AddOption("id", flags->id, "The token's id (`token list`)").Required();
  Register(
      revoke, [&global, flags]() { return RunRevoke(global, *flags); }, exit_code);
  Command audit = sub.AddSubcommand("audit", "The audit log: write requests to the server, newest first");
  AddWorkspaceOption(audit, global);
  audit.AddOption("--limit", flags->limit, "How many entries").Positive().ShowDefault();
  Register(
      audit, [&global, flags]() { return RunAudit(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
