#include "traffic/flow_log_format.h"

#include "gtest/gtest.h"

namespace paved::traffic {
namespace {

constexpr char kV2[] =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start "
    "end action log-status";
constexpr char kV5[] =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start "
    "end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr "
    "region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service "
    "flow-direction traffic-path";

TEST(FlowLogFormat, DefaultV2HasNoPacketAddressesNorDirection) {
  auto f = ParseFlowLogHeader(kV2);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->srcaddr, 3);
  EXPECT_EQ(f->dstaddr, 4);
  EXPECT_EQ(f->bytes, 9);
  EXPECT_EQ(f->start, 10);
  EXPECT_EQ(f->action, 12);
  EXPECT_EQ(f->log_status, 13);
  EXPECT_EQ(f->pkt_srcaddr, -1);
  EXPECT_EQ(f->flow_direction, -1);
  EXPECT_EQ(f->field_count, 14);
  EXPECT_EQ(f->last_needed, 13);
}

TEST(FlowLogFormat, V5NamesEveryField) {
  auto f = ParseFlowLogHeader(std::string(kV5) + "\r\n");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->pkt_srcaddr, 19);
  EXPECT_EQ(f->pkt_dstaddr, 20);
  EXPECT_EQ(f->flow_direction, 27);
  EXPECT_EQ(f->field_count, 29);
  EXPECT_EQ(f->last_needed, 27);
}

TEST(FlowLogFormat, CustomOrderAndSubset) {
  auto f = ParseFlowLogHeader("flow-direction start bytes action pkt-dstaddr pkt-srcaddr");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->flow_direction, 0);
  EXPECT_EQ(f->pkt_srcaddr, 5);
  EXPECT_EQ(f->srcaddr, -1);
  EXPECT_EQ(f->log_status, -1);
  EXPECT_STREQ(FlowLogFormat::NameOf(*f, 2), "bytes");
}

TEST(FlowLogFormat, RefusesHeadersWithoutNeededFields) {
  EXPECT_EQ(ParseFlowLogHeader("srcaddr dstaddr start action").status().message(),
            "flow-log header: no bytes field (the first line must name the fields)");
  EXPECT_FALSE(ParseFlowLogHeader("dstaddr bytes start action").ok());
  EXPECT_FALSE(ParseFlowLogHeader("5 123 eni-1 10.0.0.1 10.0.0.2").ok());  // a record, no header
  EXPECT_FALSE(ParseFlowLogHeader("srcaddr dstaddr bytes bytes start action").ok());
}

// A scanner keeps kMaxFlowLogFields fields a line: a header naming more, with a needed field
// beyond them, is refused before any line is read.
TEST(FlowLogFormat, RefusesMoreFieldsThanAScannerKeeps) {
  std::string header = "srcaddr dstaddr start action";
  for (int i = 4; i < kMaxFlowLogFields; ++i) header += " x" + std::to_string(i);
  EXPECT_EQ(ParseFlowLogHeader(header + " bytes").status().message(),
            "flow-log header: more than 64 fields");
  header.erase(header.rfind(' '));  // 63 fields, bytes the 64th
  auto at_limit = ParseFlowLogHeader(header + " bytes");
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();
  EXPECT_EQ(at_limit->bytes, kMaxFlowLogFields - 1);
}

}  // namespace
}  // namespace paved::traffic
