// Tests for io/xlsx: write -> read round trips through libxlsxwriter and our reader (merged two-row
// headers, numbers kept as text, blank rows, characters outside the BMP), a hand-built workbook for
// what libxlsxwriter never writes (rich text, prefixes, inline and formula strings, booleans,
// errors, escapes), Excel serial dates, and errors.
#include "io/xlsx.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace safetynet::io {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace fs = std::filesystem;

MATCHER(IsOk, "is ok") {
  if (arg.ok()) return true;
  for (const Problem& p : arg.problems()) *result_listener << p.to_string() << "; ";
  return false;
}

MATCHER_P2(HasProblem, code, field,
           "has a Problem " + std::string(code) + " " + std::string(field)) {
  if (arg.ok()) return false;
  for (const Problem& p : arg.problems()) {
    *result_listener << p.to_string() << "; ";
    if (p.code == code && p.field == field) return true;
  }
  return false;
}

class Xlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::temp_directory_path() / ("sn_xlsx_" + std::to_string(::getpid()) + "_" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // One part of a zip, as text (to check what was written, not only what reads back).
  static std::string part_text(const std::string& zip_path, const std::string& part) {
    unzFile z = unzOpen64(zip_path.c_str());
    if (z == nullptr) return "";
    std::string out;
    if (unzLocateFile(z, part.c_str(), 1) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK) {
      char buf[4096];
      int n = 0;
      while ((n = unzReadCurrentFile(z, buf, sizeof buf)) > 0) out.append(buf, n);
      unzCloseCurrentFile(z);
    }
    unzClose(z);
    return out;
  }

  // A zip made of the given parts: for workbooks no writer we link would produce.
  static void make_zip(const std::string& zip_path,
                       const std::map<std::string, std::string>& parts) {
    zipFile z = zipOpen64(zip_path.c_str(), APPEND_STATUS_CREATE);
    ASSERT_NE(z, nullptr);
    for (const auto& [name, text] : parts) {
      ASSERT_EQ(zipOpenNewFileInZip(z, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr,
                                    Z_DEFLATED, Z_DEFAULT_COMPRESSION),
                ZIP_OK);
      ASSERT_EQ(zipWriteInFileInZip(z, text.data(), static_cast<unsigned>(text.size())), ZIP_OK);
      ASSERT_EQ(zipCloseFileInZip(z), ZIP_OK);
    }
    ASSERT_EQ(zipClose(z, nullptr), ZIP_OK);
  }

  fs::path dir_;
};

// The ledger shape offices use: a two-row header where 成年人 spans its two sub-columns.
SheetSpec ledger_spec() {
  SheetSpec s;
  s.name = "台账";
  s.rows = {
      {"户主姓名", "成年人", "", "月收入"},
      {"", "人数", "收入", ""},
      {"𠮷祥", "2", "1234.56", "1234.56"},
      {"阿卜杜拉·艾力", "1", "0.69", "1234.50"},
      {"张三", "007", "45010219900307002X", "-12.3"},
  };
  s.numeric_columns = {1, 2, 3};
  s.header_rows = 2;
  s.merges = {{0, 0, 1, 0}, {0, 1, 0, 2}, {0, 3, 1, 3}};
  return s;
}

TEST_F(Xlsx, RoundTripKeepsMergedHeaderRareCharactersAndNumberText) {
  const std::string p = path("ledger.xlsx");
  SheetSpec summary;
  summary.name = "汇总";
  summary.rows = {{"地区", "户数"}, {"南宁市", "12"}};
  summary.numeric_columns = {1};
  Result<long> written = write_xlsx(p, {ledger_spec(), summary});
  ASSERT_THAT(written, IsOk());
  EXPECT_EQ(*written, 7);
  EXPECT_FALSE(fs::exists(p + ".part"));

  Result<std::vector<std::string>> names = xlsx_sheet_names(p);
  ASSERT_THAT(names, IsOk());
  EXPECT_THAT(*names, ElementsAre("台账", "汇总"));

  Result<std::vector<Sheet>> sheets = read_xlsx_sheets(p);
  ASSERT_THAT(sheets, IsOk());
  ASSERT_EQ(sheets->size(), 2u);
  const Sheet& ledger = (*sheets)[0];
  EXPECT_EQ(ledger.name, "台账");
  ASSERT_EQ(ledger.rows.size(), 5u);
  EXPECT_THAT(ledger.rows[0], ElementsAre("户主姓名", "成年人", "成年人", "月收入"));
  EXPECT_THAT(ledger.rows[1], ElementsAre("户主姓名", "人数", "收入", "月收入"));
  EXPECT_THAT(ledger.rows[2], ElementsAre("𠮷祥", "2", "1234.56", "1234.56"));
  // A number carries no trailing zeros in the file (its format shows them): 1234.50 reads 1234.5.
  // libxlsxwriter stores 0.69 as "0.6899999999999999"; the reader gives Excel's "0.69".
  EXPECT_THAT(ledger.rows[3], ElementsAre("阿卜杜拉·艾力", "1", "0.69", "1234.5"));
  // "007" and an id are not plain numbers: they stay text even in numeric columns.
  EXPECT_THAT(ledger.rows[4], ElementsAre("张三", "007", "45010219900307002X", "-12.3"));
  EXPECT_THAT((*sheets)[1].rows,
              ElementsAre(ElementsAre("地区", "户数"), ElementsAre("南宁市", "12")));

  // What Excel will see: numbers as numbers, frozen header rows, the merges.
  const std::string xml = part_text(p, "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(std::regex_search(xml, std::regex(R"(<c r="D3" s="\d+"><v>1234.56</v></c>)"))) << xml;
  EXPECT_TRUE(std::regex_search(xml, std::regex(R"(<c r="C5"[^>]*t="s")"))) << xml;  // id as text
  EXPECT_NE(xml.find(R"(ySplit="2")"), std::string::npos);
  EXPECT_NE(xml.find(R"(state="frozen")"), std::string::npos);
  EXPECT_NE(xml.find(R"(<mergeCell ref="B1:C1"/>)"), std::string::npos);
  EXPECT_NE(xml.find(R"(<mergeCell ref="A1:A2"/>)"), std::string::npos);
}

TEST_F(Xlsx, BlankRowInTheMiddleKeepsRowNumbers) {
  // No merges: written in constant_memory mode, where libxlsxwriter uses inline strings.
  SheetSpec s;
  s.name = "成员";
  s.rows = {{"姓名", "金额"}, {"张三", "100"}, {}, {"𠮷", "200.5"}, {"", "", "尾"}};
  s.numeric_columns = {1};
  const std::string p = path("blank.xlsx");
  ASSERT_THAT(write_xlsx(p, {s}), IsOk());
  EXPECT_NE(part_text(p, "xl/worksheets/sheet1.xml").find("inlineStr"), std::string::npos);

  std::vector<long> numbers;
  std::vector<Row> rows;
  Result<long> n = read_xlsx(p, "成员", [&](long r, const Row& cells) {
    numbers.push_back(r);
    rows.push_back(cells);
    return true;
  });
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(*n, 5);
  EXPECT_THAT(numbers, ElementsAre(1, 2, 3, 4, 5));
  EXPECT_THAT(rows[1], ElementsAre("张三", "100"));
  EXPECT_THAT(rows[2], IsEmpty());
  EXPECT_THAT(rows[3], ElementsAre("𠮷", "200.5"));
  EXPECT_THAT(rows[4], ElementsAre("", "", "尾"));  // missing cells keep the column position
}

TEST_F(Xlsx, ReadsWhatOtherWritersProduce) {
  const std::string p = path("hand.xlsx");
  make_zip(p, {
                  {"[Content_Types].xml", R"(<?xml version="1.0"?><Types/>)"},
                  {"_rels/.rels",
                   R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)"},
                  {"xl/workbook.xml",
                   R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="图表" sheetId="3" rel:id="rId3"/><sheet name="成员&amp;收入" sheetId="1" rel:id="rId1"/></sheets>
</workbook>)"},
                  {"xl/_rels/workbook.xml.rels",
                   R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>
</Relationships>)"},
                  {"xl/sharedStrings.xml",
                   R"(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>姓名</t></si>
<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r></si>
<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si>
<si><t>a_x000D_b &amp; &lt;c&gt; &#x20BB7; _x005F_x0041_</t></si>
</sst>)"},
                  {"xl/worksheets/data.xml",
                   R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <x:dimension ref="A1:E6"/>
  <x:sheetData>
    <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s" s="1"><x:v>1</x:v></x:c></x:row>
    <x:row r="2">
      <x:c t="inlineStr"><x:is><x:t>𠮷</x:t></x:is></x:c>
      <x:c t="b"><x:v>1</x:v></x:c>
      <x:c><x:v>1234.56</x:v></x:c>
      <x:c t="e"><x:v>#N/A</x:v></x:c>
      <x:c><x:f>A9/3</x:f><x:v>0.6899999999999999</x:v></x:c>
    </x:row>
    <!-- row 3 has no cells, so it is not in the file -->
    <x:row r="4"><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="B4" t="s"><x:v>3</x:v></x:c></x:row>
    <x:row r="5"><x:c r="A5" t="str"><x:f>"公式"&amp;"文本"</x:f><x:v>公式文本</x:v></x:c><x:c r="B5" s="2"/></x:row>
  </x:sheetData>
  <x:mergeCells count="1"><x:mergeCell ref="B4:B6"/></x:mergeCells>
</x:worksheet>)"},
              });

  Result<std::vector<std::string>> names = xlsx_sheet_names(p);
  ASSERT_THAT(names, IsOk());
  EXPECT_THAT(*names, ElementsAre("成员&收入"));  // the chart sheet has no cells

  std::vector<long> numbers;
  std::vector<Row> rows;
  Result<long> n = read_xlsx(p, "", [&](long r, const Row& cells) {
    numbers.push_back(r);
    rows.push_back(cells);
    return true;
  });
  ASSERT_THAT(n, IsOk());
  EXPECT_THAT(numbers, ElementsAre(1, 2, 3, 4, 5, 6));  // row 6 exists because the merge reaches it
  EXPECT_THAT(rows[0], ElementsAre("姓名", "", "张三 "));
  EXPECT_THAT(rows[1], ElementsAre("𠮷", "TRUE", "1234.56", "#N/A", "0.69"));
  EXPECT_THAT(rows[2], IsEmpty());
  const std::string escaped = "a\rb & <c> 𠮷 _x0041_";
  EXPECT_THAT(rows[3], ElementsAre("漢字", escaped));
  EXPECT_THAT(rows[4], ElementsAre("公式文本", escaped));
  EXPECT_THAT(rows[5], ElementsAre("", escaped));
}

TEST_F(Xlsx, StreamsALargeSheet) {
  // Enough XML to cross the reader's 256 KiB window many times, in both writer modes.
  for (bool with_merge : {false, true}) {
    SheetSpec s;
    s.name = "名单";
    s.rows.push_back({"序号", "姓名", "低保金"});
    for (int i = 1; i <= 20000; ++i) {
      s.rows.push_back(
          {std::to_string(i), "张三𠮷" + std::to_string(i), std::to_string(i) + ".25"});
    }
    s.numeric_columns = {0, 2};
    if (with_merge) s.merges = {{0, 0, 0, 1}};
    const std::string p = path("large.xlsx");
    ASSERT_THAT(write_xlsx(p, {s}), IsOk());
    long count = 0;
    bool same = true;
    Result<long> n = read_xlsx(p, "名单", [&](long r, const Row& cells) {
      if (r > 1) same = same && cells == s.rows[r - 1];
      ++count;
      return true;
    });
    ASSERT_THAT(n, IsOk());
    EXPECT_EQ(count, 20001);
    EXPECT_TRUE(same) << "with_merge=" << with_merge;
  }
}

TEST_F(Xlsx, PartsOfEverySizeReadWhole) {
  // The read buffer of a part is sized to the part (4 KiB … 256 KiB; it grows for a longer token):
  // parts just under and over 4 KiB, and a cell of 64,000 bytes (16,000 𠮷, within Excel's 32,767
  // UTF-16 units), through shared strings (with a merge) and inline strings (without).
  for (std::size_t len : {std::size_t{10}, std::size_t{3900}, std::size_t{4090}, std::size_t{4200},
                          std::size_t{64000}}) {
    for (bool with_merge : {false, true}) {
      SheetSpec s;
      s.name = "S";
      std::string text;
      while (text.size() < len) text += "𠮷";
      s.rows = {{"姓名", "备注"}, {"a", text}, {"b", "c"}};
      if (with_merge) s.merges = {{2, 0, 2, 1}};
      const std::string p = path("sized.xlsx");
      ASSERT_THAT(write_xlsx(p, {s}), IsOk());
      Result<std::vector<Sheet>> sheets = read_xlsx_sheets(p);
      ASSERT_THAT(sheets, IsOk()) << len;
      ASSERT_EQ((*sheets)[0].rows.size(), 3u) << len;
      EXPECT_EQ((*sheets)[0].rows[1][1], text) << len << " with_merge=" << with_merge;
      EXPECT_THAT((*sheets)[0].rows[2], ElementsAre("b", with_merge ? "b" : "c"));
    }
  }
}

TEST_F(Xlsx, VisitorCanStop) {
  SheetSpec s;
  s.name = "S";
  s.rows = {{"a"}, {"b"}, {"c"}};
  const std::string p = path("stop.xlsx");
  ASSERT_THAT(write_xlsx(p, {s}), IsOk());
  Result<long> n = read_xlsx(p, "S", [](long r, const Row&) { return r < 2; });
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(*n, 2);
}

TEST_F(Xlsx, ExcelSerialDates) {
  using model::Date;
  EXPECT_EQ(excel_serial_to_date("43739"), (Date{2019, 10, 1}));
  EXPECT_EQ(excel_serial_to_date("43739.5"), (Date{2019, 10, 1}));
  EXPECT_EQ(excel_serial_to_date("1"), (Date{1900, 1, 1}));
  EXPECT_EQ(excel_serial_to_date("59"), (Date{1900, 2, 28}));
  EXPECT_EQ(excel_serial_to_date("60"), std::nullopt);  // Excel's 1900-02-29, which never was
  EXPECT_EQ(excel_serial_to_date("61"), (Date{1900, 3, 1}));
  EXPECT_EQ(excel_serial_to_date("36586"), (Date{2000, 3, 1}));
  EXPECT_EQ(excel_serial_to_date("2958465"), (Date{9999, 12, 31}));
  EXPECT_EQ(excel_serial_to_date("2958466"), std::nullopt);
  EXPECT_EQ(excel_serial_to_date("0"), std::nullopt);
  EXPECT_EQ(excel_serial_to_date("-5"), std::nullopt);
  EXPECT_EQ(excel_serial_to_date(""), std::nullopt);
  EXPECT_EQ(excel_serial_to_date("2019-10-01"), std::nullopt);
  EXPECT_EQ(excel_serial_to_date("43739."), std::nullopt);
}

// A minimal workbook of one sheet "S" with the given sheetData content, merges and shared strings.
void make_sheet(const std::string& zip_path, const std::string& rows, const std::string& merges,
                const std::string& shared = "") {
  const std::string rels =
      R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>)" +
      std::string(shared.empty() ? "" : R"(<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/>)") +
      "</Relationships>";
  std::map<std::string, std::string> parts = {
      {"xl/workbook.xml", R"(<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels", rels},
      {"xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + rows + "</sheetData><mergeCells>" + merges +
                                       "</mergeCells></worksheet>"}};
  if (!shared.empty()) parts["xl/sharedStrings.xml"] = "<sst><si><t>" + shared + "</t></si></sst>";
  zipFile z = zipOpen64(zip_path.c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, text] : parts) {
    ASSERT_EQ(zipOpenNewFileInZip(z, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                  Z_DEFAULT_COMPRESSION),
              ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(z, text.data(), static_cast<unsigned>(text.size())), ZIP_OK);
    ASSERT_EQ(zipCloseFileInZip(z), ZIP_OK);
  }
  ASSERT_EQ(zipClose(z, nullptr), ZIP_OK);
}

TEST_F(Xlsx, MergesMayNotAskForMoreCellsThanTheFileCouldMean) {
  // Inputs for fuzz/xlsx_fuzz (fuzz/regressions/xlsx/): a few hundred bytes merging the whole sheet
  // asked for 17 billion cells, and a long text merged across a row for a 1.5 GB row. Both are
  // refused as bad_file naming the sheet, at once rather than after minutes.
  const std::string title = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>兴宁区低保台账</t></is></c></row>)";
  const std::string whole = path("whole.xlsx");
  make_sheet(whole, title, R"(<mergeCell ref="A1:XFD1048576"/>)");
  long visited = 0;
  Result<long> r = read_xlsx(whole, "S", [&](long, const Row&) { return ++visited > 0; });
  EXPECT_THAT(r, HasProblem("bad_file", "S"));
  EXPECT_EQ(visited, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems()[0].message.find("A1:XFD1048576"), std::string::npos) << r.problems()[0].message;

  const std::string long_text = path("long.xlsx");
  make_sheet(long_text, R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)", R"(<mergeCell ref="A1:XFD1"/>)",
             std::string(32767, 'x'));
  EXPECT_THAT(read_xlsx_sheets(long_text), HasProblem("bad_file", "S"));

  // What offices do still reads: a title over the whole width, a column merged all the way down.
  const std::string wide = path("wide.xlsx");
  make_sheet(wide, title + R"(<row r="2"><c r="A2" t="inlineStr"><is><t>450102</t></is></c></row>)",
             R"(<mergeCell ref="A1:XFD1"/><mergeCell ref="A2:A1048576"/>)");
  long rows = 0;
  bool same = true;
  r = read_xlsx(wide, "S", [&](long n, const Row& cells) {
    ++rows;
    if (n == 1) same = same && cells.size() == 16384 && cells[16383] == "兴宁区低保台账";
    if (n > 1) same = same && cells.size() == 1 && cells[0] == "450102";
    return true;
  });
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(rows, 1048576);
  EXPECT_TRUE(same);
}

TEST_F(Xlsx, ReadErrorsNameFileAndSheet) {
  const std::string not_zip = path("not.xlsx");
  std::ofstream(not_zip) << "姓名,金额\n";
  Result<std::vector<Sheet>> bad = read_xlsx_sheets(not_zip);
  EXPECT_THAT(bad, HasProblem("bad_file", ""));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problems()[0].file, not_zip);

  const std::string p = path("one.xlsx");
  ASSERT_THAT(write_xlsx(p, {ledger_spec()}), IsOk());
  Result<long> missing = read_xlsx(p, "不存在", [](long, const Row&) { return true; });
  EXPECT_THAT(missing, HasProblem("bad_file", "不存在"));
}

TEST_F(Xlsx, WriteRefusesBadSpecsAndLeavesNoFile) {
  SheetSpec s = ledger_spec();
  s.name = "a/b";
  const std::string p = path("bad.xlsx");
  EXPECT_THAT(write_xlsx(p, {s}), HasProblem("bad_value", "a/b"));
  s = ledger_spec();
  s.merges.push_back({0, 2, 0, 3});  // overlaps 成年人 B1:C1
  EXPECT_THAT(write_xlsx(p, {s}), HasProblem("bad_value", "台账"));
  EXPECT_FALSE(fs::exists(p));
  EXPECT_FALSE(fs::exists(p + ".part"));
}

}  // namespace
}  // namespace safetynet::io
