#pragma once

// Test-only: the route fixture (teams "chat" and "ads", project "chat-gateway" owned by chat)
// with a key ring and the config routes.

#include <string>

#include "deploy/secrets/config_routes.h"
#include "deploy/secrets/key_ring.h"
#include "tests/support/route_fixture.h"

namespace paved::deploy::testing {

using test_support::EngineParamName;

class SecretsFixture : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog());
    ASSERT_OK(keys_.Add("k1", std::string(32, '\x11')));
    platform_ = std::make_unique<platform::PlatformStore>(store_.get(), &clock_);
    router_.Add(ConfigRoutes({.store = store_.get(),
                              .projects = projects_.get(),
                              .audit = audit_.get(),
                              .keys = &keys_,
                              .clock = &clock_,
                              .platform = platform_.get()}));
  }

  KeyRing keys_;
  std::unique_ptr<platform::PlatformStore> platform_;
};

}  // namespace paved::deploy::testing
