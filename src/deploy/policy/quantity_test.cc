#include "deploy/policy/quantity.h"

#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

double Q(const std::string& s) {
  auto q = ParseQuantity(s);
  EXPECT_TRUE(q.ok()) << s << ": " << q.status();
  return q.value_or(-1);
}

TEST(QuantityTest, ParsesCpu) {
  EXPECT_DOUBLE_EQ(Q("500m"), 0.5);
  EXPECT_DOUBLE_EQ(Q("2"), 2);
  EXPECT_DOUBLE_EQ(Q("1.5"), 1.5);
  EXPECT_DOUBLE_EQ(Q("250000u"), 0.25);
}

TEST(QuantityTest, ParsesBinaryAndDecimalMemory) {
  EXPECT_DOUBLE_EQ(Q("512Mi"), 512.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(Q("1Ki"), 1024);
  EXPECT_DOUBLE_EQ(Q("8Gi"), 8.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(Q("1G"), 1e9);
  EXPECT_DOUBLE_EQ(Q("128M"), 128e6);
  EXPECT_DOUBLE_EQ(Q("3k"), 3000);
  EXPECT_DOUBLE_EQ(Q("1e3"), 1000);
}

TEST(QuantityTest, AcceptsJsonNumbers) {
  EXPECT_DOUBLE_EQ(ParseQuantity(nlohmann::json(4)).value(), 4);
  EXPECT_DOUBLE_EQ(ParseQuantity(nlohmann::json(0.5)).value(), 0.5);
}

TEST(QuantityTest, RejectsGarbage) {
  for (const char* s : {"", "abc", "12Qi", "m", "1.2.3", "5 Gi", "1e"}) {
    EXPECT_FALSE(ParseQuantity(std::string(s)).ok()) << s;
  }
  EXPECT_FALSE(ParseQuantity(nlohmann::json::array()).ok());
}

}  // namespace
}  // namespace paved::deploy::policy
