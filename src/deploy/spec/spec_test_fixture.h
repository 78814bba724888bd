#pragma once

// Test-only: the route fixture (teams "chat" and "ads", project "chat-gateway" owned by chat)
// with the spec routes (environments alpha and production; clusters local-alpha,
// local-production and prod-kr1; one warning per component, its name); bodies are sent as
// application/yaml unless told otherwise.

#include <string>

#include "deploy/spec/spec_routes.h"
#include "tests/support/route_fixture.h"

namespace paved::deploy::spec::testing {

using test_support::EngineParamName;

class SpecFixture : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog());
    router_.Add(SpecRoutes({.store = store_.get(),
                            .projects = projects_.get(),
                            .audit = audit_.get(),
                            .clock = &clock_,
                            .targets =
                                [] {
                                  return absl::StatusOr<SpecTargets>(
                                      SpecTargets{{"alpha", "production"},
                                                  {"local-alpha", "local-production", "prod-kr1"}});
                                },
                            .warnings =
                                [](const std::string&, const AppSpec& spec) {
                                  // One note per component, to see it answered.
                                  std::vector<std::string> notes;
                                  for (const auto& c : spec.components) notes.push_back(c.name);
                                  return absl::StatusOr<std::vector<std::string>>(notes);
                                }}));
  }

  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const std::string& body = "", const std::string& content_type = "application/yaml") {
    return RouteFixture::Call(method, target, caller, body, content_type);
  }
};

}  // namespace paved::deploy::spec::testing
