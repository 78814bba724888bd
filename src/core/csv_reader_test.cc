#include "core/csv_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved {
namespace {

namespace fs = std::filesystem;

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paved-csv-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string WriteGzip(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    gzFile out = gzopen(path.c_str(), "wb");
    gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
    gzclose(out);
    return path;
  }

  // Every record as its fields joined by '|', with the line it started on.
  absl::StatusOr<std::vector<std::string>> ReadAll(const std::string& path,
                                                   CsvReader::Options options = {}) {
    auto reader = CsvReader::Open(path, options);
    if (!reader.ok()) return reader.status();
    std::vector<std::string> records;
    std::vector<std::string_view> fields;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next(fields);
      if (!more.ok()) return more.status();
      if (!*more) break;
      std::string joined = std::to_string((*reader)->line()) + ":";
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) joined += "|";
        joined += fields[i];
      }
      records.push_back(joined);
    }
    return records;
  }

  fs::path dir_;
};

TEST_F(CsvReaderTest, ReadsQuotesEscapesLineBreaksAndCrlf) {
  std::string text =
      "a,b,c\r\n"
      "1,\"x,y\",\"say \"\"hi\"\"\"\n"
      "2,\"two\nlines\",\n"
      "\n"
      "3,\"\",last";
  auto records = ReadAll(Write("t.csv", text));
  ASSERT_OK(records);
  EXPECT_EQ(*records, (std::vector<std::string>{"1:a|b|c", "2:1|x,y|say \"hi\"", "3:2|two\nlines|",
                                                "5:", "6:3||last"}));
}

TEST_F(CsvReaderTest, GzipIsReadLikeThePlainFile) {
  std::string text = "k,v\n\"a\"\"b\",1\n";
  auto plain = ReadAll(Write("p.csv", text));
  auto gzip = ReadAll(WriteGzip("p.csv.gz", text));
  ASSERT_OK(plain);
  ASSERT_OK(gzip);
  EXPECT_EQ(*gzip, *plain);
  EXPECT_EQ(gzip->back(), "2:a\"b|1");
}

// A gzip file cut short, or with its compressed bytes damaged, is an error saying so, never an
// empty or shorter file.
TEST_F(CsvReaderTest, ATruncatedOrCorruptGzipIsAnError) {
  std::string text;
  for (int i = 0; i < 20000; ++i) absl::StrAppend(&text, i, ",value-", i * 7919 % 10007, "\n");
  std::string whole;
  {
    std::ifstream in(WriteGzip("whole.csv.gz", text), std::ios::binary);
    whole.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(whole.size(), 1000u);
  std::string damaged = whole;
  for (size_t i = 200; i < 400; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  for (const auto& [name, bytes] :
       {std::pair<std::string, std::string>{"cut.csv.gz", whole.substr(0, whole.size() / 2)},
        {"damaged.csv.gz", damaged},
        {"header-only.csv.gz", whole.substr(0, 12)}}) {
    auto records = ReadAll(Write(name, bytes));
    ASSERT_FALSE(records.ok()) << name;
    EXPECT_NE(records.status().message().find("not a readable gzip file"), std::string::npos)
        << name << ": " << records.status();
  }
}

// Records cross the reader's 1 MiB reads at every kind of place; Python's csv module, another
// reader, gives the reference.
TEST_F(CsvReaderTest, ManyMegabytesMatchPythonsCsvModule) {
  std::string text;
  for (int i = 0; text.size() < 5'500'000; ++i) {
    absl::StrAppend(&text, i, ",plain-", i % 97, ",\"quoted, ", i, "\",\"with \"\"", i % 13,
                    "\"\" and\nbreak\",", i * 7 % 1000, ".", i % 100, "\r\n");
  }
  std::string path = WriteGzip("big.csv.gz", text);
  auto records = ReadAll(path);
  ASSERT_OK(records);
  std::string script = absl::StrCat(
      "import csv,gzip,hashlib,sys\n"
      "h=hashlib.sha256();n=0\n"
      "with gzip.open('",
      path,
      "','rt',newline='') as f:\n"
      "  for row in csv.reader(f):\n"
      "    h.update(('|'.join(row)+'\\n').encode());n+=1\n"
      "print(n, h.hexdigest())\n");
  std::string script_path = Write("ref.py", script);
  FILE* pipe = popen(("python3 " + script_path).c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 256> out{};
  std::string reference = fgets(out.data(), out.size(), pipe) ? out.data() : "";
  pclose(pipe);

  std::string joined;
  for (const std::string& r : *records) absl::StrAppend(&joined, r.substr(r.find(':') + 1), "\n");
  std::string script2 = Write("hash.py",
                              "import hashlib,sys\n"
                              "d=open(sys.argv[1],'rb').read()\n"
                              "print(hashlib.sha256(d).hexdigest())\n");
  std::string ours_path = Write("ours.txt", joined);
  pipe = popen(("python3 " + script2 + " " + ours_path).c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string ours = fgets(out.data(), out.size(), pipe) ? out.data() : "";
  pclose(pipe);
  EXPECT_EQ(reference, absl::StrCat(records->size(), " ", ours)) << records->size();
  // Each record spans two lines: the last one starts on the line before the end.
  EXPECT_EQ(records->back().substr(0, records->back().find(':')),
            std::to_string(2 * records->size() - 1));
}

TEST_F(CsvReaderTest, BrokenQuotingNamesTheLine) {
  auto open = ReadAll(Write("open.csv", "a,b\n1,\"never closed\n2,3\n"));
  EXPECT_CODE(open, kInvalidArgument);
  EXPECT_NE(open.status().message().find("not closed"), std::string::npos);
  auto after = ReadAll(Write("after.csv", "a,b\n1,2\n3,\"x\"y\n"));
  EXPECT_CODE(after, kInvalidArgument);
  EXPECT_NE(after.status().message().find("line 3"), std::string::npos) << after.status();
}

// Lines without quotes take a fast path (commas found 16 bytes at a time): every length around
// the block size, commas at every position, LF and CRLF, read as a plain split would.
TEST_F(CsvReaderTest, LinesWithoutQuotesSplitLikeThePlainDefinition) {
  std::string text;
  std::vector<std::string> expected;
  int line = 1;
  for (int length = 0; length <= 40; ++length) {
    for (int comma_every : {1, 3, 7, 16, 100}) {
      std::string record;
      for (int i = 0; i < length; ++i)
        record += i % comma_every == comma_every - 1 ? ',' : 'a' + i % 26;
      text += record + (length % 2 ? "\r\n" : "\n");
      std::string joined = std::to_string(line++) + ":";
      for (char c : record) joined += c == ',' ? '|' : c;
      expected.push_back(joined);
    }
  }
  auto records = ReadAll(Write("plain.csv", text));
  ASSERT_OK(records);
  EXPECT_EQ(*records, expected);
}

TEST_F(CsvReaderTest, ARecordOverTheBoundIsRefusedNotRead) {
  std::string huge(3'000'000, 'x');  // one line, no break: a file that is not CSV
  auto records = ReadAll(Write("huge.csv", "a,b\n" + huge), {.max_record_bytes = 1 << 20});
  EXPECT_CODE(records, kInvalidArgument);
  EXPECT_NE(records.status().message().find("longer than"), std::string::npos);
  std::string wide = "a";
  for (int i = 0; i < 100; ++i) wide += ",a";
  auto fields = ReadAll(Write("wide.csv", wide + "\n"), {.max_fields = 50});
  EXPECT_CODE(fields, kInvalidArgument);
  EXPECT_CODE(ReadAll((dir_ / "missing.csv").string()), kNotFound);
}

}  // namespace
}  // namespace paved
