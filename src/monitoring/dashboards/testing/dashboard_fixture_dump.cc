// Prints every dashboard generated for the fixture as one JSON array of dashboard models.
#include <iostream>

#include "monitoring/dashboards/testing/fixture_inputs.h"

int main() {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& d : paved::monitoring::dashboards::testing::FixtureDashboards()) {
    all.push_back(d.model);
  }
  std::cout << all.dump(2) << "\n";
  return 0;
}
