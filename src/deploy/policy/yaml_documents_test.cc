#include "deploy/policy/yaml_documents.h"

#include "core/testing/yaml_bombs.h"
#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

TEST(YamlDocumentsTest, SplitsDocumentsAndKeepsStartLines) {
  auto docs = ParseYamlDocuments("# leading comment\na: 1\n---\n---\nb: two\n--- {c: true}\n");
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 3u);
  EXPECT_EQ((*docs)[0].value["a"], 1);
  EXPECT_EQ((*docs)[1].index, 2);
  EXPECT_EQ((*docs)[1].line, 4);
  EXPECT_EQ((*docs)[1].value["b"], "two");
  EXPECT_EQ((*docs)[2].value["c"], true);
}

TEST(YamlDocumentsTest, TypesPlainScalarsOnly) {
  auto docs = ParseYamlDocuments("n: 3\nq: \"3\"\nf: 0.5\nm: 500m\nz: ~\nb: false\n");
  ASSERT_TRUE(docs.ok());
  const auto& v = (*docs)[0].value;
  EXPECT_TRUE(v["n"].is_number_integer());
  EXPECT_TRUE(v["q"].is_string());
  EXPECT_DOUBLE_EQ(v["f"].get<double>(), 0.5);
  EXPECT_EQ(v["m"], "500m");
  EXPECT_TRUE(v["z"].is_null());
  EXPECT_EQ(v["b"], false);
}

TEST(YamlDocumentsTest, ErrorNamesDocumentAndAbsoluteLine) {
  auto docs = ParseYamlDocuments("a: 1\n---\nb: 2\nc: [unclosed\nd: 4\n");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(docs.status().message().find("document 2, line "), std::string::npos) << docs.status();
}

TEST(YamlDocumentsTest, AKeyThatIsNotAScalarIsAnErrorNamingTheDocument) {
  auto docs = ParseYamlDocuments("a: 1\n---\n? [a, b]\n: 1\n");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(docs.status().message().find("document 2, line "), std::string::npos) << docs.status();
  EXPECT_NE(docs.status().message().find("keys must be strings"), std::string::npos);
}

TEST(YamlDocumentsTest, BlockErrorLineIsCountedFromTheStartOfTheText) {
  auto docs = ParseYamlDocuments("a: 1\n---\nx:\n  - a\n - b\n");
  ASSERT_FALSE(docs.ok());
  EXPECT_NE(docs.status().message().find("document 2, line 5:"), std::string::npos)
      << docs.status();
}

TEST(YamlDocumentsTest, EmptyTextHasNoDocuments) {
  auto docs = ParseYamlDocuments("\n# nothing\n");
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->empty());
}

TEST(YamlDocumentsTest, AliasBombIsRefusedNamingTheLimit) {
  auto docs = ParseYamlDocuments(paved::testing::BillionLaughsYaml());
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(docs.status().message().find("the limit is 1000000"), std::string::npos)
      << docs.status();
}

TEST(YamlDocumentsTest, TheLimitHoldsForAllDocumentsTogether) {
  // Each document stays under the limit alone (about 123,000 nodes); ten of them do not.
  std::string doc = "a: &a [1,2,3,4,5,6,7,8,9,10]\n";
  for (char c = 'b'; c <= 'e'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    doc += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int i = 0; i < 10; ++i) doc += (i ? ",*" : "*") + prev;
    doc += "]\n";
  }
  ASSERT_TRUE(ParseYamlDocuments(doc).ok());
  std::string many;
  for (int i = 0; i < 10; ++i) many += "---\n" + doc;
  EXPECT_FALSE(ParseYamlDocuments(many).ok());
}

TEST(YamlDocumentsTest, LongScalarsAreStringsNotACrash) {
  std::string digits(200000, '7');
  auto docs = ParseYamlDocuments("a: " + digits + "\nb: 1." + digits + "\n");
  ASSERT_TRUE(docs.ok()) << docs.status();
  EXPECT_EQ((*docs)[0].value["a"], digits);
}

}  // namespace
}  // namespace paved::deploy::policy
