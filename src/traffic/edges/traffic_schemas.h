#pragma once

#include "http/schema.h"

namespace paved::traffic::edges {

// The OpenAPI shapes of the traffic API's answers (docs/traffic.md).
http::Schema AnalysisSchema();  // TrafficAnalysis
http::Schema RankingSchema();   // TrafficRanking
http::Schema ScopeSchema();     // TrafficScope

}  // namespace paved::traffic::edges
