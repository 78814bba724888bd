#include "server/static_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace paved::server {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// <tmp>/web holds the UI; <tmp>/data/secret.keys stands for Paved's data directory beside it.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "paved-static-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    web_ = (dir_ / "web").string();
    Write(dir_ / "web/index.html", "<html>index</html>");
    Write(dir_ / "web/assets/app.js", "console.log(1)");
    Write(dir_ / "data/secret.keys", "KEY-MATERIAL");
    fs::create_symlink(dir_ / "data/secret.keys", dir_ / "web/leak.txt");
    fs::create_directory_symlink(dir_ / "data", dir_ / "web/assets/data");
  }
  void TearDown() override { fs::remove_all(dir_); }

  http::Response Get(const std::string& target) {
    return ServeStatic(web_, http::MakeRequest("GET", target));
  }

  fs::path dir_;
  std::string web_;
};

TEST_F(StaticFilesTest, ServesFilesAndTheIndex) {
  EXPECT_EQ(Get("/assets/app.js").body, "console.log(1)");
  EXPECT_EQ(Get("/").body, "<html>index</html>");
  EXPECT_EQ(Get("/projects/chat").body, "<html>index</html>");
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
}

TEST_F(StaticFilesTest, AbsolutePathsNeverLeaveTheWebFolder) {
  std::string secret = (dir_ / "data/secret.keys").string();
  for (const std::string& target : std::vector<std::string>{
           "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc/passwd", "/" + secret, "//" + secret,
           "/%2f" + secret.substr(1), "/assets//etc/passwd", "/%252fetc%252fpasswd"}) {
    http::Response r = Get(target);
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("KEY-MATERIAL"), std::string::npos) << target;
    EXPECT_TRUE(r.status == 404 || r.body == "<html>index</html>") << target << " " << r.status;
  }
}

TEST_F(StaticFilesTest, DotSegmentsBackslashesAndNulAreNotFound) {
  for (const std::string target :
       {"/../data/secret.keys", "/%2e%2e/data/secret.keys",
        "/assets/%2e%2e/%2e%2e/data/secret.keys", "/..%2fdata%2fsecret.keys",
        "/assets/..%5c..%5cdata%5csecret.keys", "/.%2fassets/app.js", "/assets/app.js%00.png",
        "/assets\\app.js"}) {
    http::Response r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("KEY-MATERIAL"), std::string::npos) << target;
  }
}

TEST_F(StaticFilesTest, SymlinksThatPointOutsideAreNotFollowed) {
  EXPECT_EQ(Get("/leak.txt").body, "<html>index</html>");
  EXPECT_EQ(Get("/assets/data/secret.keys").status, 404);
  EXPECT_FALSE(ResolveStaticPath(web_, "/leak.txt"));
  EXPECT_FALSE(ResolveStaticPath(web_, "/assets/data/secret.keys"));
}

TEST_F(StaticFilesTest, ResolvesOnlyRegularFilesInside) {
  ASSERT_TRUE(ResolveStaticPath(web_, "//assets///app.js"));
  EXPECT_EQ(ResolveStaticPath(web_, "//assets///app.js")->filename(), "app.js");
  EXPECT_FALSE(ResolveStaticPath(web_, "/assets"));
  EXPECT_FALSE(ResolveStaticPath(web_, ""));
  EXPECT_FALSE(ResolveStaticPath(web_, std::string("/index.html\0x", 13)));
}

}  // namespace
}  // namespace paved::server
