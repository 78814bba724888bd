// The CLI against a real `paved serve` (see cli_end_to_end_fixture.h).
#include "cli/testing/cli_end_to_end_fixture.h"

namespace {

using paved::cli::testing::CliEndToEndTest;
using paved::cli::testing::ReadFile;
using paved::cli::testing::RunResult;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST_F(CliEndToEndTest, LoginStoresAPrivateTokenAndWhoamiUsesIt) {
  const RunResult bad = Paved({"login", "--server", *server_url_}, "wrong-password\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, StartsWith("error: "));

  LogIn();
  struct stat info;
  ASSERT_EQ(stat(ConfigPath().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadFile(ConfigPath()), HasSubstr("pvd_"));

  const RunResult whoami = Paved({"whoami"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("admin"));
  const RunResult json = Paved({"whoami", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["login"], "admin");
}

TEST_F(CliEndToEndTest, TeamsAndProjects) {
  LogIn();
  RunResult run =
      Paved({"teams", "create", "e2e-team", "--name", "E2E team", "--description", "x"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "team/e2e-team created\n");

  run = Paved({"teams", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, StartsWith("SLUG "));
  EXPECT_THAT(run.out, HasSubstr("\ne2e-team "));

  run = Paved({"projects", "create", "e2e-web", "--name", "E2E web", "--owner", "e2e-team"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "project/e2e-web created\n");

  run = Paved({"projects", "list", "--owner", "e2e-team"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << run.out;
  EXPECT_THAT(lines[1], StartsWith("e2e-web "));

  run = Paved({"projects", "show", "e2e-web"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Owner team:   e2e-team\n"));

  run = Paved({"projects", "list", "--json", "--q", "e2e-web"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json list = nlohmann::json::parse(run.out);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["owner_team"], "e2e-team");

  run = Paved({"projects", "edit", "e2e-web", "--oncall", "@e2e-oncall", "--repo",
               "https://git.example.com/e2e-web", "--lifecycle", "production", "--tags", "a,b"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"projects", "show", "e2e-web"});
  EXPECT_THAT(run.out, HasSubstr("@e2e-oncall"));
  EXPECT_THAT(run.out, HasSubstr("https://git.example.com/e2e-web"));
  EXPECT_THAT(run.out, HasSubstr("a,b"));
}

TEST_F(CliEndToEndTest, UsersAndTeamMembers) {
  LogIn();
  RunResult run =
      Paved({"users", "create", "e2e-dev", "--role", "developer"}, "e2e-dev-password-1\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "user/e2e-dev created (developer)\n");
  run = Paved({"users", "set-role", "e2e-dev", "sre"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"teams", "create", "e2e-members", "--name", "members"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"teams", "add-member", "e2e-members", "e2e-dev"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"users", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\ne2e-dev +sre +false +e2e-members"));
  run = Paved({"teams", "remove-member", "e2e-members", "e2e-dev"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"teams", "show", "e2e-members"});
  EXPECT_THAT(run.out, Not(HasSubstr("e2e-dev")));
  run = Paved({"teams", "lst"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown command 'lst' for 'paved teams'; did you mean 'list'?"));
}

TEST_F(CliEndToEndTest, ServerErrorsReachTheUser) {
  LogIn();
  RunResult run =
      Paved({"projects", "create", "orphan", "--name", "Orphan", "--owner", "no-such-team"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_THAT(run.err, StartsWith("error: "));
  EXPECT_THAT(run.err, HasSubstr("no-such-team"));

  run = Paved({"projects", "show", "no-such-project"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, StartsWith("error: "));

  run = Paved({"projects", "create", "x"});  // usage: --name and --owner missing
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(CliEndToEndTest, TokensCanBeListedAndRevoked) {
  LogIn();
  RunResult run = Paved({"tokens", "create", "e2e-ci", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json created = nlohmann::json::parse(run.out);
  const std::string id =
      created["id"].is_string() ? created["id"].get<std::string>() : created["id"].dump();
  const std::string token = created["token"];
  EXPECT_THAT(token, StartsWith("pvd_"));

  run = Paved({"whoami", "--server", *server_url_, "--token", token});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  run = Paved({"tokens", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("e2e-ci"));

  run = Paved({"tokens", "revoke", id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"whoami", "--server", *server_url_, "--token", token});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, StartsWith("error: "));
}

TEST_F(CliEndToEndTest, LogoutRevokesTheStoredToken) {
  LogIn();
  const std::string config = ReadFile(ConfigPath());
  const std::string token = nlohmann::json::parse(config)["token"];
  RunResult run = Paved({"logout"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(std::filesystem::exists(ConfigPath()));

  run = Paved({"whoami"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("paved login"));
  run = Paved({"whoami", "--server", *server_url_, "--token", token});
  EXPECT_EQ(run.exit_code, 1);  // revoked on the server too
}

std::string GroupDoc(const std::string& name) {
  return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name +
         "\nspec:\n  type: team\n  children: []\n";
}

std::string ComponentDoc(const std::string& name, const std::string& group) {
  return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name +
         "\nspec:\n  type: service\n  lifecycle: production\n  owner: group:" + group + "\n";
}

// Documents joined into one multi-document YAML text.
std::string Docs(const std::vector<std::string>& documents) {
  std::string yaml;
  for (const std::string& document : documents) yaml += (yaml.empty() ? "" : "---\n") + document;
  return yaml;
}

TEST_F(CliEndToEndTest, CatalogImportPreviewsThenImports) {
  LogIn();
  const std::string dir = *dir_ + "/catalog-repo";
  std::filesystem::create_directories(dir + "/services");
  std::ofstream(dir + "/catalog-info.yaml") << GroupDoc("cli-cat");
  std::ofstream(dir + "/services/catalog-info.yaml")
      << Docs({ComponentDoc("cli-cat-a", "cli-cat"), ComponentDoc("cli-cat-b", "cli-cat")});

  RunResult run = Paved({"catalog", "import", dir, "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("cli-cat-a created\n"));
  EXPECT_THAT(run.out, HasSubstr("3 created, 0 updated, 0 unchanged, 0 orphaned (dry run"));
  EXPECT_EQ(Paved({"projects", "show", "cli-cat-a"}).exit_code, 1);  // nothing changed yet

  run = Paved({"catalog", "import", dir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("3 created"));
  run = Paved({"projects", "show", "cli-cat-b"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Owner team:   cli-cat\n"));
  EXPECT_THAT(run.out, HasSubstr("Lifecycle:    production\n"));

  run = Paved({"catalog", "export", "--project", "cli-cat-b"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("name: cli-cat-b"));

  // A document without spec.owner: the file and line are named and nothing changes.
  std::ofstream(dir + "/services/catalog-info.yaml")
      << "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cli-cat-c\n"
         "spec:\n  type: service\n  lifecycle: production\n";
  run = Paved({"catalog", "import", dir});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("services/catalog-info.yaml:"));
  EXPECT_THAT(run.err, HasSubstr("spec.owner"));
  EXPECT_EQ(Paved({"projects", "show", "cli-cat-c"}).exit_code, 1);
}

TEST_F(CliEndToEndTest, OrphansOwnerAndTransfer) {
  LogIn();
  ASSERT_EQ(Paved({"teams", "create", "cli-new-home", "--name", "New home"}).exit_code, 0);
  // Import a server-side location, then again without cli-orphan-b: it becomes an orphan.
  const std::string location = *dir_ + "/orphan-location.yaml";
  const std::string token = nlohmann::json::parse(ReadFile(ConfigPath()))["token"];
  auto import_location = [&] {
    std::unique_ptr<paved::http::Client> http = paved::http::NewCurlClient();
    auto answer =
        http->Send("POST", *server_url_ + "/api/v1/catalog/import",
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                   nlohmann::json{{"url", location}}.dump(), std::chrono::seconds(30));
    ASSERT_TRUE(answer.ok()) << answer.status();
    ASSERT_EQ(answer->status, 200) << answer->body;
  };
  std::ofstream(location) << Docs({GroupDoc("cli-orphans"),
                                   ComponentDoc("cli-orphan-a", "cli-orphans"),
                                   ComponentDoc("cli-orphan-b", "cli-orphans")});
  import_location();
  std::ofstream(location) << Docs(
      {GroupDoc("cli-orphans"), ComponentDoc("cli-orphan-a", "cli-orphans")});
  import_location();

  RunResult run = Paved({"catalog", "orphans"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, StartsWith("KIND "));
  EXPECT_THAT(run.out, ContainsRegex("\nproject +cli-orphan-b +cli-orphan-b +cli-orphans "));

  run = Paved({"catalog", "owner", "--project", "cli-orphan-a"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Team:"));
  EXPECT_THAT(run.out, HasSubstr("cli-orphans"));
  run = Paved({"catalog", "owner", "--namespace", "cli-orphan-a"});  // the slug is the default
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Project:"));
  EXPECT_EQ(Paved({"catalog", "owner", "--project", "no-such-project"}).exit_code, 1);

  run = Paved({"projects", "transfer", "cli-orphan-b", "--to", "cli-new-home", "--reason",
               "its location dropped it"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "project/cli-orphan-b transferred to cli-new-home\n");
  run = Paved({"catalog", "orphans", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json orphans = nlohmann::json::parse(run.out);
  for (const auto& orphan : orphans["items"]) {
    EXPECT_NE(orphan["id"], "cli-orphan-b");
  }
  run = Paved({"projects", "show", "cli-orphan-b"});
  EXPECT_THAT(run.out, HasSubstr("Owner team:   cli-new-home\n"));
}

// --- deploy: config, secrets, policy, key rotation --------------------------------------------

class CliEndToEndDeployTest : public CliEndToEndTest {
 protected:
  // Logs in and creates team `slug`-team owning project `slug`.
  void NewProject(const std::string& slug) {
    LogIn();
    RunResult run = Paved({"teams", "create", slug + "-team", "--name", slug + " team"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    run = Paved({"projects", "create", slug, "--name", slug, "--owner", slug + "-team"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = *dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(CliEndToEndDeployTest, ConfigSetGetHistory) {
  NewProject("cli-config");
  RunResult run = Paved({"config", "set", "alpha", "app-config", "LOG=info", "PORT=8080", "-p",
                         "cli-config", "-m", "first"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "config alpha/app-config v1 written (+LOG +PORT)\n");

  const std::string toml = Write("app.toml", "workers = 4\n");
  run = Paved({"config", "set", "alpha", "app-config", "LOG=warn", "--unset", "PORT", "--file",
               "app.toml=" + toml, "-p", "cli-config"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "config alpha/app-config v2 written (+files/app.toml ~LOG -PORT)\n");
  run = Paved({"config", "set", "alpha", "app-config", "LOG=warn", "-p", "cli-config"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "config alpha/app-config unchanged (v2)\n");

  run = Paved({"config", "get", "alpha", "app-config", "-p", "cli-config"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Version:      2\n"));
  EXPECT_THAT(run.out, HasSubstr("\nKEY   VALUE\nLOG   warn\n"));
  EXPECT_THAT(run.out, HasSubstr("\napp.toml   12\n"));
  run = Paved(
      {"config", "get", "alpha", "app-config", "-p", "cli-config", "--version", "1", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["data"]["PORT"], "8080");

  run = Paved({"config", "history", "alpha", "app-config", "-p", "cli-config"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_THAT(lines[1], ContainsRegex("^2 +admin +[0-9]+s +\\+files/app.toml ~LOG -PORT$"));
  EXPECT_THAT(lines[2], ContainsRegex("^1 +admin +[0-9]+s +\\+LOG \\+PORT +first$"));

  EXPECT_EQ(Paved({"config", "get", "alpha", "nope", "-p", "cli-config"}).exit_code, 1);
}

TEST_F(CliEndToEndDeployTest, SecretValuesComeFromStdinAndAreNeverShown) {
  NewProject("cli-secret");
  const std::string value = "e2e-hunter2-value";
  RunResult run =
      Paved({"secret", "set", "production", "db-password", "-p", "cli-secret", "-m", "initial"},
            value + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "secret production/db-password v1 written\n");
  run = Paved({"secret", "set", "production", "db-password", "-p", "cli-secret"}, value + "-2\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "secret production/db-password v2 written\n");

  run = Paved({"secret", "set", "production", "db-password", value, "-p", "cli-secret"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, Not(HasSubstr(value)));
  run = Paved({"secret", "set", "production", "db-password", "-p", "cli-secret"}, "\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("empty secret value"));

  run = Paved({"secret", "history", "production", "db-password", "-p", "cli-secret"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_THAT(lines[1], StartsWith("2 "));
  EXPECT_THAT(lines[2], ContainsRegex("^1 +admin .* initial$"));
  run = Paved({"secret", "list", "production", "-p", "cli-secret"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\ndb-password +2 +admin "));
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"secret", "history", "production", "db-password", "-p", "cli-secret", "--json"},
           {"secret", "list", "production", "-p", "cli-secret", "--json"}}) {
    run = Paved(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_THAT(run.out, Not(HasSubstr("hunter2")));
  }
}

TEST_F(CliEndToEndDeployTest, PolicyCheckExitsOneWhenBlocking) {
  LogIn();
  const std::string bad =
      Write("latest.yaml",
            "apiVersion: apps/v1\nkind: Deployment\n"
            "metadata: {name: web, namespace: chat}\n"
            "spec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n"
            "  template:\n    metadata: {labels: {app: web}}\n"
            "    spec:\n      containers: [{name: web, image: nginx:latest}]\n");
  RunResult run = Paved({"policy", "check", bad, "--env", "production"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.out, StartsWith("SEVERITY "));
  EXPECT_THAT(run.out, ContainsRegex("\nerror +image-no-latest +Deployment/chat/web "));
  EXPECT_THAT(run.out, ContainsRegex("\nerror +production-replicas "));
  EXPECT_THAT(run.out, HasSubstr("How to fix:\n"));
  EXPECT_THAT(run.out, ContainsRegex("\n[0-9]+ errors: blocking\n$"));
  run = Paved({"policy", "check", bad, "--json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(run.out)["blocking"], true);

  const std::string ok = Write("configmap.yaml",
                               "apiVersion: v1\nkind: ConfigMap\n"
                               "metadata: {name: c, namespace: chat}\ndata: {a: b}\n");
  run = Paved({"policy", "check", ok});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "no findings\n");
  run = Paved({"policy", "check", "-"}, "a: [\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, StartsWith("error: "));
}

TEST_F(CliEndToEndDeployTest, AdminRotateKeyReencryptsEverySecretVersion) {
  NewProject("cli-rotate");
  ASSERT_EQ(Paved({"secret", "set", "alpha", "token", "-p", "cli-rotate"}, "t1\n").exit_code, 0);
  ASSERT_EQ(Paved({"secret", "set", "alpha", "token", "-p", "cli-rotate"}, "t2\n").exit_code, 0);
  auto key_ids = [this] {
    RunResult run = Paved({"secret", "history", "alpha", "token", "-p", "cli-rotate", "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<std::string> ids;
    const nlohmann::json history = nlohmann::json::parse(run.out);
    for (const auto& item : history["items"]) ids.push_back(item["key_id"]);
    return ids;
  };
  const std::vector<std::string> before = key_ids();
  ASSERT_EQ(before.size(), 2u);

  RunResult run = Paved({"admin", "rotate-key", "--data-dir", *dir_ + "/data", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json rotation = nlohmann::json::parse(run.out);
  const std::string new_key = rotation["new_key_id"];
  EXPECT_EQ(rotation["previous_key_id"], before[0]);
  EXPECT_GE(rotation["reencrypted"].get<int>(), 2);
  EXPECT_EQ(key_ids(), std::vector<std::string>(2, new_key));
  EXPECT_THAT(ReadFile(*dir_ + "/data/secret.keys"), HasSubstr(before[0] + ":"));

  run = Paved({"admin", "rotate-key", "--data-dir", *dir_ + "/no-such-dir"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("no key file"));
}

// --- deploy: app spec, render, policy of a project ---------------------------------------------

constexpr char kSpecWithTypo[] =
    "apiVersion: paved.dev/v1\n"
    "services:\n"
    "  web:\n"
    "    image: registry.example.com/cli-spec-web\n"
    "    port: 8080\n"
    "    frobnicate: true\n";
constexpr char kSpecV1[] =
    "apiVersion: paved.dev/v1\n"
    "services:\n"
    "  web:\n"
    "    image: registry.example.com/cli-spec-web\n"
    "    port: 8080\n";
constexpr char kSpecV2[] =
    "apiVersion: paved.dev/v1\n"
    "services:\n"
    "  web:\n"
    "    image: registry.example.com/cli-spec-web\n"
    "    port: 9090\n";

TEST_F(CliEndToEndDeployTest, SpecPushDiffRender) {
  NewProject("cli-spec");
  const std::string path = Write("paved.yaml", kSpecWithTypo);
  RunResult run = Paved({"spec", "validate", path});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, ContainsRegex("(^|\n)" + path + ":6:5: services\\.web\\.frobnicate: "));
  run = Paved({"spec", "push", path, "-p", "cli-spec"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, ContainsRegex("(^|\n)" + path + ":6:5: services\\.web\\.frobnicate: "));
  EXPECT_EQ(Paved({"spec", "show", "-p", "cli-spec"}).exit_code, 1);  // nothing stored

  Write("paved.yaml", kSpecV1);
  run = Paved({"spec", "validate", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, path + ": valid\n");
  run = Paved({"targets", "set", "-p", "cli-spec", "local-alpha"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"targets", "get", "-p", "cli-spec"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\nlocal-alpha +alpha "));
  EXPECT_THAT(run.out, Not(HasSubstr("local-production")));
  run = Paved({"spec", "push", path, "-p", "cli-spec", "-m", "first"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "spec v1 pushed\n");
  run = Paved({"spec", "push", path, "-p", "cli-spec"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "unchanged (v1)\n");
  Write("paved.yaml", kSpecV2);
  run = Paved({"spec", "push", path, "-p", "cli-spec", "-m", "new port"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "spec v2 pushed\n");

  run = Paved({"spec", "diff", "-p", "cli-spec"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\n-    port: 8080\n"));
  EXPECT_THAT(run.out, HasSubstr("\n+    port: 9090\n"));
  run = Paved({"spec", "show", "-p", "cli-spec", "--version", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, kSpecV1);
  run = Paved({"spec", "versions", "-p", "cli-spec"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\n2 +admin +[0-9]+s +new port\n1 +admin +[0-9]+s +first\n$"));

  const std::string digest =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";
  run = Paved({"render", "-p", "cli-spec", "--env", "alpha", "--cluster", "local-alpha", "--digest",
               digest});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("kind: Deployment"));
  EXPECT_THAT(run.out, HasSubstr("registry.example.com/cli-spec-web@" + digest));
  EXPECT_THAT(run.out, HasSubstr("9090"));
  run = Paved({"render", "-p", "cli-spec", "--env", "alpha", "--version", "1", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["spec_version"], 1);

  run = Paved({"policy", "show", "-p", "cli-spec", "--env", "alpha", "--json"});
  EXPECT_NE(run.exit_code, 2) << run.err;
  EXPECT_TRUE(nlohmann::json::parse(run.out)["findings"].is_array());
}

}  // namespace
