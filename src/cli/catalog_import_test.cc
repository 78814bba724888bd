#include "cli/catalog_import.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::cli {
namespace {

using ::testing::HasSubstr;

TEST(IsRemoteLocationTest, UrlsGoToTheServerPathsAreRead) {
  EXPECT_TRUE(IsRemoteLocation("https://git.example.com/a/catalog-info.yaml"));
  EXPECT_TRUE(IsRemoteLocation("http://localhost/c.yaml"));
  EXPECT_TRUE(IsRemoteLocation("git+https://git.example.com/a.git"));
  EXPECT_FALSE(IsRemoteLocation("catalog-info.yaml"));
  EXPECT_FALSE(IsRemoteLocation("/srv/catalog"));
}

TEST(JoinCatalogFilesTest, SeparatesFilesAndRemembersWhereEachStarts) {
  const CatalogSource joined = JoinCatalogFiles({{"a.yaml", "kind: Group\nname: a"},
                                                 {"b.yaml", "kind: Component\n"},
                                                 {"c.yaml", "---\nkind: API\n"}});
  EXPECT_EQ(joined.text, "kind: Group\nname: a\n---\nkind: Component\n---\nkind: API\n");
  ASSERT_EQ(joined.files.size(), 3u);
  EXPECT_EQ(joined.files[0].first_line, 1);
  EXPECT_EQ(joined.files[1].first_line, 4);
  EXPECT_EQ(joined.files[2].first_line, 5);  // its own "---" is the separator on line 5
  EXPECT_EQ(LocateLine(joined, 2), "a.yaml:2");
  EXPECT_EQ(LocateLine(joined, 4), "b.yaml:1");
  EXPECT_EQ(LocateLine(joined, 6), "c.yaml:2");
  EXPECT_EQ(LocateLine(joined, 0), "");
  EXPECT_EQ(LocateLine(CatalogSource{}, 3), "");
}

class ReadCatalogSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-catalog-src-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& relative, const std::string& text) {
    const std::filesystem::path path = dir_ + "/" + relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::string dir_;
};

TEST_F(ReadCatalogSourceTest, ReadsOneFileAsItIs) {
  Write("catalog-info.yaml", "kind: Component\n");
  absl::StatusOr<CatalogSource> source = ReadCatalogSource(dir_ + "/catalog-info.yaml");
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(source->text, "kind: Component\n");
}

TEST_F(ReadCatalogSourceTest, JoinsTheYamlFilesOfADirectoryInPathOrder) {
  Write("b/catalog-info.yaml", "kind: Component\n");
  Write("a.yml", "kind: Group\n");
  Write("README.md", "not yaml\n");
  Write(".git/config.yaml", "hidden: true\n");
  absl::StatusOr<CatalogSource> source = ReadCatalogSource(dir_);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(source->text, "kind: Group\n---\nkind: Component\n");
  ASSERT_EQ(source->files.size(), 2u);
  EXPECT_EQ(source->files[1].path, dir_ + "/b/catalog-info.yaml");
}

TEST_F(ReadCatalogSourceTest, MissingPathAndEmptyDirectoryAreErrors) {
  EXPECT_EQ(ReadCatalogSource(dir_ + "/nope.yaml").status().code(), absl::StatusCode::kNotFound);
  Write("notes.txt", "x");
  EXPECT_EQ(ReadCatalogSource(dir_).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FormatImportResultTest, ListsEachRefWithItsOutcomeAndASummary) {
  const nlohmann::json result = {{"location", nullptr},
                                 {"created", {"component:default/web", "group:default/ads"}},
                                 {"updated", {"component:default/api"}},
                                 {"unchanged", nlohmann::json::array()},
                                 {"orphaned", {"component:default/old"}},
                                 {"errors", nlohmann::json::array()}};
  const ImportReport report = FormatImportResult(result, /*dry_run=*/true, nullptr);
  EXPECT_FALSE(report.failed);
  EXPECT_EQ(report.err, "");
  EXPECT_EQ(report.out,
            "component:default/web created\n"
            "group:default/ads created\n"
            "component:default/api updated\n"
            "component:default/old orphaned\n"
            "2 created, 1 updated, 0 unchanged, 1 orphaned (dry run: nothing was changed)\n");
}

TEST(FormatImportResultTest, ErrorsNameDocumentLineFileAndField) {
  const CatalogSource source = JoinCatalogFiles({{"a.yaml", "a: 1\n"}, {"b.yaml", "b: 2\nc: 3\n"}});
  const nlohmann::json result = {
      {"created", nlohmann::json::array()},
      {"errors",
       {{{"document", 2},
         {"line", 4},
         {"field", "spec.owner"},
         {"message", "document 2 (Component web), line 4: spec.owner is required"}},
        {{"document", 1}, {"line", 0}, {"field", ""}, {"message", "bad\x1b[31m"}},
        {{"document", 3}, {"line", 1}, {"field", "kind"}, {"message", ""}}}}};
  const ImportReport report = FormatImportResult(result, /*dry_run=*/false, &source);
  EXPECT_TRUE(report.failed);
  EXPECT_EQ(report.err,
            "error: document 2 (Component web), line 4: spec.owner is required (b.yaml:2)\n"
            "error: bad [31m\n"
            "error: document 3, line 1, field kind: invalid (a.yaml:1)\n");
  EXPECT_THAT(report.out, HasSubstr("0 created, 0 updated, 0 unchanged, 0 orphaned; 3 errors: "
                                    "nothing was imported\n"));
}

}  // namespace
}  // namespace paved::cli
