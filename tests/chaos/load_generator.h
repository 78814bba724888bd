#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::chaos {

// Milliseconds on the steady clock.
int64_t NowMs();

// One client request: when it started, how long it took, and its HTTP status (-1 when the
// client gave up: timeout, refused or reset connection).
struct Sample {
  int64_t start_ms = 0;
  int64_t latency_ms = 0;
  int status = 0;
};

// A config version the server acknowledged: set `set` of the load project holds {"seq": seq}
// at version `version`.
struct AckedConfig {
  std::string set;
  int64_t version = 0;
  int64_t seq = 0;
};

// An alert the server acknowledged (2xx on the Alertmanager webhook).
struct AckedAlert {
  std::string fingerprint;
  std::string group;  // "<cluster>/<namespace>"
  std::string alertname;
};

// Everything the load saw: each acknowledged write by its key, and every request's sample.
struct LoadRecord {
  std::vector<std::string> teams;     // slugs
  std::vector<std::string> projects;  // slugs
  std::vector<AckedConfig> configs;
  std::vector<AckedConfig> specs;  // set "spec": the load project's app spec, env SEQ = seq
  std::vector<AckedAlert> alerts;  // first acknowledgement of each fingerprint
  int64_t alert_posts = 0;         // acknowledged webhook posts, repeats included
  std::vector<Sample> samples;

  void Merge(LoadRecord&& other);
  int64_t AcknowledgedWrites() const;
};

inline constexpr char kLoadProject[] = "chaos-config";
inline constexpr char kLoadEnvironment[] = "alpha";
inline constexpr char kAlertCluster[] = "chaos";
inline constexpr int kAlertGroups = 6;

// Keeps writing through one base URL from a few threads until Stop(): teams and projects,
// versioned config sets (with expected_version, re-reading after an unacknowledged write), app
// specs and Alertmanager notifications (new alerts and repeats) spread over kAlertGroups
// namespaces. Each request has a 5 s client timeout.
class LoadGenerator {
 public:
  LoadGenerator(std::string base_url, std::string token);
  ~LoadGenerator();

  // Creates the team and project the load writes under, retrying until acknowledged.
  absl::Status Prepare();
  void Start();
  // Stops and joins the threads, then returns what they recorded.
  LoadRecord Stop();

 private:
  struct Worker {
    std::unique_ptr<http::Client> client;
    LoadRecord record;
  };
  struct Reply {
    int status = -1;
    nlohmann::json body;
  };

  Reply Send(Worker& w, const std::string& method, const std::string& path, const std::string& body,
             const std::string& auth, const std::string& type = "application/json");
  Reply Api(Worker& w, const std::string& method, const std::string& path,
            const nlohmann::json& body = nullptr);
  void CatalogLoop(Worker& w, int id);
  void ConfigLoop(Worker& w, int id);
  int64_t CurrentConfigVersion(Worker& w, const std::string& set);
  void SpecLoop(Worker& w, int id);
  void AlertLoop(Worker& w, int id);

  const std::string base_url_;
  const std::string token_;
  std::atomic<bool> stop_{false};
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace paved::chaos
