#include "core/paths.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace paved {
namespace {

namespace fs = std::filesystem;

class PathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "paved-paths-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = fs::canonical(templ);
    fs::create_directories(dir_ / "root/sub");
    fs::create_directories(dir_ / "root-old");
    std::ofstream(dir_ / "root/sub/file") << "x";
    std::ofstream(dir_ / "outside") << "secret";
    fs::create_symlink(dir_ / "outside", dir_ / "root/link");
    fs::create_symlink(dir_ / "root/sub/file", dir_ / "root/inner-link");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PathsTest, AcceptsPathsInside) {
  EXPECT_EQ(CanonicalWithin(dir_ / "root", dir_ / "root/sub/file"), dir_ / "root/sub/file");
  EXPECT_EQ(CanonicalWithin(dir_ / "root", dir_ / "root/sub/../sub/file"), dir_ / "root/sub/file");
  EXPECT_EQ(CanonicalWithin(dir_ / "root", dir_ / "root"), dir_ / "root");
  EXPECT_EQ(CanonicalWithin(dir_ / "root/", dir_ / "root/sub"), dir_ / "root/sub");
  EXPECT_EQ(CanonicalWithin(dir_ / "root", dir_ / "root/inner-link"), dir_ / "root/sub/file");
  EXPECT_TRUE(CanonicalWithin(dir_ / "root", dir_ / "root/not-yet/there"));
}

TEST_F(PathsTest, RefusesEverythingThatLeaves) {
  EXPECT_FALSE(CanonicalWithin(dir_ / "root", dir_ / "root/../outside"));
  EXPECT_FALSE(CanonicalWithin(dir_ / "root", dir_ / "root/link"));
  EXPECT_FALSE(CanonicalWithin(dir_ / "root", dir_ / "root-old"));
  EXPECT_FALSE(CanonicalWithin(dir_ / "root", dir_ / "root" / "/etc/passwd"));
  EXPECT_FALSE(CanonicalWithin(dir_ / "root", "/etc/passwd"));
  EXPECT_FALSE(CanonicalWithin("", dir_ / "root"));
}

}  // namespace
}  // namespace paved
