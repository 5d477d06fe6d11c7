// Tests for io/csv: quoting, line ends, BOM, encoding detection (UTF-8 / GB18030), streaming across
// buffer edges, errors with rows, and the writers.
#include "io/csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace safetynet::io {
namespace {

using ::testing::ElementsAre;

namespace fs = std::filesystem;

MATCHER(IsOk, "is ok") {
  if (arg.ok()) return true;
  for (const Problem& p : arg.problems()) *result_listener << p.to_string() << "; ";
  return false;
}

MATCHER_P2(HasProblem, code, row,
           "has a Problem " + std::string(code) + " at row " + std::to_string(row)) {
  if (arg.ok()) return false;
  for (const Problem& p : arg.problems()) {
    *result_listener << p.to_string() << "; ";
    if (p.code == code && p.row == row) return true;
  }
  return false;
}

// A folder of its own per test, removed afterwards.
class Csv : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::temp_directory_path() / ("sn_csv_" + std::to_string(::getpid()) + "_" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write_bytes(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }

  static std::string read_bytes(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  fs::path dir_;
};

TEST_F(Csv, ReadsUtf8WithBomQuotedCommaAndEmbeddedNewline) {
  const std::string p = write_bytes("bom.csv",
                                    "\xEF\xBB\xBF姓名,地址,备注\r\n"
                                    "张三,\"南宁市青秀区,民族大道1号\",\"第一行\r\n第二行\"\r\n"
                                    "\"王\"\"五\",,末尾无换行");
  std::vector<long> numbers;
  std::vector<Row> rows;
  Result<CsvInfo> info = read_csv(p, [&](long n, const Row& cells) {
    numbers.push_back(n);
    rows.push_back(cells);
    return true;
  });
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->encoding, Encoding::kUtf8);
  EXPECT_EQ(info->rows, 3);
  EXPECT_THAT(numbers, ElementsAre(1, 2, 3));                 // records, not physical lines
  EXPECT_THAT(rows[0], ElementsAre("姓名", "地址", "备注"));  // BOM not glued to 姓名
  EXPECT_THAT(rows[1], ElementsAre("张三", "南宁市青秀区,民族大道1号", "第一行\r\n第二行"));
  EXPECT_THAT(rows[2], ElementsAre("王\"五", "", "末尾无换行"));
}

TEST_F(Csv, LfLoneCrEmptyLinesAndFinalNewline) {
  const std::string p = write_bytes("ends.csv", "a,b\n\nc\rd,\"\"\n");
  Result<Sheet> s = read_csv_sheet(p);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->name, "ends");
  // The empty line is a row of one empty cell (row numbers stay), the final LF starts no record.
  ASSERT_EQ(s->rows.size(), 4u);
  EXPECT_THAT(s->rows[0], ElementsAre("a", "b"));
  EXPECT_THAT(s->rows[1], ElementsAre(""));
  EXPECT_THAT(s->rows[2], ElementsAre("c"));
  EXPECT_THAT(s->rows[3], ElementsAre("d", ""));
}

TEST_F(Csv, TextAfterClosingQuoteIsKept) {
  Result<Sheet> s = read_csv_sheet(write_bytes("stray.csv", "\"a\"b,c\n"));
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(s->rows[0], ElementsAre("ab", "c"));
}

TEST_F(Csv, IdEndingInXPassesThroughUnchanged) {
  Result<Sheet> s = read_csv_sheet(
      write_bytes("id.csv", "公民身份号码\n45010219900307002X\n45010219900307002x\n"));
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->rows.size(), 3u);
  EXPECT_EQ(s->rows[1][0], "45010219900307002X");
  EXPECT_EQ(s->rows[2][0],
            "45010219900307002x");  // normalising x is the ledger's job, and it says so
}

TEST_F(Csv, UnterminatedQuoteIsBadFileAtItsRow) {
  const std::string p =
      write_bytes("open.csv", "姓名,地址\r\n张三,南宁\r\n李四,\"柳州\r\n王五,桂林\r\n");
  Result<CsvInfo> info = read_csv(p, [](long, const Row&) { return true; });
  EXPECT_THAT(info, HasProblem("bad_file", 3));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.problems()[0].file, p);
  EXPECT_EQ(info.problems()[0].message, "引号未闭合");
}

TEST_F(Csv, EmptyFileHasNoRows) {
  Result<Sheet> s = read_csv_sheet(write_bytes("empty.csv", ""));
  ASSERT_THAT(s, IsOk());
  EXPECT_TRUE(s->rows.empty());
  Result<Sheet> bom_only = read_csv_sheet(write_bytes("bom_only.csv", "\xEF\xBB\xBF"));
  ASSERT_THAT(bom_only, IsOk());
  EXPECT_TRUE(bom_only->rows.empty());
}

TEST_F(Csv, MissingFileIsBadFile) {
  Result<Sheet> s = read_csv_sheet(path("no_such.csv"));
  EXPECT_THAT(s, HasProblem("bad_file", 0));
}

TEST_F(Csv, VisitorCanStop) {
  const std::string p = write_bytes("stop.csv", "1\n2\n3\n4\n");
  std::vector<std::string> seen;
  Result<CsvInfo> info = read_csv(p, [&](long, const Row& cells) {
    seen.push_back(cells[0]);
    return seen.size() < 2;
  });
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->rows, 2);
  EXPECT_THAT(seen, ElementsAre("1", "2"));
}

TEST_F(Csv, ReadsGb18030FixtureMadeByIconv) {
  const std::string p = std::string(SN_SOURCE_DIR) + "/src/io/testdata/gb18030_ledger.csv";
  std::vector<Row> rows;
  Result<CsvInfo> info = read_csv(p, [&](long, const Row& cells) {
    rows.push_back(cells);
    return true;
  });
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->encoding, Encoding::kGb18030);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_THAT(rows[0], ElementsAre("姓名", "公民身份号码", "地址", "月收入"));
  EXPECT_THAT(rows[1],
              ElementsAre("张三", "45010219900307002X", "南宁市青秀区,民族大道1号", "1234.56"));
  EXPECT_THAT(rows[2], ElementsAre("𠮷祥", "450102198805060011", "百色市\"右江区\"", "0"));
  EXPECT_THAT(rows[3], ElementsAre("阿卜杜拉·艾力", "450103197001010015", "柳州市", "800.00"));
}

TEST_F(Csv, Gb18030RoundTrip) {
  const std::vector<Row> rows = {
      {"姓名", "公民身份号码", "备注"},
      {"张三", "45010219900307002X", "𠮷"},
      {"阿卜杜拉·艾力", "450103197001010015", "住址,含逗号\n和换行"},
  };
  const std::string p = path("gb.csv");
  Result<long> n = write_csv(p, rows, Encoding::kGb18030);
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(*n, 3);
  // The bytes really are GB18030: 张三 = D5C5 C8FD, 𠮷 = 95 34 B2 35, · = A1 A4; no BOM.
  const std::string bytes = read_bytes(p);
  EXPECT_EQ(bytes.substr(0, 4), "\xD0\xD5\xC3\xFB");  // 姓名 starts the file
  EXPECT_NE(bytes.find("\xD5\xC5\xC8\xFD,45010219900307002X,\x95\x34\xB2\x35\r\n"),
            std::string::npos);
  EXPECT_NE(bytes.find("\xA1\xA4"), std::string::npos);

  Result<Sheet> back = read_csv_sheet(p);  // kAuto must detect GB18030
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->rows, rows);
  Result<Sheet> forced = read_csv_sheet(p, Encoding::kGb18030);
  ASSERT_THAT(forced, IsOk());
  EXPECT_EQ(forced->rows, rows);
}

TEST_F(Csv, Utf8WriterQuotesAndWritesBom) {
  const std::vector<Row> rows = {{"a,b", "say \"hi\"", "line\nbreak", "plain", ""}, {"𠮷"}};
  const std::string p = path("out.csv");
  ASSERT_THAT(write_csv(p, rows, Encoding::kUtf8, /*bom=*/true), IsOk());
  EXPECT_EQ(read_bytes(p),
            "\xEF\xBB\xBF\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",plain,\r\n𠮷\r\n");
  Result<Sheet> back = read_csv_sheet(p);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->rows, rows);
  EXPECT_FALSE(fs::exists(p + ".part"));
}

TEST_F(Csv, Utf8ExplicitWithBadBytesIsBadFileAtItsRow) {
  // Row 2 holds GB18030 bytes (张), but the file says UTF-8 with its BOM.
  const std::string p = write_bytes("mixed.csv", "\xEF\xBB\xBF姓名\r\n\"多行\r\n\xD5\xC5\"\r\n");
  Result<Sheet> s = read_csv_sheet(p);
  EXPECT_THAT(s, HasProblem("bad_file", 2));
}

TEST_F(Csv, InvalidInBothEncodingsIsBadFile) {
  // 0xFF is neither UTF-8 nor a GB18030 lead byte.
  Result<Sheet> s = read_csv_sheet(write_bytes("junk.csv", "a\r\nb\xFF\r\n"));
  EXPECT_THAT(s, HasProblem("bad_file", 2));
}

TEST_F(Csv, StreamsAcrossBufferEdges) {
  // ~6 MB with quoted multi-line fields and four-byte characters: records straddle every 1 MiB edge
  // and, in GB18030, characters straddle read edges too.
  std::vector<Row> rows;
  for (int i = 0; i < 60000; ++i) {
    rows.push_back({std::to_string(i), "张三𠮷·" + std::to_string(i * 7),
                    "\"引号\",逗号\r\n换行" + std::string(i % 50, 'x'), "45010219900307002X"});
  }
  for (Encoding enc : {Encoding::kUtf8, Encoding::kGb18030}) {
    const std::string p = path("big.csv");
    ASSERT_THAT(write_csv(p, rows, enc), IsOk());
    long count = 0;
    bool same = true;
    Result<CsvInfo> info = read_csv(p, [&](long n, const Row& cells) {
      same = same && n == count + 1 && cells == rows[count];
      ++count;
      return true;
    });
    ASSERT_THAT(info, IsOk());
    EXPECT_EQ(info->encoding, enc);
    EXPECT_EQ(count, 60000);
    EXPECT_TRUE(same);
  }
}

TEST_F(Csv, FilesOfEverySizeAroundTheBufferSizesReadWhole) {
  // The read buffers are sized to the file (at least 4 KiB, at most 1 MiB) since fuzzing showed a
  // 200-byte file costing three zeroed megabytes. Files just under, at and over those sizes, with a
  // four-byte character (𠮷: F0 A0 AE B7 in UTF-8, 95 34 B2 35 in GB18030, the same length) and a
  // quoted CRLF in every record, at every offset against the edges.
  const std::string unit_utf8 = "𠮷,\"a\r\nb\"\r\n";  // 13 bytes, one record
  const std::string unit_gb = "\x95\x34\xB2\x35,\"a\r\nb\"\r\n";
  ASSERT_EQ(unit_utf8.size(), 13u);
  std::vector<std::size_t> sizes = {1, 2, 3, 4, 12, 13, 14, 25, 26, 27};
  for (std::size_t t = 4091; t <= 4101; ++t) sizes.push_back(t);
  for (std::size_t t = 8188; t <= 8196; ++t) sizes.push_back(t);
  for (std::size_t t = (1u << 20) - 6; t <= (1u << 20) + 6; ++t) sizes.push_back(t);
  for (std::size_t size : sizes) {
    for (const std::string* unit : {&unit_utf8, &unit_gb}) {
      const std::size_t whole = size / unit->size(), rest = size % unit->size();
      std::string text;
      text.reserve(size);
      for (std::size_t i = 0; i < whole; ++i) text += *unit;
      text += std::string(rest, 'y');
      ASSERT_EQ(text.size(), size);
      const std::string p = write_bytes("sized.csv", text);
      long count = 0;
      bool same = true;
      Result<CsvInfo> info = read_csv(p, [&](long n, const Row& cells) {
        const Row expected = n <= static_cast<long>(whole) ? Row{"𠮷", "a\r\nb"} : Row{std::string(rest, 'y')};
        same = same && n == count + 1 && cells == expected;
        ++count;
        return true;
      });
      ASSERT_THAT(info, IsOk()) << size;
      EXPECT_EQ(info->encoding, unit == &unit_gb && whole > 0 ? Encoding::kGb18030 : Encoding::kUtf8) << size;
      EXPECT_EQ(count, static_cast<long>(whole + (rest > 0 ? 1 : 0))) << size;
      EXPECT_TRUE(same) << size;
    }
  }
}

TEST_F(Csv, IncrementalWriterRenamesOnCloseAndDiscardsOtherwise) {
  const std::string p = path("roster.csv");
  {
    Result<CsvWriter> w = CsvWriter::open(p, Encoding::kGb18030);
    ASSERT_THAT(w, IsOk());
    w->write({"张三", "950.00"});
    w->write({"𠮷", "800.00"});
    EXPECT_FALSE(fs::exists(p));  // nothing half-written under the real name
    Result<long> n = w->close();
    ASSERT_THAT(n, IsOk());
    EXPECT_EQ(*n, 2);
  }
  Result<Sheet> back = read_csv_sheet(p);
  ASSERT_THAT(back, IsOk());
  EXPECT_THAT(back->rows, ElementsAre(ElementsAre("张三", "950.00"), ElementsAre("𠮷", "800.00")));

  const std::string abandoned = path("abandoned.csv");
  {
    Result<CsvWriter> w = CsvWriter::open(abandoned);
    ASSERT_THAT(w, IsOk());
    w->write({"x"});
  }
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_FALSE(fs::exists(abandoned + ".part"));
}

TEST_F(Csv, WriterToMissingFolderIsWriteFailed) {
  Result<long> n = write_csv(path("no/such/dir/x.csv"), {{"a"}});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.problems()[0].code, "write_failed");
}

}  // namespace
}  // namespace safetynet::io
