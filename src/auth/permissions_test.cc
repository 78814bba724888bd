#include "auth/permissions.h"

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace paved::auth {
namespace {

constexpr Role kRoles[] = {Role::kViewer, Role::kDeveloper, Role::kSre, Role::kAdmin};

Caller As(Role role, std::vector<std::string> teams = {"team-a"}) {
  return {.user_id = "u1", .login = "someone", .role = role, .team_ids = std::move(teams)};
}

// Which roles a caller-only rule lets through, as {viewer, developer, sre, admin}.
std::vector<bool> Allowed(bool (*rule)(const Caller&)) {
  std::vector<bool> out;
  for (Role r : kRoles) out.push_back(rule(As(r)));
  return out;
}

TEST(PermissionRulesTest, SreAndAdminOnlyRules) {
  const std::vector<bool> sre_and_admin = {false, false, true, true};
  EXPECT_EQ(Allowed(CanManageTeams), sre_and_admin);
  EXPECT_EQ(Allowed(CanImportFromServerPath), sre_and_admin);
  EXPECT_EQ(Allowed(CanManageResourceStandards), sre_and_admin);
  EXPECT_EQ(Allowed(CanLiftDeletionProtection), sre_and_admin);
  EXPECT_EQ(Allowed(CanApproveAnyProject), sre_and_admin);
  EXPECT_EQ(Allowed(SeesAllApprovals), sre_and_admin);
  EXPECT_EQ(Allowed(SeesAllCost), sre_and_admin);
}

TEST(PermissionRulesTest, AdminOnlyRules) {
  const std::vector<bool> admin = {false, false, false, true};
  EXPECT_EQ(Allowed(CanChangeClusterCredentials), admin);
  EXPECT_EQ(Allowed(CanSeeClusterCredentials), admin);
}

TEST(PermissionRulesTest, ProjectWriteNeedsMembershipBelowSre) {
  std::vector<bool> own, other;
  for (Role r : kRoles) {
    own.push_back(CheckProjectWrite(As(r), "team-a").ok());
    other.push_back(CheckProjectWrite(As(r), "team-b").ok());
  }
  EXPECT_EQ(own, (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(other, (std::vector<bool>{false, false, true, true}));
  EXPECT_TRUE(absl::IsPermissionDenied(CheckProjectWrite(As(Role::kViewer), "team-a")));
}

TEST(PermissionRulesTest, ProjectTransfer) {
  auto allowed = [](Role r, const std::string& from, bool orphaned, const std::string& to) {
    return CheckProjectTransfer(As(r), from, orphaned, to).ok();
  };
  for (Role r : {Role::kSre, Role::kAdmin}) EXPECT_TRUE(allowed(r, "team-b", false, "team-c"));
  // A developer of the owner team hands the project on, to any team.
  EXPECT_TRUE(allowed(Role::kDeveloper, "team-a", false, "team-c"));
  // A developer of another team claims only an orphan, only for their own team.
  EXPECT_FALSE(allowed(Role::kDeveloper, "team-b", false, "team-a"));
  EXPECT_TRUE(allowed(Role::kDeveloper, "team-b", true, "team-a"));
  EXPECT_FALSE(allowed(Role::kDeveloper, "team-b", true, "team-c"));
  // Viewers never transfer, not even within their team.
  EXPECT_FALSE(allowed(Role::kViewer, "team-a", true, "team-a"));
  EXPECT_TRUE(
      absl::IsPermissionDenied(CheckProjectTransfer(As(Role::kViewer), "team-a", false, "team-a")));
}

TEST(PermissionRulesTest, ResourceOwnerChange) {
  for (Role r : {Role::kSre, Role::kAdmin}) {
    EXPECT_TRUE(CheckResourceOwnerChange(As(r), false, "team-b").ok());
    EXPECT_TRUE(CheckResourceOwnerChange(As(r), false, "").ok());
  }
  Caller dev = As(Role::kDeveloper);
  EXPECT_TRUE(CheckResourceOwnerChange(dev, true, "team-a").ok());
  EXPECT_TRUE(absl::IsPermissionDenied(CheckResourceOwnerChange(dev, false, "team-a")));
  EXPECT_TRUE(absl::IsPermissionDenied(CheckResourceOwnerChange(dev, true, "team-b")));
  EXPECT_TRUE(absl::IsPermissionDenied(CheckResourceOwnerChange(dev, true, "")));
}

TEST(PermissionRulesTest, AlertControl) {
  std::vector<bool> own, unowned;
  for (Role r : kRoles) {
    own.push_back(CheckAlertControl(As(r), "team-a").ok());
    unowned.push_back(CheckAlertControl(As(r), "").ok());
  }
  EXPECT_EQ(own, (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(unowned, (std::vector<bool>{false, false, true, true}));
}

TEST(PermissionRulesTest, RouteAccessByRole) {
  std::map<Access, std::vector<bool>> want = {
      {Access::kPublic, {true, true, true, true}},     {Access::kViewer, {true, true, true, true}},
      {Access::kDeveloper, {false, true, true, true}}, {Access::kSre, {false, false, true, true}},
      {Access::kAdmin, {false, false, false, true}},
  };
  for (const auto& [access, expected] : want) {
    std::vector<bool> got;
    for (Role r : kRoles) {
      Caller c = As(r);
      got.push_back(AccessAllows(access, &c));
    }
    EXPECT_EQ(got, expected) << static_cast<int>(access);
    EXPECT_EQ(AccessAllows(access, nullptr), access == Access::kPublic);
  }
}

}  // namespace
}  // namespace paved::auth
