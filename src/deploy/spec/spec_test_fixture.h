#pragma once

// Test-only: the route fixture (teams "chat" and "ads", project "chat-gateway" owned by chat)
// with the spec routes; bodies are sent as application/yaml unless told otherwise.

#include <string>

#include "deploy/spec/spec_routes.h"
#include "tests/support/route_fixture.h"

namespace paved::deploy::spec::testing {

using test_support::EngineParamName;

class SpecFixture : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog());
    RegisterSpecRoutes(router_, {.store = store_.get(),
                                 .projects = projects_.get(),
                                 .audit = audit_.get(),
                                 .clock = &clock_});
  }

  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const std::string& body = "", const std::string& content_type = "application/yaml") {
    return RouteFixture::Call(method, target, caller, body, content_type);
  }
};

}  // namespace paved::deploy::spec::testing
