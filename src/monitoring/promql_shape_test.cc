// The shape check of typed PromQL, and that promtool agrees with what it accepts.
#include "monitoring/promql_shape.h"

#include <string>

#include "gtest/gtest.h"

namespace paved::monitoring {
namespace {

TEST(PromqlShapeTest, WellFormedExpressionsPass) {
  for (const std::string& expr :
       {std::string("up"), std::string("sum by (service) (rate(x{a=\"(\"}[5m]))"),
        std::string(
            "histogram_quantile(0.99, sum by (le) (rate(h_bucket{path=~\"/a\\\\\\\"]\"}[5m])))"),
        std::string("label_replace(up, \"x\", '$1', `y`, \"(.*)\")")}) {
    EXPECT_TRUE(CheckPromqlShape(expr).ok()) << expr << ": " << CheckPromqlShape(expr);
  }
}

TEST(PromqlShapeTest, WhatPeopleMistypeIsRefusedSayingWhere) {
  struct Case {
    std::string expr, message;
  };
  for (const Case& c :
       {Case{"", "empty"}, Case{"   ", "empty"}, Case{"sum(rate(x[5m])", "missing )"},
        Case{"rate(x[5m)]", "unexpected ) at byte 9"}, Case{"up)", "unexpected ) at byte 2"},
        Case{"x{job=\"a}", "string opened at byte 6 is not closed"},
        Case{"x{job=\"a\\\"}", "string opened at byte 6 is not closed"}}) {
    absl::Status s = CheckPromqlShape(c.expr);
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << c.expr;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << c.expr << ": " << s;
  }
}

}  // namespace
}  // namespace paved::monitoring
