// Writes the fixture project's rendered objects (production on an istio cluster, alpha without
// a mesh; secrets redacted and not) as one JSON array to stdout, for the schema check in
// tests/k8s-schema.
#include <iostream>

#include "deploy/render/testing/render_fixture.h"

namespace render = paved::deploy::render;

int main() {
  const auto spec = render::testing::FixtureSpec();
  const auto standards = render::testing::FixtureStandards();
  nlohmann::json all = nlohmann::json::array();
  struct Target {
    paved::deploy::platform::Environment env;
    paved::deploy::platform::Cluster cluster;
    bool redacted;
  };
  const Target targets[] = {
      {render::testing::ProductionEnvironment(), render::testing::ProductionCluster(), false},
      {render::testing::AlphaEnvironment(), render::testing::AlphaCluster(), true}};
  for (const Target& t : targets) {
    auto objects = render::Render(render::testing::FixtureInput(spec, t.env, t.cluster, t.redacted),
                                  standards);
    if (!objects.ok()) {
      std::cerr << "render " << t.cluster.name << ": " << objects.status() << "\n";
      return 1;
    }
    for (auto& obj : *objects) all.push_back(std::move(obj));
  }
  std::cout << all.dump(2) << "\n";
  return 0;
}
