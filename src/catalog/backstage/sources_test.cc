#include "catalog/backstage/sources.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::catalog::backstage {
namespace {

namespace fs = std::filesystem;

std::string Doc(const std::string& kind, const std::string& name, const std::string& spec) {
  return "apiVersion: backstage.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: " + name +
         "\nspec:\n" + spec;
}
std::string LocationDoc(const std::string& name, const std::string& targets) {
  return Doc("Location", name, "  targets: " + targets + "\n");
}
std::string Group(const std::string& name) {
  return Doc("Group", name, "  type: team\n  children: []\n");
}

class SourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "paved-sources-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::path p = fs::path(dir_) / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::vector<std::string> Names(const std::vector<Entity>& entities) {
    std::vector<std::string> out;
    for (const Entity& e : entities) out.push_back(e.doc["metadata"]["name"]);
    return out;
  }
  std::string dir_;
};

TEST_F(SourcesTest, FileDirectoryAndLocationTargets) {
  Write("root/catalog-info.yaml",
        Group("a") + "---\n" + LocationDoc("more", "[./teams/b.yaml, ../extra/]"));
  Write("root/teams/b.yaml", Group("b") + "---\n" + LocationDoc("loop", "[../catalog-info.yaml]"));
  Write("extra/c.yaml", Group("c"));
  Write("extra/sub/catalog-info.yaml", Group("d"));
  Write("extra/sub/ignored.yaml", Group("not-read"));
  SourceReader reader({.allow_local = true});
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ASSERT_OK(reader.ReadUrl(dir_ + "/root/catalog-info.yaml", entities, errors));
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  EXPECT_EQ(Names(entities), (std::vector<std::string>{"a", "more", "b", "loop", "c", "d"}));
  EXPECT_EQ(entities[2].origin, dir_ + "/root/teams/b.yaml");
}

TEST_F(SourcesTest, DepthIsLimited) {
  for (int i = 0; i < 4; ++i) {
    Write("l" + std::to_string(i) + ".yaml",
          LocationDoc("l" + std::to_string(i), "[./l" + std::to_string(i + 1) + ".yaml]"));
  }
  Write("l4.yaml", Group("deep"));
  SourceReader reader({.allow_local = true, .max_depth = 2});
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ASSERT_OK(reader.ReadUrl("file://" + dir_ + "/l0.yaml", entities, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].ToString().find("deeper than 2"), std::string::npos) << errors[0].ToString();
}

TEST_F(SourcesTest, LocalPathsNeedPermission) {
  Write("x.yaml", Group("x"));
  SourceReader reader({.allow_local = false});
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  EXPECT_EQ(reader.ReadUrl(dir_ + "/x.yaml", entities, errors).code(),
            absl::StatusCode::kPermissionDenied);
  // Inline YAML may not reach the disk through a Location either.
  reader.ReadInline(LocationDoc("sneaky", "[" + dir_ + "/x.yaml]"), entities, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].text.find("may not read local paths"), std::string::npos);
  EXPECT_EQ(entities.size(), 1u);
  SourceReader no_fetch({.allow_remote = false});
  errors.clear();
  no_fetch.ReadInline(LocationDoc("fetch", "['http://169.254.169.254/latest']"), entities, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].text.find("may not fetch URLs"), std::string::npos);
}

TEST_F(SourcesTest, MissingFileIsAnError) {
  SourceReader reader({.allow_local = true});
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ASSERT_OK(reader.ReadUrl(dir_ + "/nope.yaml", entities, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(), dir_ + "/nope.yaml: no such file or directory");
}

TEST_F(SourcesTest, GitRepositoryIsClonedAndReadWithTargets) {
  Write("repo/catalog-info.yaml", Group("from-git") + "---\n" + LocationDoc("rest", "[./svc/]"));
  Write("repo/svc/catalog-info.yaml", Group("nested"));
  Write("repo/other/info.yaml", Group("by-fragment"));
  std::string repo = dir_ + "/repo";
  std::string cmd = "cd '" + repo +
                    "' && git init -q && git add -A && git -c user.name=t -c user.email=t@x "
                    "commit -q -m init";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  SourceReader reader({.allow_local = true});
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ASSERT_OK(reader.ReadUrl("git+file://" + repo, entities, errors));
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  EXPECT_EQ(Names(entities), (std::vector<std::string>{"from-git", "rest", "nested"}));
  EXPECT_EQ(entities[2].origin, "git+file://" + repo + "#svc/catalog-info.yaml");

  SourceReader fragment({.allow_local = true});
  entities.clear();
  ASSERT_OK(fragment.ReadUrl("git+file://" + repo + "#other/info.yaml", entities, errors));
  ASSERT_TRUE(errors.empty()) << errors[0].ToString();
  EXPECT_EQ(Names(entities), std::vector<std::string>{"by-fragment"});

  SourceReader bad({.allow_local = true});
  ASSERT_OK(bad.ReadUrl("git+file://" + dir_ + "/not-a-repo", entities, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].text.find("git clone"), std::string::npos);
}

TEST_F(SourcesTest, GitTargetsMayNotLeaveTheRepository) {
  Write("secret.yaml", Group("secret"));
  Write("repo/catalog-info.yaml",
        LocationDoc("escape", "[../secret.yaml, " + dir_ + "/secret.yaml]"));
  std::string cmd = "cd '" + dir_ +
                    "/repo' && git init -q && git add -A && git -c user.name=t -c "
                    "user.email=t@x commit -q -m init";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  SourceReader reader({.allow_local = true});
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ASSERT_OK(reader.ReadUrl("git+file://" + dir_ + "/repo", entities, errors));
  EXPECT_EQ(errors.size(), 2u);
  EXPECT_EQ(Names(entities), std::vector<std::string>{"escape"});
}

TEST_F(SourcesTest, SymlinksInARepositoryMayNotLeaveIt) {
  Write("secret.yaml", Group("secret"));
  Write("repo/catalog-info.yaml", LocationDoc("links", "[./linked.yaml, ./dir/]"));
  fs::create_symlink(dir_ + "/secret.yaml", dir_ + "/repo/linked.yaml");
  fs::create_directories(dir_ + "/repo/dir");
  fs::create_symlink(dir_ + "/secret.yaml", dir_ + "/repo/dir/catalog-info.yaml");
  std::string cmd = "cd '" + dir_ +
                    "/repo' && git init -q && git add -A && git -c user.name=t -c "
                    "user.email=t@x commit -q -m init";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  for (const std::string url :
       {"git+file://" + dir_ + "/repo", "git+file://" + dir_ + "/repo#linked.yaml"}) {
    SourceReader reader({.allow_local = true});
    std::vector<Entity> entities;
    std::vector<CatalogError> errors;
    ASSERT_OK(reader.ReadUrl(url, entities, errors));
    for (const Entity& e : entities) EXPECT_NE(e.doc["metadata"]["name"], "secret") << url;
    EXPECT_FALSE(errors.empty()) << url;
  }
}

}  // namespace
}  // namespace paved::catalog::backstage
