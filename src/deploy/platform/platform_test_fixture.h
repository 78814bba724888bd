#pragma once

// Test-only: the route fixture with teams "chat" and "ads", projects "chat-gateway" (chat) and
// "ads-api" (ads), a PlatformStore and the platform routes.

#include <string>
#include <vector>

#include "deploy/platform/platform_routes.h"
#include "deploy/platform/platform_store.h"
#include "tests/support/route_fixture.h"

namespace paved::deploy::platform::testing {

using test_support::EngineParamName;

class PlatformFixture : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog({{"chat-gateway", "chat"}, {"ads-api", "ads"}}));
    platform_ = std::make_unique<PlatformStore>(store_.get(), &clock_);
    router_.Add(PlatformRoutes({.store = store_.get(),
                                .projects = projects_.get(),
                                .audit = audit_.get(),
                                .clock = &clock_,
                                .policy = &policy_}));
  }

  using RouteFixture::Call;
  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const nlohmann::json& body) {
    return Call(method, target, caller, body.dump());
  }

  std::vector<audit::Event> Events() {
    auto events = audit_->List({.limit = 500});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<audit::Event>{});
  }

  // Runs `fn` in a transaction and returns its status.
  template <typename Fn>
  absl::Status InTx(Fn fn) {
    return store_->Transaction([&](store::Tx& tx) -> absl::Status { return fn(tx); });
  }

  policy::PolicyConfig policy_;
  std::unique_ptr<PlatformStore> platform_;
};

}  // namespace paved::deploy::platform::testing
