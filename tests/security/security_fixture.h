#pragma once

// Test-only: one App for the whole security suite, served on a real socket, with two teams,
// a project of team A with a config set, a secret and an artifact, a GitOps cluster (with a
// credentials reference) it targets, and tokens for a viewer and for developers of teams A and B.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "http/client.h"
#include "http/server.h"
#include "server/testing/test_app.h"

namespace paved::security_test {

inline constexpr char kProjectA[] = "proj-a";
inline constexpr char kTeamA[] = "team-a";
inline constexpr char kGitopsCluster[] = "git-1";
// The GitOps cluster's credentials reference: admins only may ever read it.
inline constexpr char kClusterCredentials[] = "env:PAVED_CLUSTER_GIT_1_ADMINS_ONLY";

struct World {
  std::unique_ptr<server::testing::TestApp> app;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<http::Client> client;
  std::string base_url;  // http://127.0.0.1:<port>
  std::string viewer;    // bearer tokens
  std::string developer_a;
  std::string developer_b;
  std::string admin;
  size_t max_body_bytes = 0;
};

class SecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  // Over the socket: `target` is sent as written (no normalisation), `token` "" = anonymous.
  static http::ClientResponse Send(const std::string& method, const std::string& target,
                                   const std::string& body = "", const std::string& token = "",
                                   http::ClientHeaders headers = {});

  static World* world_;
};

}  // namespace paved::security_test
