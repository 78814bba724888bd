#include "server/app.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "auth/auth_routes.h"
#include "auth/permissions.h"
#include "catalog/backstage/backstage_routes.h"
#include "catalog/catalog_routes.h"
#include "catalog/hr_routes.h"
#include "catalog/resource_routes.h"
#include "core/log.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "cost/cost_routes.h"
#include "deploy/metrics/metrics_routes.h"
#include "deploy/metrics/prometheus.h"
#include "deploy/platform/default_targets.h"
#include "deploy/platform/known_names.h"
#include "deploy/platform/platform_routes.h"
#include "deploy/policy/policy_routes.h"
#include "deploy/release/manifest_routes.h"
#include "deploy/release/shadow_warnings.h"
#include "deploy/rollout/deploy_routes.h"
#include "deploy/rollout/install.h"
#include "deploy/runtime/gitops/gitops_runtime.h"
#include "deploy/runtime/kubernetes/kubernetes_runtime.h"
#include "deploy/runtime/local/local_runtime.h"
#include "deploy/runtime/local/sealing.h"
#include "deploy/secrets/config_routes.h"
#include "deploy/spec/spec_routes.h"
#include "http/errors.h"
#include "monitoring/rules/release_rules.h"
#include "resources/resource_routes.h"
#include "resources/site_routes.h"
#include "server/bootstrap.h"
#include "server/ops_routes.h"
#include "server/response_check.h"
#include "server/static_files.h"
#include "spdlog/spdlog.h"
#include "store/migrate.h"
#include "traffic/edges/traffic_routes.h"

#ifndef PAVED_WEB_DIR
#define PAVED_WEB_DIR "web/dist"
#endif

namespace paved::server {

const char kVersion[] = "0.1.0";

namespace {

bool IsMutating(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool IsApiPath(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path == "/api" || path.rfind("/hooks/", 0) == 0 ||
         path == "/healthz" || path == "/readyz" || path == "/metrics";
}

void AddSecurityHeaders(http::Response& r) {
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("X-Frame-Options", "DENY");
  r.SetHeader("Referrer-Policy", "same-origin");
  // A route that sets its own policy keeps it (local static sites: a sandbox).
  if (r.Header("Content-Type").rfind("text/html", 0) == 0 &&
      r.Header("Content-Security-Policy").empty()) {
    r.SetHeader("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
  }
}

// host-pid-random: the prefix of this process's job worker ids.
std::string WorkerPrefix() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = 0;
  return std::string(host[0] ? host : "paved") + "-" + std::to_string(getpid()) + "-" +
         RandomToken(6);
}

// The config's local_runtime section: isolated unless an admin chose unsafe_shared_host; the data
// directory and the config file are hidden from workloads.
absl::StatusOr<deploy::runtime::local::Sandbox> LocalSandbox(const ServerConfig& config) {
  using deploy::runtime::local::Sandbox;
  Sandbox sandbox;
  const nlohmann::json section = config.file.is_object()
                                     ? config.file.value("local_runtime", nlohmann::json::object())
                                     : nlohmann::json::object();
  if (!section.is_object()) return absl::InvalidArgumentError("local_runtime: must be a mapping");
  const nlohmann::json shared = section.value("unsafe_shared_host", nlohmann::json(false));
  if (!shared.is_boolean()) {
    return absl::InvalidArgumentError("local_runtime.unsafe_shared_host: must be true or false");
  }
  if (shared.get<bool>()) sandbox.mode = Sandbox::Mode::kSharedHost;
  const nlohmann::json uid_base = section.value("uid_base", nlohmann::json(sandbox.uid_base));
  if (!uid_base.is_number_unsigned() || uid_base.get<uint64_t>() < 1000 ||
      uid_base.get<uint64_t>() > 0xF0000000u) {
    return absl::InvalidArgumentError("local_runtime.uid_base: must be a number from 1000 up");
  }
  sandbox.uid_base = uid_base.get<uint32_t>();
  sandbox.hidden_paths.push_back(std::filesystem::absolute(config.data_dir).string());
  if (!config.config_path.empty()) {
    sandbox.hidden_paths.push_back(std::filesystem::absolute(config.config_path).string());
  }
  return sandbox;
}

}  // namespace

absl::StatusOr<std::unique_ptr<App>> App::Create(const ServerConfig& config, const Clock* clock) {
  std::unique_ptr<App> app(new App(config, clock));
  RETURN_IF_ERROR(app->Init());
  return app;
}

App::~App() { StopBackground(); }

absl::Status App::Init() {
  if (config_.store_url.rfind("sqlite://", 0) == 0 && config_.store_url != "sqlite://:memory:") {
    std::error_code ec;
    std::filesystem::create_directories(
        std::filesystem::path(config_.store_url.substr(9)).parent_path(), ec);
  }
  std::error_code dir_error;
  std::filesystem::create_directories(config_.data_dir, dir_error);
  if (dir_error) {
    return absl::FailedPreconditionError("cannot create data dir " + config_.data_dir + ": " +
                                         dir_error.message());
  }
  // Read-only (a mount, permissions): say so now rather than as SQLite's "unable to open".
  if (access(config_.data_dir.c_str(), W_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the data directory ", config_.data_dir, " is not writable (",
                     std::strerror(errno), "): Paved keeps its store, keys and workloads there"));
  }
  if (config_.web_dir.empty()) config_.web_dir = PAVED_WEB_DIR;
  const char* check = std::getenv("PAVED_CHECK_RESPONSES");
  check_responses_ = check != nullptr && std::string(check) == "1";
  ASSIGN_OR_RETURN(store_, store::OpenStore(config_.store_url));
  RETURN_IF_ERROR(store::Migrate(*store_, store::AllMigrations()));
  audit_ = std::make_unique<audit::AuditLog>(store_.get(), clock_);
  event_feed_ = std::make_unique<audit::EventFeed>(audit_.get(), store_.get());
  users_ = std::make_unique<auth::UserStore>(store_.get(), clock_);
  users_->SetTeamSlugLookup([store = store_.get()](const std::vector<std::string>& team_ids) {
    return catalog::TeamStore::SlugsByIds(*store, team_ids);
  });
  credentials_ = std::make_unique<auth::Credentials>(store_.get(), clock_, config_.session_ttl_ms);
  throttle_ = std::make_unique<auth::LoginThrottle>(
      store_.get(), clock_, config_.login_max_failures, config_.login_lock_ms);
  teams_ = std::make_unique<catalog::TeamStore>(store_.get(), clock_);
  ASSIGN_OR_RETURN(catalog::NamespaceRules namespace_rules,
                   catalog::ParseNamespaceRules(config_.file));
  projects_ =
      std::make_unique<catalog::ProjectStore>(store_.get(), clock_, std::move(namespace_rules));
  job_queue_ = std::make_unique<jobs::JobQueue>(store_.get(), clock_);
  worker_prefix_ = WorkerPrefix();
  workers_ = std::make_unique<jobs::WorkerPool>(
      job_queue_.get(),
      jobs::WorkerPoolOptions{// Unique per process: replicas (and a restarted server) must
                              // never act on each other's leases.
                              .worker_prefix = worker_prefix_,
                              .threads = config_.worker_threads,
                              .lease_ms = config_.job_lease_ms});
  scheduler_ = std::make_unique<jobs::Scheduler>(job_queue_.get());
  owner_lookup_ = std::make_unique<catalog::OwnerLookup>(store_.get());
  resources_ = std::make_unique<catalog::CloudResourceStore>(store_.get(), clock_);
  specs_ = std::make_unique<deploy::spec::SpecStore>(store_.get(), clock_);
  platform_ = std::make_unique<deploy::platform::PlatformStore>(store_.get(), clock_);
  config_store_ = std::make_unique<deploy::ConfigStore>(store_.get(), clock_);
  // Before the demo data: every project, whoever creates it, starts with the default targets.
  ASSIGN_OR_RETURN(auto default_targets, deploy::platform::ParseDefaultTargets(config_.file));
  projects_->SetCreateHook(deploy::platform::AssignDefaultTargets(platform_.get(), audit_.get(),
                                                                  std::move(default_targets)));
  // Scorecard checks on deploy's data, contributed by deploy.
  projects_->AddScoreCheck(deploy::spec::AppSpecScoreCheck(specs_.get()));
  projects_->AddScoreCheck(deploy::platform::ProductionTargetScoreCheck(platform_.get()));
  RETURN_IF_ERROR(EnsureAdmin(*store_, *users_, *audit_, config_.admin_password));
  if (config_.demo_data) {
    ASSIGN_OR_RETURN(auto any_team, teams_->List({.limit = 1}));
    demo_seeded_ = any_team.empty();
    RETURN_IF_ERROR(SeedDemoData(*store_, *teams_, *projects_, *audit_,
                                 {specs_.get(), platform_.get(), config_store_.get()}));
  }
  RETURN_IF_ERROR(AddRoutes());
  metrics_.AddGauge("paved_job_queue_depth", "Jobs queued or running.", [this] {
    auto depth = job_queue_->Depth();
    return depth.ok() ? static_cast<double>(*depth) : -1.0;
  });
  metrics_.AddGauge("paved_sse_streams", "Open server-sent event streams.",
                    [this] { return static_cast<double>(event_feed_->subscriber_count()); });
  return absl::OkStatus();
}

absl::Status App::AddRoutes() {
  router_.Add(OpsRoutes(
      {store_.get(), audit_.get(), event_feed_.get(), job_queue_.get(), &metrics_, &router_}));
  router_.Add(
      auth::AuthRoutes({.store = store_.get(),
                        .users = users_.get(),
                        .credentials = credentials_.get(),
                        .throttle = throttle_.get(),
                        .audit = audit_.get(),
                        .session_ttl_ms = config_.session_ttl_ms,
                        .proxies = http::TrustedProxies(config_.trusted_proxies),
                        .https_public_url = absl::StartsWith(config_.public_url, "https://")}));
  catalog::CatalogDeps catalog{store_.get(), clock_,       teams_.get(),       projects_.get(),
                               users_.get(), audit_.get(), owner_lookup_.get()};
  router_.Add(catalog::TeamRoutes(catalog));
  router_.Add(catalog::ProjectRoutes(catalog));
  router_.Add(catalog::OwnershipRoutes(catalog));
  std::string hr_annotation;
  if (auto c = config_.file.find("catalog"); c != config_.file.end() && c->is_object()) {
    hr_annotation = c->value("hr_id_annotation", "");
  }
  router_.Add(catalog::backstage::BackstageRoutes({.store = store_.get(),
                                                   .teams = teams_.get(),
                                                   .projects = projects_.get(),
                                                   .resources = resources_.get(),
                                                   .audit = audit_.get(),
                                                   .hr_id_annotation = hr_annotation,
                                                   .clock = clock_}));
  catalog::CloudResourceDeps resource_deps{store_.get(),     clock_,           audit_.get(),
                                           resources_.get(), teams_.get(),     projects_.get(),
                                           workers_.get(),   scheduler_.get(), &config_.file};
  ASSIGN_OR_RETURN(auto scanner, catalog::InstallCloudResources(resource_deps));
  router_.Add(catalog::ResourceRoutes(resource_deps, std::move(scanner)));
  ASSIGN_OR_RETURN(auto hr_sync, catalog::InstallHrSync({store_.get(), clock_, audit_.get(),
                                                         teams_.get(), users_.get(), workers_.get(),
                                                         scheduler_.get(), &config_.file}));
  router_.Add(catalog::HrSyncRoutes(store_.get(), scheduler_.get(), std::move(hr_sync)));
  RETURN_IF_ERROR(InstallMonitoring());
  RETURN_IF_ERROR(AddDeployRoutes());
  RETURN_IF_ERROR(InstallBudgets());
  RETURN_IF_ERROR(AddResourceRoutes());
  RETURN_IF_ERROR(AddCostRoutes());
  RETURN_IF_ERROR(AddTrafficRoutes());
  RETURN_IF_ERROR(InstallPodHistory());
  RETURN_IF_ERROR(InstallCostAllocation());
  RETURN_IF_ERROR(InstallCostSources());
  RETURN_IF_ERROR(InstallTrafficSources());
  RETURN_IF_ERROR(InstallAlerts());
  RETURN_IF_ERROR(InstallIncidents());
  RETURN_IF_ERROR(InstallMonitoringDashboards());
  return InstallBudgetNotifier();
}

std::string App::PublicUrl() const {
  if (!config_.public_url.empty()) return config_.public_url;
  return "http://" + config_.listen_host + ":" + std::to_string(config_.listen_port);
}

// The chat as alert delivery reaches it: the bot, else the incoming webhook, else nobody.
absl::Status App::PostToTeamChannel(const std::string& team_slug, const std::string& text) {
  ASSIGN_OR_RETURN(std::optional<catalog::Team> team, teams_->FindBySlug(team_slug));
  if (!team || team->chat_channel.empty()) return absl::OkStatus();
  slack::Message message{.channel = team->chat_channel, .text = text};
  if (slack_) return slack_->PostMessage(message).status();
  if (!alerts_config_.slack_webhook_url.empty()) {
    return slack::PostToIncomingWebhook(outbound_http_.get(), alerts_config_.slack_webhook_url,
                                        message);
  }
  return absl::OkStatus();
}

absl::Status App::AddResourceRoutes() {
  ASSIGN_OR_RETURN(auto known, deploy::platform::ReadKnownNames(*platform_));
  ASSIGN_OR_RETURN(deploy::runtime::local::Sandbox sandbox, LocalSandbox(config_));
  ASSIGN_OR_RETURN(
      resources_domain_,
      resources::InstallResources(
          {.store = store_.get(),
           .clock = clock_,
           .audit = audit_.get(),
           .projects = projects_.get(),
           .teams = teams_.get(),
           .queue = job_queue_.get(),
           .workers = workers_.get(),
           .scheduler = scheduler_.get(),
           .config = &config_.file,
           .data_dir = config_.data_dir,
           .sandbox = std::move(sandbox),
           .require_environment =
               [platform = platform_.get()](const std::string& env) {
                 return deploy::platform::RequireEnvironment(*platform, env, "environment")
                     .status();
               },
           .environments = known.environments,
           .keys = secret_keys_.get(),
           .chat = [this](const std::string& team,
                          const std::string& text) { return PostToTeamChannel(team, text); },
           .public_url = PublicUrl(),
           .budget_gate = BudgetGate()}));
  router_.Add(resources::ResourceRoutes(resources_domain_.service, resources_domain_.store.get(),
                                        resources_domain_.runner.get()));
  router_.Add(resources::SiteRoutes(resources_domain_.service, resources_domain_.store.get(),
                                    resources_domain_.local.get(), resources_domain_.site_limits));
  return absl::OkStatus();
}

absl::Status App::AddDeployRoutes() {
  const nlohmann::json& file = config_.file;
  ASSIGN_OR_RETURN(policy_config_,
                   deploy::policy::ParsePolicyConfig(
                       file.is_object() && file.contains("policy") ? file["policy"] : nullptr));
  router_.Add(deploy::policy::PolicyRoutes(&policy_config_));
  // Secrets are encrypted under PAVED_SECRET_KEY, else a key file made on first start.
  ASSIGN_OR_RETURN(secret_keys_, deploy::KeyRing::Load(config_.data_dir + "/secret.keys"));
  router_.Add(deploy::ConfigRoutes(
      {.store = store_.get(),
       .projects = projects_.get(),
       .audit = audit_.get(),
       .keys = secret_keys_.get(),
       .clock = clock_,
       .platform = platform_.get(),
       .write_warnings = [specs = specs_.get()](const std::string& project_id,
                                                const std::string& env, const std::string& set,
                                                const auto& data) {
         return deploy::release::ConfigWriteWarnings(*specs, project_id, env, set, data);
       }}));
  ASSIGN_OR_RETURN(standards_,
                   deploy::render::ParseStandards(file.is_object() && file.contains("standards")
                                                      ? file["standards"]
                                                      : nullptr));
  secret_store_ = std::make_unique<deploy::SecretStore>(store_.get(), secret_keys_.get(), clock_);
  router_.Add(deploy::spec::SpecRoutes(
      {.store = store_.get(),
       .projects = projects_.get(),
       .audit = audit_.get(),
       .clock = clock_,
       .targets = [platform = platform_.get()]() -> absl::StatusOr<deploy::spec::SpecTargets> {
         ASSIGN_OR_RETURN(auto known, deploy::platform::ReadKnownNames(*platform));
         return deploy::spec::SpecTargets{known.environments, known.clusters};
       },
       .warnings =
           [platform = platform_.get(), config = config_store_.get()](
               const std::string& project_id, const deploy::spec::AppSpec& app) {
             return deploy::release::SpecPushWarnings(*platform, *config, project_id, app);
           }}));
  const deploy::platform::CredentialsPolicy credentials_policy{
      .files_dir = config_.cluster_credentials_dir, .data_dir = config_.data_dir};
  router_.Add(deploy::platform::PlatformRoutes({.store = store_.get(),
                                                .projects = projects_.get(),
                                                .audit = audit_.get(),
                                                .clock = clock_,
                                                .policy = &policy_config_,
                                                .credentials = credentials_policy}));
  releases_ = std::make_unique<deploy::release::ReleaseBuilder>(deploy::release::ReleaseDeps{
      .projects = projects_.get(),
      .specs = specs_.get(),
      .platform = platform_.get(),
      .config = config_store_.get(),
      .secrets = secret_store_.get(),
      .standards = &standards_,
      .policy = &policy_config_,
      .clock = clock_,
      .resource_env = [this](const std::string& project_id, const std::string& environment,
                             const deploy::spec::ResourceUse& use)
          -> absl::StatusOr<deploy::render::ResourceEnvInput> {
        ASSIGN_OR_RETURN(resources::ConnectionEnv found,
                         resources::DeployEnv(*resources_domain_.store, project_id, environment,
                                              use.name, use.prefix));
        return deploy::render::ResourceEnvInput{.name = use.name,
                                                .values = std::move(found.values),
                                                .secrets = std::move(found.secrets)};
      },
      .extra_objects =
          monitoring::rules::PrometheusRuleObjects(&monitoring_config_, LessonRules())});
  router_.Add(deploy::release::ManifestRoutes(releases_.get(), &standards_));
  // Instances' env (secret values included) is sealed at rest with the secrets' key.
  deploy::runtime::local::LocalRuntimeOptions local_options;
  deploy::runtime::local::SealWithKeyRing(secret_keys_.get(), &local_options);
  ASSIGN_OR_RETURN(local_options.sandbox, LocalSandbox(config_));
  auto local = std::make_unique<deploy::runtime::local::LocalRuntime>(
      config_.data_dir + "/local-runtime", clock_, local_options);
  local_runtime_ = local.get();
  runtimes_.Add("local", std::move(local));
  runtimes_.Add("kubernetes", std::make_unique<deploy::runtime::kubernetes::KubernetesRuntime>(
                                  deploy::runtime::kubernetes::KubernetesOptions{
                                      .credentials_policy = credentials_policy}));
  runtimes_.Add("gitops", std::make_unique<deploy::runtime::gitops::GitOpsRuntime>(
                              config_.data_dir + "/gitops", clock_));
  deploy::rollout::DeployDeps deploy_deps{
      .store = store_.get(),
      .clock = clock_,
      .audit = audit_.get(),
      .projects = projects_.get(),
      .teams = teams_.get(),
      .platform = platform_.get(),
      .releases = releases_.get(),
      .runtimes = &runtimes_,
      .job_queue = job_queue_.get(),
      .workers = workers_.get(),
      .config = &config_.file,
      .specs = specs_.get(),
      .scheduler = scheduler_.get(),
      .demo_project = demo_seeded_ && config_.demo_deploy ? "chat-gateway" : ""};
  ASSIGN_OR_RETURN(auto deploy_service, deploy::rollout::InstallDeployments(deploy_deps));
  router_.Add(deploy::rollout::DeployRoutes(deploy_deps, std::move(deploy_service)));
  router_.Add(deploy::metrics::DeployMetricsRoutes(store_.get(), clock_));
  deploy::metrics::RegisterDeployPrometheusMetrics(metrics_, store_.get());
  return absl::OkStatus();
}

absl::Status App::StartBackground() {
  RETURN_IF_ERROR(event_feed_->Start());
  workers_->Start();
  alert_first_posts_->Start();
  scheduler_->Start();
  return absl::OkStatus();
}

void App::StopBackground() {
  if (scheduler_) scheduler_->Stop();
  if (workers_) workers_->Stop();
  if (alert_first_posts_) alert_first_posts_->Stop();
  if (event_feed_) event_feed_->Stop();
}

std::string App::ShutdownNote() {
  const int running = local_runtime_ ? local_runtime_->RunningProcesses() : 0;
  if (running == 0) return "";
  return std::to_string(running) +
         (running == 1 ? " local workload process keeps" : " local workload processes keep") +
         " running; the next `paved serve` with data directory " + config_.data_dir +
         " re-adopts them (and restarts any that stopped meanwhile)";
}

http::Response App::Dispatch(http::Request& req, std::string* route_label, std::string* actor) {
  http::Router::Match match = router_.Find(req.method, req.path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) {
      *route_label = "method_not_allowed";
      http::Response r = http::ErrorResponse(405, "method_not_allowed",
                                             req.method + " is not allowed on " + req.path);
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      r.SetHeader("Allow", allow);
      return r;
    }
    if (IsApiPath(req.path)) {
      *route_label = "not_found";
      return http::ErrorResponse(404, "not_found", "no route " + req.method + " " + req.path);
    }
    *route_label = "static";
    return ServeStatic(config_.web_dir, req);
  }
  const http::Route& route = *match.route;
  *route_label = route.path;
  absl::StatusOr<std::optional<http::Caller>> caller = CallerOf(route, req);
  const http::Caller* who = caller.ok() && *caller ? &**caller : nullptr;
  if (who) *actor = who->login;
  if (std::optional<http::Response> refused = Refusal(route, req, caller)) return *refused;
  req.path_params = std::move(match.params);
  http::Context ctx{req, who};
  if (check_responses_) return CheckResponse(route, route.handler(ctx));
  return route.handler(ctx);
}

absl::StatusOr<std::optional<http::Caller>> App::CallerOf(const http::Route& route,
                                                          const http::Request& req) const {
  if (route.authenticates_itself) return std::nullopt;
  return credentials_->Authenticate(req.Header("Authorization"), req.Header("Cookie"));
}

std::optional<http::Response> App::Refusal(
    const http::Route& route, const http::Request& req,
    const absl::StatusOr<std::optional<http::Caller>>& caller) {
  if (!caller.ok() && route.access != http::Access::kPublic) {
    return http::ErrorFromStatus(caller.status());
  }
  const http::Caller* who = caller.ok() && *caller ? &**caller : nullptr;
  if (!auth::AccessAllows(route.access, who)) {
    if (!who) return http::ErrorResponse(401, "unauthenticated", "sign in first");
    return http::ErrorResponse(403, "forbidden",
                               "role " + std::string(RoleName(who->role)) + " may not do this");
  }
  if (who && who->via_cookie && IsMutating(req.method) &&
      req.Header("X-CSRF-Token") != who->csrf_token) {
    return http::ErrorResponse(403, "csrf", "missing or wrong X-CSRF-Token header");
  }
  return std::nullopt;
}

size_t App::BodyLimit(const http::Request& head) const {
  const size_t usual = static_cast<size_t>(config_.max_body_bytes);
  http::Router::Match match = router_.Find(head.method, head.path);
  if (!match.route || match.route->max_body_bytes <= usual) return usual;
  // The larger body is for a caller the route names and admits, decided as Dispatch will.
  absl::StatusOr<std::optional<http::Caller>> caller = CallerOf(*match.route, head);
  if (!caller.ok() || !caller->has_value() || Refusal(*match.route, head, caller)) return usual;
  return match.route->max_body_bytes;
}

http::Response App::Handle(http::Request& req) {
  auto start = std::chrono::steady_clock::now();
  std::string route_label, actor;
  http::Response r;
  try {
    r = Dispatch(req, &route_label, &actor);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", req.method, req.path, e.what());
    r = http::ErrorResponse(500, "internal", "internal error");
  }
  AddSecurityHeaders(r);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.ObserveRequest(req.method, route_label, r.stream ? 200 : r.status, secs);
  if (config_.access_log && route_label != "static") {
    LogRecord({{"type", "access"},
               {"method", req.method},
               {"path", req.path},
               {"route", route_label},
               {"status", r.stream ? 200 : r.status},
               {"ms", secs * 1000},
               {"remote", req.remote_addr},
               {"actor", actor}});
  }
  return r;
}

}  // namespace paved::server
