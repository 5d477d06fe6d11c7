#pragma once
// A small SVG chart writer for reports (ARCHITECTURE "report/: SVG charts"): bar charts (one series),
// grouped bars (several series side by side) and lines against a dashed target line. Reused by the
// monthly report (report_html.cpp) and the simulation report (cost by city, gainers and losers).
//
// Values are integers: fen (shown as yuan, "950" or "950.50") or counts, per `ValueKind`; an absent
// value (nullopt) draws no bar and breaks the line: unknown is not zero. Negative values draw below
// the zero line (a simulation's losers). Text (title, categories, series names) is XML-escaped, so
// Chinese labels and "<&>" are safe. Pixel positions are computed in integers. Output: one `<svg>`
// element with `role="img"` and a `<title>`, to embed in an HTML page. Values only; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet::report {

enum class ValueKind { kFen, kCount };

struct ChartSeries {
  std::string name;                                   // legend text
  std::vector<std::optional<std::int64_t>> values;    // one per category; fen or a count
  std::string color;                                  // CSS colour; "" = the palette's next
};

struct Chart {
  std::string title;
  std::vector<std::string> categories;  // x-axis labels
  std::vector<ChartSeries> series;
  ValueKind kind = ValueKind::kFen;
  std::string unit;                     // axis unit text: "元", "户", "人"
  int width = 760;
  int height = 340;
};

// Bars: one bar per category per series (grouped when several series), value labels on single series.
std::string bar_chart(const Chart& c);
// Lines, one per series, with points; `target` (if given) drawn dashed, named in the legend.
std::string line_chart(const Chart& c, const std::optional<ChartSeries>& target = std::nullopt);

// "<" -> "&lt;", "&" -> "&amp;", '"' -> "&quot;", "'" -> "&#39;", ">" -> "&gt;".
std::string xml_escape(std::string_view text);
// A value as the axis and labels show it: fen as yuan without ".00" when whole ("950", "950.5" ->
// "950.50"), counts as integers.
std::string chart_value_text(std::int64_t v, ValueKind kind);

}  // namespace safetynet::report
