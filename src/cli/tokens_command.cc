#include <memory>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

absl::Status CreateToken(Context& ctx, const std::string& name) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json token, api.Post("/tokens", {{"name", name}}));
  ctx.Print(token, RenderFields({{"ID", Text(token, "id")},
                                 {"Name", Text(token, "name")},
                                 {"Token", Text(token, "token")}}));
  if (!ctx.global().json) ctx.err() << "This is the only time the token is shown: store it now.\n";
  return absl::OkStatus();
}

std::string AgeOr(const Context& ctx, const std::string& time, const std::string& fallback) {
  return time.empty() ? fallback : FormatAge(time, ctx.env().now());
}

absl::Status ListTokens(Context& ctx, const ListArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json list, api.List("/tokens", {}, args.limit, args.cursor));
  Table table({"ID", "NAME", "STATUS", "LAST-USED", "AGE"});
  for (const auto& token : list["items"]) {
    const bool revoked = !Text(token, "revoked_at").empty();
    table.AddRow({Text(token, "id"), Text(token, "name"), revoked ? "revoked" : "active",
                  AgeOr(ctx, Text(token, "last_used_at"), "never"),
                  AgeOr(ctx, Text(token, "created_at"), "")});
  }
  PrintList(ctx, list, table.Render(), "tokens");
  return absl::OkStatus();
}

absl::Status RevokeToken(Context& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  RETURN_IF_ERROR(api.Delete("/tokens/" + http::UrlEncode(id)));
  ctx.Print(nullptr, absl::StrCat("token/", id, " revoked\n"));
  return absl::OkStatus();
}

}  // namespace

void AddTokensCommand(CLI::App& app, Context& ctx) {
  CLI::App* tokens = app.add_subcommand("tokens", "Manage your API tokens");
  tokens->require_subcommand(1);

  auto name = std::make_shared<std::string>();
  CLI::App* create = tokens->add_subcommand("create", "Create a token (shown once)");
  create->add_option("name", *name, "What the token is for, e.g. ci-deploy")->required();
  create->callback([&ctx, name] { ctx.Finish(CreateToken(ctx, *name)); });

  auto list_args = std::make_shared<ListArgs>();
  CLI::App* list = tokens->add_subcommand("list", "List your tokens");
  AddListOptions(*list, *list_args);
  list->callback([&ctx, list_args] { ctx.Finish(ListTokens(ctx, *list_args)); });

  auto id = std::make_shared<std::string>();
  CLI::App* revoke = tokens->add_subcommand("revoke", "Revoke one of your tokens");
  revoke->add_option("id", *id, "Token ID (see `paved tokens list`)")->required();
  revoke->callback([&ctx, id] { ctx.Finish(RevokeToken(ctx, *id)); });
}

}  // namespace paved::cli
