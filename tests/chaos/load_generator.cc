#include "tests/chaos/load_generator.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/chaos/chaos_cluster.h"

namespace paved::chaos {
namespace {

using json = nlohmann::json;

constexpr auto kClientTimeout = std::chrono::seconds(5);
constexpr int kAlertNames = 4;
// Between two requests of one thread: a steady load, not a saturated machine.
constexpr auto kPace = std::chrono::milliseconds(20);

// A 16-hex-digit fingerprint of one alert instance.
std::string Fingerprint(int group, int alertname, int instance) {
  uint64_t h = 1469598103934665603ULL;
  for (int v : {group, alertname, instance, 0x5eed})
    h = (h ^ static_cast<uint64_t>(v)) * 1099511628211ULL;
  char buf[17];
  snprintf(buf, sizeof(buf), "%016" PRIx64, h);
  return buf;
}

std::string Namespace(int group) { return absl::StrCat("chaos-ns-", group); }

json AlertJson(int group, int alertname, int instance) {
  return {{"status", "firing"},
          {"labels",
           {{"alertname", absl::StrCat("ChaosAlert", alertname)},
            {"namespace", Namespace(group)},
            {"cluster", kAlertCluster},
            {"severity", "warning"},
            {"instance", absl::StrCat("i-", instance)}}},
          {"annotations", {{"summary", "injected by the chaos test"}}},
          {"startsAt", "2026-11-20T03:12:00.000Z"},
          {"endsAt", "0001-01-01T00:00:00Z"},
          {"fingerprint", Fingerprint(group, alertname, instance)}};
}

}  // namespace

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void LoadRecord::Merge(LoadRecord&& other) {
  auto append = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  append(teams, other.teams);
  append(projects, other.projects);
  append(configs, other.configs);
  append(specs, other.specs);
  append(alerts, other.alerts);
  append(samples, other.samples);
  alert_posts += other.alert_posts;
}

int64_t LoadRecord::AcknowledgedWrites() const {
  return static_cast<int64_t>(teams.size() + projects.size() + configs.size() + specs.size()) +
         alert_posts;
}

LoadGenerator::LoadGenerator(std::string base_url, std::string token)
    : base_url_(std::move(base_url)), token_(std::move(token)) {}

LoadGenerator::~LoadGenerator() { Stop(); }

LoadGenerator::Reply LoadGenerator::Send(Worker& w, const std::string& method,
                                         const std::string& path, const std::string& body,
                                         const std::string& auth, const std::string& type) {
  int64_t start = NowMs();
  auto r = w.client->Send(method, base_url_ + path,
                          {{"Content-Type", type}, {"Authorization", auth}}, body, kClientTimeout);
  Reply reply;
  if (r.ok()) {
    reply.status = r->status;
    reply.body = json::parse(r->body, nullptr, false);
  }
  w.record.samples.push_back({start, NowMs() - start, reply.status});
  return reply;
}

LoadGenerator::Reply LoadGenerator::Api(Worker& w, const std::string& method,
                                        const std::string& path, const json& body) {
  return Send(w, method, "/api/v1" + path, body.is_null() ? "" : body.dump(), "Bearer " + token_);
}

absl::Status LoadGenerator::Prepare() {
  Worker w{http::NewCurlClient({.use_env_proxy = false}), {}};
  auto ensure = [&](const std::string& path, const json& body, const std::string& get) {
    for (int i = 0; i < 50; ++i) {
      int status = Api(w, "POST", path, body).status;
      if (status == 201 || Api(w, "GET", get).status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  };
  if (!ensure("/teams", {{"slug", "chaos"}, {"name", "Chaos"}}, "/teams/chaos") ||
      !ensure("/projects", {{"slug", kLoadProject}, {"name", "Chaos"}, {"owner_team", "chaos"}},
              absl::StrCat("/projects/", kLoadProject))) {
    return absl::UnavailableError("could not create the load's team and project");
  }
  return absl::OkStatus();
}

void LoadGenerator::Start() {
  using Loop = void (LoadGenerator::*)(Worker&, int);
  const Loop loops[] = {&LoadGenerator::CatalogLoop, &LoadGenerator::CatalogLoop,
                        &LoadGenerator::ConfigLoop,  &LoadGenerator::ConfigLoop,
                        &LoadGenerator::SpecLoop,    &LoadGenerator::AlertLoop,
                        &LoadGenerator::AlertLoop};
  int id = 0;
  for (Loop loop : loops) {
    workers_.push_back(
        std::make_unique<Worker>(Worker{http::NewCurlClient({.use_env_proxy = false}), {}}));
    Worker* w = workers_.back().get();
    threads_.emplace_back([this, loop, w, id] { (this->*loop)(*w, id); });
    ++id;
  }
}

LoadRecord LoadGenerator::Stop() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
  LoadRecord all;
  for (auto& w : workers_) all.Merge(std::move(w->record));
  workers_.clear();
  return all;
}

// Every fifth write a new team, the others projects owned by this worker's latest team.
void LoadGenerator::CatalogLoop(Worker& w, int id) {
  std::string team = "chaos";
  for (int n = 0; !stop_; ++n) {
    if (n % 5 == 0) {
      std::string slug = absl::StrCat("chaos-w", id, "-t", n);
      if (Api(w, "POST", "/teams", {{"slug", slug}, {"name", slug}}).status == 201) {
        w.record.teams.push_back(slug);
        team = slug;
      }
      continue;
    }
    std::this_thread::sleep_for(kPace);
    std::string slug = absl::StrCat("chaos-w", id, "-p", n);
    json body = {{"slug", slug}, {"name", slug}, {"owner_team", team}};
    if (Api(w, "POST", "/projects", body).status == 201) w.record.projects.push_back(slug);
  }
}

int64_t LoadGenerator::CurrentConfigVersion(Worker& w, const std::string& set) {
  std::string path =
      absl::StrCat("/projects/", kLoadProject, "/config/", kLoadEnvironment, "/", set, "/history");
  while (!stop_) {
    Reply r = Api(w, "GET", path);
    if (r.status == 404) return 0;
    if (r.status == 200 && r.body.contains("items")) {
      int64_t v = 0;
      for (const json& item : r.body["items"]) v = std::max<int64_t>(v, item.value("version", 0));
      return v;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

// Versioned writes of one set: each acknowledged version must be readable at the end. After a
// write that was not acknowledged (it may or may not have happened), the version is read again.
void LoadGenerator::ConfigLoop(Worker& w, int id) {
  std::string set = absl::StrCat("w", id);
  std::string path =
      absl::StrCat("/projects/", kLoadProject, "/config/", kLoadEnvironment, "/", set);
  int64_t version = 0;
  for (int64_t seq = 1; !stop_; ++seq) {
    std::this_thread::sleep_for(kPace);
    json body = {{"data", {{"seq", std::to_string(seq)}}},
                 {"message", absl::StrCat("seq ", seq)},
                 {"expected_version", version}};
    Reply r = Api(w, "PUT", path, body);
    if (r.status / 100 == 2 && r.body.contains("version")) {
      version = r.body["version"].get<int64_t>();
      w.record.configs.push_back({set, version, seq});
    } else {
      version = CurrentConfigVersion(w, set);
    }
  }
}

std::string SpecYaml(int64_t seq) {
  return absl::StrCat("apiVersion: paved.dev/v1\nservices:\n  web:\n",
                      "    image: registry.example.com/chaos-web\n    port: 8080\n",
                      "    env: {SEQ: \"", seq, "\"}\n");
}

// App spec pushes: each acknowledged one (201) is a new version that must hold its SEQ.
void LoadGenerator::SpecLoop(Worker& w, int) {
  const std::string path = absl::StrCat("/api/v1/projects/", kLoadProject, "/spec");
  for (int64_t seq = 1; !stop_; ++seq) {
    std::this_thread::sleep_for(kPace);
    Reply r = Send(w, "PUT", path, SpecYaml(seq), "Bearer " + token_, "application/yaml");
    if (r.status == 201 && r.body.is_object() && r.body.contains("version")) {
      w.record.specs.push_back({"spec", r.body["version"].get<int64_t>(), seq});
    }
  }
}

// Half the notifications bring a new alert instance, the other half repeat acknowledged ones.
void LoadGenerator::AlertLoop(Worker& w, int id) {
  std::mt19937 rng(id * 7919 + 1);
  std::set<std::string> acked;
  std::vector<std::tuple<int, int, int>> sent;
  const std::string auth = absl::StrCat("Bearer ", kSourceToken);
  for (int instance = id * 1'000'000; !stop_; ++instance) {
    std::this_thread::sleep_for(kPace);
    json alerts = json::array();
    std::vector<std::tuple<int, int, int>> batch;
    if (sent.empty() || rng() % 2 == 0) {
      batch.push_back({static_cast<int>(rng() % kAlertGroups),
                       static_cast<int>(rng() % kAlertNames), instance});
    } else {
      batch.push_back(sent[rng() % sent.size()]);
    }
    for (auto [g, a, i] : batch) alerts.push_back(AlertJson(g, a, i));
    json body = {{"version", "4"}, {"status", "firing"}, {"receiver", "paved"}, {"alerts", alerts}};
    if (Send(w, "POST", "/hooks/alertmanager", body.dump(), auth).status / 100 != 2) continue;
    ++w.record.alert_posts;
    for (auto [g, a, i] : batch) {
      std::string fp = Fingerprint(g, a, i);
      if (!acked.insert(fp).second) continue;
      sent.push_back({g, a, i});
      w.record.alerts.push_back(
          {fp, absl::StrCat(kAlertCluster, "/", Namespace(g)), absl::StrCat("ChaosAlert", a)});
    }
  }
}

}  // namespace paved::chaos
