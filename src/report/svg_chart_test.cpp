// Tests of the SVG chart writer (svg_chart.hpp): values in fen shown as yuan, counts as integers,
// Chinese and markup in labels escaped, unknown values drawn as nothing, negative bars below zero.
#include "report/svg_chart.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace safetynet::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(SvgChart, ShowsFenAsYuan) {
  EXPECT_EQ(chart_value_text(95000, ValueKind::kFen), "950");
  EXPECT_EQ(chart_value_text(95050, ValueKind::kFen), "950.50");
  EXPECT_EQ(chart_value_text(-5, ValueKind::kFen), "-0.05");
  EXPECT_EQ(chart_value_text(95000, ValueKind::kCount), "95000");
}

TEST(SvgChart, EscapesLabels) {
  EXPECT_EQ(xml_escape("南宁市 <b>&\"'"), "南宁市 &lt;b&gt;&amp;&quot;&#39;");
  Chart c{"当月发放 <测试>", {"兴宁区", "A&B"}, {{"发放", {95000, 160000}, ""}}, ValueKind::kFen, "元"};
  const std::string svg = bar_chart(c);
  EXPECT_THAT(svg, HasSubstr("<title>当月发放 &lt;测试&gt;</title>"));
  EXPECT_THAT(svg, HasSubstr(">A&amp;B</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("<测试>")));
}

TEST(SvgChart, BarChartDrawsOneBarPerKnownValueWithItsYuanLabel) {
  // 950.00 and 1600.00 yuan; the third is unknown: no bar, not a zero bar.
  Chart c{"t", {"a", "b", "c"}, {{"s", {95000, 160000, std::nullopt}, "#123456"}}, ValueKind::kFen, "元"};
  const std::string svg = bar_chart(c);
  EXPECT_EQ(count(svg, "fill=\"#123456\"><title>"), 2);
  EXPECT_THAT(svg, HasSubstr("a s: 950</title>"));
  EXPECT_THAT(svg, HasSubstr("b s: 1600</title>"));
  EXPECT_THAT(svg, Not(HasSubstr("c s:")));
  // The axis: a nice step of 500 yuan (1600 / 5 = 320 → 500) up to 2000.
  EXPECT_THAT(svg, HasSubstr(">2000</text>"));
  EXPECT_THAT(svg, HasSubstr(">500</text>"));
  EXPECT_THAT(svg, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, HasSubstr("role=\"img\""));
}

TEST(SvgChart, GroupedBarsHaveOneBarPerSeriesAndALegend) {
  Chart c{"户数", {"南宁市", "柳州市"}, {{"低保户", {3, 2}, "#a00000"}, {"低收入户", {1, 0}, "#00a000"}}, ValueKind::kCount, "户"};
  const std::string svg = bar_chart(c);
  EXPECT_EQ(count(svg, "fill=\"#a00000\"><title>"), 2);
  EXPECT_EQ(count(svg, "fill=\"#00a000\"><title>"), 2);
  EXPECT_THAT(svg, HasSubstr(">低保户</text>"));
  EXPECT_THAT(svg, HasSubstr(">低收入户</text>"));
  EXPECT_THAT(svg, HasSubstr("南宁市 低保户: 3</title>"));
}

TEST(SvgChart, NegativeBarsGoBelowTheZeroLine) {
  // A simulation's losers: −200.00 yuan. Span 300 + 200 = 500 yuan, a fifth is 100 yuan: the step;
  // the lowest tick is −200.
  Chart c{"t", {"gain", "loss"}, {{"s", {30000, -20000}, ""}}, ValueKind::kFen, "元"};
  const std::string svg = bar_chart(c);
  EXPECT_THAT(svg, HasSubstr(">-200</text>"));
  EXPECT_THAT(svg, HasSubstr("loss s: -200</title>"));
}

TEST(SvgChart, LineAgainstADashedTargetBreaksAtUnknowns) {
  Chart c{"标准", {"01", "02", "03"}, {{"平均", {65000, std::nullopt, 72000}, "#222222"}}, ValueKind::kFen, "元"};
  ChartSeries target{"目标", {65000, 65000, 72000}, "#999999"};
  const std::string svg = line_chart(c, target);
  EXPECT_EQ(count(svg, "<polyline"), 3) << "two pieces of the line, one target";
  EXPECT_EQ(count(svg, "stroke-dasharray"), 1);
  EXPECT_EQ(count(svg, "<circle"), 2);
  EXPECT_THAT(svg, HasSubstr("03 平均: 720</title>"));
  EXPECT_THAT(svg, HasSubstr(">目标</text>"));
}

}  // namespace
}  // namespace safetynet::report
