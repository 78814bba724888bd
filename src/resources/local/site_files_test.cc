// The files of a local static site: path rules, atomic writes, limits, and that nothing outside
// the site's directory is read or written, whatever is planted inside it.
#include "resources/local/site_files.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/hashing.h"
#include "gtest/gtest.h"

namespace paved::resources::local {
namespace {

namespace fs = std::filesystem;

class SiteFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "paved-site-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    fs::create_directories(dir_ / "site");
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data/secret.keys") << "KEY-MATERIAL";
  }
  void TearDown() override { fs::remove_all(dir_); }

  SiteFiles Files(SiteLimits limits = {}) { return SiteFiles(dir_ / "site", limits); }

  fs::path dir_;
};

TEST_F(SiteFilesTest, PathsAreRelativePlainSegments) {
  for (const char* good : {"index.html", "css/site.css", ".well-known/security.txt", "a b/ü.txt"}) {
    EXPECT_TRUE(SiteFilePath(good).ok()) << good;
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "/etc/passwd", "../data/secret.keys", "a/../../b", "a//b", "a/",
                                "./a", "a\\b", std::string("a\0b", 3), "a\nb", ".paved-upload-x",
                                std::string(1025, 'a'), std::string(256, 'a') + "/b"}) {
    absl::Status s = SiteFilePath(bad).status();
    EXPECT_EQ(ErrorReason(s), "invalid_path") << bad;
    EXPECT_EQ(ErrorField(s), "path") << bad;
  }
}

TEST_F(SiteFilesTest, WritesFindsListsAndDeletes) {
  SiteFiles files = Files();
  ASSERT_TRUE(files.Write("index.html", "<h1>home</h1>").ok());
  absl::StatusOr<SiteFile> css = files.Write("css/deep/site.css", "body{}");
  ASSERT_TRUE(css.ok()) << css.status();
  EXPECT_EQ(css->size, 6);
  EXPECT_EQ(css->sha256, Sha256Hex("body{}"));
  EXPECT_EQ(css->path, "css/deep/site.css");

  std::optional<SiteContent> home = files.Find("", "index.html");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->body, "<h1>home</h1>");
  EXPECT_EQ(home->name, "index.html");
  EXPECT_EQ(files.Find("css/deep/site.css", "index.html")->body, "body{}");
  EXPECT_TRUE(files.Find("css", "index.html")->is_directory);
  EXPECT_FALSE(files.Find("css/", "index.html"));  // a directory without an index
  EXPECT_FALSE(files.Find("missing.html", "index.html"));

  // A second write replaces the file whole; no temporary file is left beside it.
  ASSERT_TRUE(files.Write("index.html", "<h1>v2</h1>").ok());
  EXPECT_EQ(files.Find("index.html", "")->body, "<h1>v2</h1>");
  absl::StatusOr<std::vector<SiteFile>> listed = files.List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].path, "css/deep/site.css");
  EXPECT_EQ((*listed)[1].path, "index.html");
  EXPECT_EQ((*listed)[1].sha256, Sha256Hex("<h1>v2</h1>"));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "site")) entries += e.exists() ? 1 : 0;
  EXPECT_EQ(entries, 2);  // index.html and css

  // Deleting the only file of a directory removes the directories it leaves empty.
  ASSERT_TRUE(files.Delete("css/deep/site.css").ok());
  EXPECT_FALSE(fs::exists(dir_ / "site/css"));
  EXPECT_EQ(ErrorReason(files.Delete("css/deep/site.css")), "not_found");
  EXPECT_EQ(files.Delete("css/deep/site.css").code(), absl::StatusCode::kNotFound);
}

TEST_F(SiteFilesTest, LimitsRefuseWhatWouldNotFit) {
  SiteFiles files = Files({.max_file_bytes = 10, .max_site_bytes = 25, .max_files = 3});
  absl::Status big = files.Write("big.bin", std::string(11, 'x')).status();
  EXPECT_EQ(ErrorReason(big), "payload_too_large");
  EXPECT_EQ(big.code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(files.Write("a", std::string(10, 'a')).ok());
  ASSERT_TRUE(files.Write("b", std::string(10, 'b')).ok());
  EXPECT_EQ(ErrorReason(files.Write("c", std::string(6, 'c')).status()), "site_too_large");
  // Replacing a file counts its new size only.
  EXPECT_TRUE(files.Write("b", std::string(9, 'b')).ok());
  ASSERT_TRUE(files.Write("c", std::string(6, 'c')).ok());
  EXPECT_EQ(ErrorReason(files.Write("d", "").status()), "too_many_files");
  EXPECT_FALSE(fs::exists(dir_ / "site/d"));
}

TEST_F(SiteFilesTest, AFileOrDirectoryInTheWayIsAConflict) {
  SiteFiles files = Files();
  ASSERT_TRUE(files.Write("docs/index.html", "x").ok());
  EXPECT_EQ(ErrorReason(files.Write("docs", "y").status()), "path_conflict");
  EXPECT_EQ(ErrorReason(files.Write("docs/index.html/x", "y").status()), "path_conflict");
  EXPECT_EQ(files.Find("docs/index.html", "")->body, "x");
}

// Symlinks planted in the site (by hand, or by a process that shares the directory) are never
// followed: not to read, not to list, not to write through, not to delete through.
TEST_F(SiteFilesTest, SymlinksInsideTheSiteAreNeverFollowed) {
  fs::create_symlink(dir_ / "data/secret.keys", dir_ / "site/key.txt");
  fs::create_directory_symlink(dir_ / "data", dir_ / "site/data");
  fs::create_symlink(dir_ / "data/secret.keys", dir_ / "site/index.html");
  SiteFiles files = Files();
  EXPECT_FALSE(files.Find("key.txt", "index.html"));
  EXPECT_FALSE(files.Find("data/secret.keys", "index.html"));
  EXPECT_FALSE(files.Find("data/", "secret.keys"));
  EXPECT_FALSE(files.Find("", "index.html"));
  EXPECT_FALSE(files.Find("", "key.txt"));
  absl::StatusOr<std::vector<SiteFile>> listed = files.List();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());

  EXPECT_EQ(ErrorReason(files.Write("data/secret.keys", "overwritten").status()), "path_conflict");
  EXPECT_EQ(ErrorReason(files.Delete("data/secret.keys")), "not_found");
  // Writing over the symlink replaces the link itself, never its target.
  ASSERT_TRUE(files.Write("key.txt", "mine").ok());
  EXPECT_FALSE(fs::is_symlink(dir_ / "site/key.txt"));
  std::ifstream key(dir_ / "data/secret.keys");
  std::string kept((std::istreambuf_iterator<char>(key)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "KEY-MATERIAL");
  EXPECT_TRUE(fs::exists(dir_ / "data/secret.keys"));
}

}  // namespace
}  // namespace paved::resources::local
