// `paved resources create|import|list|show|delete|protect|upload|profiles`: self-service
// resources with the company standard (docs/resources.md).
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/table.h"
#include "core/hashing.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct CreateArgs {
  std::string kind, name, project, env, account;
  std::string size, engine_version, eviction_policy, domain, index_document, error_document;
  std::string partition_key, sort_key, billing_mode, ttl_attribute;
  int replicas = -1, read_capacity = -1, write_capacity = -1;
  std::vector<std::string> overrides;  // key=value
  bool wait = false;
};

struct ListArgsR {
  std::string project, team, kind, env, status;
  ListArgs list;
};

struct OneArgs {
  std::string resource, project, env, confirm, reason;
  bool on = false, off = false;
  bool wait = false;
  bool keep_cloud = false;
};

struct ImportArgs {
  std::string kind, name, project, env, account, id, distribution_id;
};

// "pk" or "pk:S" → {"name": "pk", "type": "S"}.
json KeyAttribute(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits(':', 1));
  json key = {{"name", parts[0]}};
  if (parts.size() > 1) key["type"] = parts[1];
  return key;
}

// A value typed on the command line: JSON when it parses (numbers, true, lists), else text.
json Typed(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

// {"spec": the kind's fields given, "overrides": --set SETTING=VALUE}.
absl::StatusOr<json> ChangeBody(const CreateArgs& a) {
  json spec = json::object();
  auto set = [&](const char* key, const std::string& v) {
    if (!v.empty()) spec[key] = v;
  };
  set("size", a.size);
  set("engine_version", a.engine_version);
  set("eviction_policy", a.eviction_policy);
  set("domain", a.domain);
  set("index_document", a.index_document);
  set("error_document", a.error_document);
  set("billing_mode", a.billing_mode);
  set("ttl_attribute", a.ttl_attribute);
  if (a.replicas >= 0) spec["replicas"] = a.replicas;
  if (a.read_capacity >= 0) spec["read_capacity"] = a.read_capacity;
  if (a.write_capacity >= 0) spec["write_capacity"] = a.write_capacity;
  if (!a.partition_key.empty()) spec["partition_key"] = KeyAttribute(a.partition_key);
  if (!a.sort_key.empty()) spec["sort_key"] = KeyAttribute(a.sort_key);
  json overrides = json::object();
  for (const std::string& kv : a.overrides) {
    std::vector<std::string> parts = absl::StrSplit(kv, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty()) {
      return absl::InvalidArgumentError("--set takes SETTING=VALUE, e.g. backup_retention_days=14");
    }
    overrides[parts[0]] = Typed(parts[1]);
  }
  return json{{"spec", spec}, {"overrides", overrides}};
}

absl::StatusOr<json> CreateBody(const CreateArgs& a) {
  ASSIGN_OR_RETURN(json body, ChangeBody(a));
  if (body["overrides"].empty()) body.erase("overrides");
  body["kind"] = a.kind;
  body["name"] = a.name;
  body["environment"] = a.env;
  if (!a.account.empty()) body["account"] = a.account;
  return body;
}

std::string Effective(const json& r) {
  Table table({"SETTING", "VALUE", "FROM"}, 80);
  const json effective = r.value("effective", json::object());
  for (const auto& [name, v] : effective.items()) {
    const json& value = v["value"];
    table.AddRow(
        {name, value.is_string() ? value.get<std::string>() : value.dump(), Text(v, "source")});
  }
  return table.Render();
}

// How to reach a ready resource; with the token of a creation just made, once, in full.
std::string Connection(const json& r, const std::string& token = "") {
  const json c = r.value("connection", json());
  if (!c.is_object()) return "";
  std::string text;
  if (c.contains("url")) absl::StrAppend(&text, "url:      ", Text(c, "url"), "\n");
  if (c.contains("command") && Text(r, "kind") == "static-site") {
    absl::StrAppend(&text, "upload:   ", Text(c, "command"), "\n");
  } else if (c.contains("command")) {
    std::string command = Text(c, "command");
    if (!token.empty()) {
      command = "REDISCLI_AUTH=" + token + " " + command.substr(0, command.rfind(" --askpass"));
    }
    absl::StrAppend(&text, "connect:  ", command, "\n");
  }
  if (!token.empty()) {
    absl::StrAppend(&text, "password: ", token,
                    "  (shown only now; apps get it through `resources: [", Text(r, "name"),
                    "]` in paved.yaml)\n");
  }
  for (const json& v : c.value("env", json::array())) {
    absl::StrAppend(&text, "env:      ", Text(v, "name"), "=",
                    v.contains("value") ? Text(v, "value") : "(secret)", "\n");
  }
  return text;
}

std::string Detail(const json& r, const std::string& token = "") {
  std::string text =
      RenderFields({{"id", Text(r, "id")},
                    {"name", Text(r, "name")},
                    {"kind", Text(r, "kind")},
                    {"project", Text(r, "project")},
                    {"owner", Text(r, "owner_team")},
                    {"environment", Text(r, "environment")},
                    {"account", Text(r, "account") + " (" + Text(r, "provider") + ")"},
                    {"status", Text(r, "status")},
                    {"detail", Text(r, "status_detail")},
                    {"protected", Text(r, "deletion_protection")},
                    {"imported", Text(r, "imported")}});
  if (r.contains("live")) absl::StrAppend(&text, "live:     ", r["live"].dump(), "\n");
  absl::StrAppend(&text, Connection(r, token), "\n", Effective(r));
  if (r.contains("journal")) {
    Table journal({"#", "SAGA", "STEP", "EVENT", "DETAIL", "AT"}, 70);
    for (const json& e : r["journal"]) {
      journal.AddRow({Text(e, "seq"), Text(e, "saga"), Text(e, "step"), Text(e, "event"),
                      Text(e, "detail"), Text(e, "at")});
    }
    absl::StrAppend(&text, "\n", journal.Render());
  }
  return text;
}

std::string ListTable(const json& items) {
  Table table({"ID", "NAME", "KIND", "PROJECT", "OWNER", "ENV", "STATUS", "PROTECTED"});
  for (const json& r : items) {
    table.AddRow({Text(r, "id"), Text(r, "name"), Text(r, "kind"), Text(r, "project"),
                  Text(r, "owner_team"), Text(r, "environment"), Text(r, "status"),
                  Text(r, "deletion_protection")});
  }
  return table.Render();
}

// The resource's id: the argument itself, or the live resource of that name in -p/--env.
absl::StatusOr<std::string> ResolveId(ApiClient& api, const OneArgs& a) {
  if (a.project.empty()) return a.resource;
  if (a.env.empty()) return absl::InvalidArgumentError("with -p, name the environment (--env)");
  ASSIGN_OR_RETURN(json list,
                   api.List("/resources", {{"project", a.project}, {"environment", a.env}}, 1000));
  for (const json& r : list["items"]) {
    if (Text(r, "name") == a.resource) return Text(r, "id");
  }
  return absl::NotFoundError(
      absl::StrCat("no resource named ", a.resource, " in ", a.project, "/", a.env));
}

// `token`: a new Redis's, printed once it is ready.
absl::Status WaitUntilSettled(Context& ctx, ApiClient& api, const std::string& id,
                              const std::string& token = "") {
  size_t shown = 0;
  for (;;) {
    ASSIGN_OR_RETURN(json r, api.Get("/resources/" + http::UrlEncode(id)));
    const json& journal = r["journal"];
    for (; shown < journal.size(); ++shown) {
      const json& e = journal[shown];
      ctx.err() << Text(e, "step") << ": " << Text(e, "event")
                << (Text(e, "detail").empty() ? "" : " (" + Text(e, "detail") + ")") << "\n";
    }
    std::string status = Text(r, "status");
    if (status != "creating" && status != "undoing" && status != "deleting" &&
        status != "updating") {
      if (!token.empty() && status == "ready") r["auth_token"] = token;
      ctx.Print(r, Detail(r, status == "ready" ? token : ""));
      if (status == "failed")
        return absl::AbortedError("the resource failed: " + Text(r, "status_detail"));
      return absl::OkStatus();
    }
    ctx.env().sleep(absl::Milliseconds(200));
  }
}

absl::Status Create(Context& ctx, const CreateArgs& a) {
  ASSIGN_OR_RETURN(json body, CreateBody(a));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json r, api.Post(ProjectPath(a.project, {"resources"}), body));
  std::string token = Text(r, "auth_token");
  if (a.wait) return WaitUntilSettled(ctx, api, Text(r, "id"), token);
  ctx.Print(
      r, absl::StrCat(Text(r, "kind"), " ", Text(r, "name"), " is being created (id ",
                      Text(r, "id"), "); follow it with `paved resources show ", Text(r, "id"),
                      "`\n", token.empty() ? "" : "password: " + token + "  (shown only now)\n"));
  return absl::OkStatus();
}

absl::Status Import(Context& ctx, const ImportArgs& a) {
  json body = {{"kind", a.kind},
               {"name", a.name},
               {"project", a.project},
               {"environment", a.env},
               {"id", a.id}};
  if (!a.account.empty()) body["account"] = a.account;
  if (!a.distribution_id.empty()) body["distribution_id"] = a.distribution_id;
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json r, api.Post("/resources/import", body));
  ctx.Print(r, absl::StrCat(Text(r, "kind"), " ", a.id, " is now ", Text(r, "name"), " of ",
                            Text(r, "project"), " in ", Text(r, "environment"), " (id ",
                            Text(r, "id"), ", ", Text(r, "status"), "); see it with `paved ",
                            "resources show ", Text(r, "id"), "`\n"));
  return absl::OkStatus();
}

absl::Status Update(Context& ctx, const CreateArgs& a) {
  ASSIGN_OR_RETURN(json body, ChangeBody(a));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(std::string id,
                   ResolveId(api, OneArgs{.resource = a.name, .project = a.project, .env = a.env}));
  ASSIGN_OR_RETURN(json r, api.Call("PATCH", "/resources/" + http::UrlEncode(id), &body));
  if (a.wait && Text(r, "status") == "updating") return WaitUntilSettled(ctx, api, id);
  ctx.Print(r, absl::StrCat(Text(r, "name"), Text(r, "status") == "updating"
                                                 ? " is being updated\n"
                                                 : " already has these settings\n"));
  return absl::OkStatus();
}

absl::Status List(Context& ctx, const ListArgsR& a) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.List("/resources",
                                       {{"project", a.project},
                                        {"team", a.team},
                                        {"kind", a.kind},
                                        {"environment", a.env},
                                        {"status", a.status}},
                                       a.list.limit, a.list.cursor));
  PrintList(ctx, list, ListTable(list["items"]), "resources");
  return absl::OkStatus();
}

absl::Status Show(Context& ctx, const OneArgs& a) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(std::string id, ResolveId(api, a));
  ASSIGN_OR_RETURN(json r, api.Get("/resources/" + http::UrlEncode(id)));
  ctx.Print(r, Detail(r));
  return absl::OkStatus();
}

absl::Status Delete(Context& ctx, const OneArgs& a) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(std::string id, ResolveId(api, a));
  std::string confirm = a.confirm;
  if (confirm.empty() && ctx.env().interactive && ctx.env().read_line) {
    ASSIGN_OR_RETURN(json r, api.Get("/resources/" + http::UrlEncode(id)));
    ASSIGN_OR_RETURN(confirm, ctx.env().read_line(
                                  "Type the name (" + Text(r, "name") + ") to delete it: ", false));
  }
  ASSIGN_OR_RETURN(json r, api.Call("DELETE", absl::StrCat("/resources/", http::UrlEncode(id),
                                                           "?confirm=", http::UrlEncode(confirm),
                                                           a.keep_cloud ? "&keep=true" : "")));
  if (a.keep_cloud) {
    ctx.Print(r,
              absl::StrCat(Text(r, "name"),
                           " is no longer Paved's; it stays in the cloud without Paved's tags\n"));
    return absl::OkStatus();
  }
  if (a.wait) return WaitUntilSettled(ctx, api, id);
  ctx.Print(r, absl::StrCat(Text(r, "name"), " is being deleted\n"));
  return absl::OkStatus();
}

absl::Status Protect(Context& ctx, const OneArgs& a) {
  if (a.on == a.off) return absl::InvalidArgumentError("say --on or --off");
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(std::string id, ResolveId(api, a));
  json body = {{"enabled", a.on}, {"reason", a.reason}};
  ASSIGN_OR_RETURN(
      json r,
      api.Call("PUT", absl::StrCat("/resources/", http::UrlEncode(id), "/deletion-protection"),
               &body));
  ctx.Print(r, absl::StrCat(Text(r, "name"), ": deletion protection ", a.on ? "on" : "off", "\n"));
  return absl::OkStatus();
}

struct UploadArgs {
  std::string resource, dir, project, env;
  bool remove = false;
};

// The files of `dir` to upload, by their '/'-separated path below it; symlinks and dotfiles
// (and what dot directories hold) are left out and named in `skipped`.
absl::StatusOr<std::map<std::string, std::filesystem::path>> LocalFiles(
    const std::string& dir, std::vector<std::string>* skipped) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return absl::InvalidArgumentError(dir + " is not a directory");
  std::map<std::string, fs::path> files;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string rel = it->path().lexically_relative(dir).generic_string();
    bool dot = it->path().filename().string().starts_with(".");
    if (it->is_symlink(ec) || dot) {
      skipped->push_back(rel + (dot ? " (dotfile)" : " (symlink)"));
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files[rel] = it->path();
  }
  if (ec) return absl::InvalidArgumentError("cannot read " + dir + ": " + ec.message());
  return files;
}

// "css/a b.css" → "css/a%20b.css": each segment encoded, the slashes kept.
std::string EncodePath(const std::string& path) {
  std::string out;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    absl::StrAppend(&out, out.empty() ? "" : "/", http::UrlEncode(segment));
  }
  return out;
}

absl::Status PutFile(ApiClient& api, const std::string& base, const std::string& rel,
                     const std::string& content) {
  RawBody body{"application/octet-stream", content};
  ASSIGN_OR_RETURN(http::ClientResponse response,
                   api.Exchange("PUT", base + "/" + EncodePath(rel), &body, "application/json"));
  if (response.status / 100 == 2) return absl::OkStatus();
  absl::Status failed = ErrorFromResponse(response.status, response.body);
  return absl::Status(failed.code(), absl::StrCat(rel, ": ", failed.message()));
}

absl::Status Upload(Context& ctx, const UploadArgs& a) {
  std::vector<std::string> skipped;
  ASSIGN_OR_RETURN(auto files, LocalFiles(a.dir, &skipped));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(
      std::string id,
      ResolveId(api, OneArgs{.resource = a.resource, .project = a.project, .env = a.env}));
  std::string base = "/resources/" + http::UrlEncode(id) + "/site/files";
  ASSIGN_OR_RETURN(json remote, api.Get(base));
  std::map<std::string, std::string> remote_sha;
  for (const json& f : remote.value("items", json::array())) {
    remote_sha[Text(f, "path")] = Text(f, "sha256");
  }
  json uploaded = json::array(), unchanged = json::array(), deleted = json::array();
  for (const auto& [rel, path] : files) {
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return absl::InvalidArgumentError("cannot read " + path.string());
    auto known = remote_sha.find(rel);
    if (known != remote_sha.end() && known->second == Sha256Hex(content)) {
      unchanged.push_back(rel);
      continue;
    }
    RETURN_IF_ERROR(PutFile(api, base, rel, content));
    uploaded.push_back(rel);
  }
  for (const auto& [rel, sha] : remote_sha) {
    if (!a.remove || files.contains(rel)) continue;
    RETURN_IF_ERROR(api.Delete(base + "/" + EncodePath(rel)));
    deleted.push_back(rel);
  }
  for (const std::string& s : skipped) ctx.err() << "skipped " << s << "\n";
  std::string url = remote.value("url", json()).is_string() ? Text(remote, "url") : "";
  json out = {{"uploaded", uploaded},
              {"unchanged", unchanged},
              {"deleted", deleted},
              {"skipped", skipped},
              {"url", url}};
  ctx.Print(out, absl::StrCat(uploaded.size(), " uploaded, ", unchanged.size(), " unchanged, ",
                              deleted.size(), " deleted, ", skipped.size(), " skipped\n",
                              url.empty() ? "" : "site: " + url + "\n"));
  return absl::OkStatus();
}

void AddUpload(CLI::App& parent, Context& ctx) {
  auto a = std::make_shared<UploadArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "upload", "Upload a directory to a local static site (changed files only)");
  cmd->add_option("resource", a->resource, "Id, or a name with -p and --env")->required();
  cmd->add_option("dir", a->dir, "The directory to upload, e.g. ./dist")->required();
  AddOptionalProjectOption(*cmd, a->project);
  cmd->add_option("--env", a->env, "Environment of a resource named by name");
  cmd->add_flag("--delete", a->remove, "Remove files of the site that are not in the directory");
  cmd->callback([&ctx, a] { ctx.Finish(Upload(ctx, *a)); });
}

// The kind's fields and --set, for create and update.
void AddSpecOptions(CLI::App* cmd, CreateArgs* a) {
  cmd->add_option("--size", a->size, "redis: s, m or l");
  cmd->add_option("--engine-version", a->engine_version, "redis: e.g. 7.1");
  cmd->add_option("--replicas", a->replicas, "redis: 0-5");
  cmd->add_option("--eviction-policy", a->eviction_policy, "redis: e.g. allkeys-lru");
  cmd->add_option("--domain", a->domain, "static-site: host name");
  cmd->add_option("--index-document", a->index_document, "static-site");
  cmd->add_option("--error-document", a->error_document, "static-site");
  cmd->add_option("--partition-key", a->partition_key, "dynamodb: NAME[:S|N|B]");
  cmd->add_option("--sort-key", a->sort_key, "dynamodb: NAME[:S|N|B]");
  cmd->add_option("--billing-mode", a->billing_mode, "dynamodb: PAY_PER_REQUEST or PROVISIONED");
  cmd->add_option("--read-capacity", a->read_capacity, "dynamodb, PROVISIONED");
  cmd->add_option("--write-capacity", a->write_capacity, "dynamodb, PROVISIONED");
  cmd->add_option("--ttl-attribute", a->ttl_attribute, "dynamodb");
  cmd->add_option("--set", a->overrides, "SETTING=VALUE the standard lets teams change");
}

void AddCreate(CLI::App& parent, Context& ctx) {
  auto a = std::make_shared<CreateArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "create", "Create a resource; the standard of the environment fills in the rest");
  cmd->add_option("kind", a->kind, "redis, static-site or dynamodb")->required();
  cmd->add_option("name", a->name, "Name within the project and environment")->required();
  AddProjectOption(*cmd, a->project);
  cmd->add_option("--env", a->env, "Environment, e.g. production")->required();
  cmd->add_option("--account", a->account, "Cloud account, when the environment has several");
  AddSpecOptions(cmd, a.get());
  cmd->add_flag("--wait", a->wait, "Follow the creation until it is ready or undone");
  cmd->callback([&ctx, a] { ctx.Finish(Create(ctx, *a)); });
}

void AddImport(CLI::App& parent, Context& ctx) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "import", "Bring an existing cloud resource under Paved by its provider id");
  cmd->add_option("kind", a->kind, "redis, static-site or dynamodb")->required();
  cmd->add_option("name", a->name, "Paved's name for it, within the project and environment")
      ->required();
  cmd->add_option("--id", a->id,
                  "The provider's id: replication group id, bucket name or table name")
      ->required();
  AddProjectOption(*cmd, a->project);
  cmd->add_option("--env", a->env, "Environment, e.g. production")->required();
  cmd->add_option("--account", a->account, "Cloud account, when the environment has several");
  cmd->add_option("--distribution-id", a->distribution_id,
                  "static-site: its CloudFront distribution");
  cmd->callback([&ctx, a] { ctx.Finish(Import(ctx, *a)); });
}

void AddUpdate(CLI::App& parent, Context& ctx) {
  auto a = std::make_shared<CreateArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "update", "Change a resource's settings (those its kind and the standard let change)");
  cmd->add_option("resource", a->name, "Id, or a name with -p and --env")->required();
  AddOptionalProjectOption(*cmd, a->project);
  cmd->add_option("--env", a->env, "Environment of a resource named by name");
  AddSpecOptions(cmd, a.get());
  cmd->add_flag("--wait", a->wait, "Follow the update until it is applied");
  cmd->callback([&ctx, a] { ctx.Finish(Update(ctx, *a)); });
}

void AddOne(CLI::App& parent, Context& ctx, const std::string& name, const std::string& help,
            absl::Status (*run)(Context&, const OneArgs&), bool confirm, bool protect) {
  auto a = std::make_shared<OneArgs>();
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("resource", a->resource, "Id, or a name with -p and --env")->required();
  AddOptionalProjectOption(*cmd, a->project);
  cmd->add_option("--env", a->env, "Environment of a resource named by name");
  if (confirm) {
    cmd->add_option("--confirm", a->confirm, "The resource's name, to confirm");
    cmd->add_flag("--wait", a->wait, "Follow the deletion until it is done");
    cmd->add_flag("--keep-cloud", a->keep_cloud,
                  "An imported resource: forget it in Paved and take Paved's tags off, "
                  "leaving it in the cloud");
  }
  if (protect) {
    cmd->add_flag("--on", a->on, "Turn deletion protection on");
    cmd->add_flag("--off", a->off, "Lift it (sre, admin)");
    cmd->add_option("--reason", a->reason, "Why (required to lift it)");
  }
  cmd->callback([&ctx, a, run] { ctx.Finish(run(ctx, *a)); });
}

}  // namespace

void AddResourcesCommand(CLI::App& app, Context& ctx) {
  CLI::App* resources =
      app.add_subcommand("resources", "Self-service resources (Redis, static sites, DynamoDB)");
  resources->require_subcommand(1);
  AddCreate(*resources, ctx);
  AddImport(*resources, ctx);
  AddUpdate(*resources, ctx);
  auto list = std::make_shared<ListArgsR>();
  CLI::App* cmd = resources->add_subcommand("list", "Resources, filtered");
  cmd->add_option("-p,--project", list->project, "Project slug");
  cmd->add_option("--team", list->team, "Owner team slug");
  cmd->add_option("--kind", list->kind, "redis, static-site, dynamodb");
  cmd->add_option("--env", list->env, "Environment");
  cmd->add_option("--status", list->status, "creating, ready, failed, ...");
  AddListOptions(*cmd, list->list);
  cmd->callback([&ctx, list] { ctx.Finish(List(ctx, *list)); });
  AddOne(*resources, ctx, "show", "A resource: settings and where they came from, journal, live",
         Show, false, false);
  AddOne(*resources, ctx, "delete", "Delete a resource (asks for its name)", Delete, true, false);
  AddUpload(*resources, ctx);
  AddOne(*resources, ctx, "protect", "Turn a resource's deletion protection on or off", Protect,
         false, true);
}

}  // namespace paved::cli
