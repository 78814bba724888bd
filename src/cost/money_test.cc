#include "cost/money.h"

#include "gtest/gtest.h"

namespace paved::cost {
namespace {

TEST(MoneyTest, ParsesBillAmountsExactlyToTheNano) {
  EXPECT_EQ(ParseMoney("0.2590000000")->nanos, 259'000'000);
  EXPECT_EQ(ParseMoney("12.5")->nanos, 12'500'000'000);
  EXPECT_EQ(ParseMoney("-0.000000001")->nanos, -1);
  EXPECT_EQ(ParseMoney("0.0000000015")->nanos, 2);  // the tenth decimal rounds
  EXPECT_EQ(ParseMoney("0.0000000014")->nanos, 1);
  EXPECT_EQ(ParseMoney("1.0E-7")->nanos, 100);  // as CUR writes tiny amounts
  EXPECT_EQ(ParseMoney("")->nanos, 0);
  EXPECT_EQ(ParseMoney("500")->nanos, 500'000'000'000);
  for (const char* bad : {"12x", "-", ".", "1.2.3", "abc", "1e", "99999999999"}) {
    EXPECT_FALSE(ParseMoney(bad).has_value()) << bad;
  }
}

TEST(MoneyTest, FormatsRounded) {
  EXPECT_EQ(FormatMoney(Money{259'000'000}, 2), "0.26");
  EXPECT_EQ(FormatMoney(Money{-1'005'000'000}, 2), "-1.01");
  EXPECT_EQ(FormatMoney(Money{-1}, 2), "0.00");
  EXPECT_EQ(FormatMoney(Money{12'345'678'901}), "12.345678901");
  EXPECT_EQ(FormatMoney(Money{7'000'000'000}, 0), "7");
}

}  // namespace
}  // namespace paved::cost
