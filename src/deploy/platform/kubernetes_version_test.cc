#include "deploy/platform/kubernetes_version.h"

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::platform {
namespace {

TEST(KubernetesVersionTest, ParsesMinorVersionsAndDropsThePatchLevel) {
  auto plain = ParseKubernetesVersion("1.33");
  ASSERT_OK(plain);
  EXPECT_EQ(*plain, (KubernetesVersion{1, 33}));
  auto tagged = ParseKubernetesVersion("v1.30.14");
  ASSERT_OK(tagged);
  EXPECT_EQ(tagged->ToString(), "1.30");
}

TEST(KubernetesVersionTest, RefusesWhatIsNotAKubernetesVersion) {
  for (const char* bad : {"", "1", "1.", "2.1", "1.33-eks", "1.033", "1.1000", "v1.33.x"}) {
    SCOPED_TRACE(bad);
    EXPECT_CODE(ParseKubernetesVersion(bad), kInvalidArgument);
  }
}

TEST(KubernetesVersionTest, ComparesByMinor) {
  EXPECT_TRUE((KubernetesVersion{1, 34}).AtLeast(1, 34));
  EXPECT_TRUE((KubernetesVersion{1, 35}).AtLeast(1, 34));
  EXPECT_FALSE((KubernetesVersion{1, 33}).AtLeast(1, 34));
}

TEST(KubernetesVersionTest, AnUnknownVersionIsTheDefault) {
  EXPECT_EQ(EffectiveKubernetesVersion(""), kDefaultKubernetesVersion);
  EXPECT_EQ(EffectiveKubernetesVersion("1.29"), (KubernetesVersion{1, 29}));
  EXPECT_EQ(kDefaultKubernetesVersion.ToString(), "1.33");
}

}  // namespace
}  // namespace paved::deploy::platform
