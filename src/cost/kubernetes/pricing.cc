#include "cost/kubernetes/pricing.h"

namespace paved::cost::kubernetes {

void SplitHourly(double hourly, double cores, double gib, double ratio, double& cpu_hour,
                 double& gib_hour) {
  double units = ratio * cores + gib;
  gib_hour = units > 0 ? hourly / units : 0;
  cpu_hour = ratio * gib_hour;
}

void PriceNode(NodeDay& node, const KubernetesCostConfig& config,
               std::optional<Money> bill_day_cost) {
  if (bill_day_cost.has_value()) {
    node.price_source = "bill";
    SplitHourly(bill_day_cost->dollars() / node.hours, node.cpu_cores, node.ram_gib,
                config.cpu_to_ram_price_ratio, node.cpu_hour_price, node.gib_hour_price);
    return;
  }
  node.price_source = "table";
  auto it = config.node_prices.find(node.instance_type);
  const NodePrice& price = it != config.node_prices.end() ? it->second : config.default_price;
  if (price.cpu_hour > 0 || price.gib_hour > 0) {
    node.cpu_hour_price = price.cpu_hour;
    node.gib_hour_price = price.gib_hour;
    return;
  }
  SplitHourly(price.hourly, node.cpu_cores, node.ram_gib, config.cpu_to_ram_price_ratio,
              node.cpu_hour_price, node.gib_hour_price);
}

}  // namespace paved::cost::kubernetes
