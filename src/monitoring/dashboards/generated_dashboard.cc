#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::dashboards {

const char* KindName(DashboardKind kind) {
  switch (kind) {
    case DashboardKind::kNamespace:
      return "namespace";
    case DashboardKind::kOverall:
      return "overall";
    case DashboardKind::kDoctor:
      return "doctor";
  }
  return "namespace";
}

}  // namespace paved::monitoring::dashboards
