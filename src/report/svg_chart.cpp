#include "report/svg_chart.hpp"

#include <algorithm>
#include <cstdlib>

#include "model/money.hpp"

namespace safetynet::report {
namespace {

const char* kPalette[] = {"#c23531", "#2f4554", "#61a0a8", "#d48265", "#91c7ae", "#749f83", "#ca8622"};
constexpr int kLeft = 80, kRight = 20, kTop = 44, kBottom = 64;

std::string color_of(const ChartSeries& s, std::size_t i) {
  return s.color.empty() ? kPalette[i % (sizeof kPalette / sizeof *kPalette)] : s.color;
}

// A "nice" step (1, 2 or 5 × 10^k units; whole yuan at least for money) so that about five steps
// reach `span`.
std::int64_t nice_step(std::int64_t span, ValueKind kind) {
  const std::int64_t floor = kind == ValueKind::kFen ? model::kFenPerYuan : 1;
  std::int64_t want = std::max<std::int64_t>(floor, (span + 4) / 5);
  for (std::int64_t p = floor;; p *= 10)
    for (std::int64_t m : {1, 2, 5})
      if (m * p >= want) return m * p;
}

struct Axis {
  std::int64_t lo = 0, hi = 0, step = 1;  // value range, multiples of step, lo ≤ 0 ≤ hi
  int top = 0, height = 0;
  // Pixel y of a value (integers: v − lo over the range, scaled to the plot height).
  int y(std::int64_t v) const {
    return top + height - static_cast<int>(static_cast<model::Int128>(v - lo) * height / (hi - lo));
  }
};

Axis make_axis(const Chart& c, const std::optional<ChartSeries>& extra) {
  std::int64_t lo = 0, hi = 0;
  auto scan = [&](const ChartSeries& s) {
    for (const auto& v : s.values)
      if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
  };
  for (const auto& s : c.series) scan(s);
  if (extra) scan(*extra);
  Axis a;
  a.step = nice_step(std::max<std::int64_t>(hi - lo, 1), c.kind);
  a.hi = (hi + a.step - 1) / a.step * a.step;
  a.lo = lo < 0 ? -((-lo + a.step - 1) / a.step * a.step) : 0;
  if (a.hi == a.lo) a.hi = a.lo + a.step;
  a.top = kTop;
  a.height = c.height - kTop - kBottom;
  return a;
}

std::string open_svg(const Chart& c) {
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" +
                  std::to_string(c.width) + "\" height=\"" + std::to_string(c.height) + "\" viewBox=\"0 0 " +
                  std::to_string(c.width) + " " + std::to_string(c.height) +
                  "\" font-family=\"sans-serif\" font-size=\"12\">";
  s += "<title>" + xml_escape(c.title) + "</title>";
  s += "<text x=\"" + std::to_string(c.width / 2) + "\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">" +
       xml_escape(c.title) + "</text>";
  return s;
}

// Grid lines with their values, the unit, and the category labels under the plot.
std::string frame(const Chart& c, const Axis& a, const std::vector<int>& centres) {
  std::string s;
  const int right = c.width - kRight;
  for (std::int64_t v = a.lo; v <= a.hi; v += a.step) {
    const std::string y = std::to_string(a.y(v));
    s += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(right) + "\" y1=\"" + y + "\" y2=\"" + y +
         "\" stroke=\"" + (v == 0 ? "#333" : "#ddd") + "\"/>";
    s += "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + std::to_string(a.y(v) + 4) + "\" text-anchor=\"end\">" +
         chart_value_text(v, c.kind) + "</text>";
  }
  s += "<text x=\"8\" y=\"" + std::to_string(kTop - 10) + "\">" + xml_escape(c.unit) + "</text>";
  for (std::size_t i = 0; i < c.categories.size() && i < centres.size(); ++i)
    s += "<text x=\"" + std::to_string(centres[i]) + "\" y=\"" + std::to_string(a.top + a.height + 18) +
         "\" text-anchor=\"middle\">" + xml_escape(c.categories[i]) + "</text>";
  return s;
}

std::string legend(const Chart& c, const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string s;
  int x = kLeft;
  const std::string y = std::to_string(c.height - 14);
  for (const auto& [name, color] : entries) {
    s += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(c.height - 24) +
         "\" width=\"12\" height=\"12\" fill=\"" + color + "\"/>";
    s += "<text x=\"" + std::to_string(x + 16) + "\" y=\"" + y + "\">" + xml_escape(name) + "</text>";
    x += 30 + 13 * static_cast<int>(name.size() / 2 + 1);
  }
  return s;
}

std::vector<int> centres_of(const Chart& c) {
  std::vector<int> out;
  const int n = std::max<int>(1, static_cast<int>(c.categories.size()));
  const int plot = c.width - kLeft - kRight;
  for (int i = 0; i < static_cast<int>(c.categories.size()); ++i) out.push_back(kLeft + plot * (2 * i + 1) / (2 * n));
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string chart_value_text(std::int64_t v, ValueKind kind) {
  if (kind == ValueKind::kCount) return std::to_string(v);
  std::string s = model::format_yuan(v);
  if (s.ends_with(".00")) s.resize(s.size() - 3);
  return s;
}

std::string bar_chart(const Chart& c) {
  const Axis a = make_axis(c, std::nullopt);
  const auto centres = centres_of(c);
  std::string s = open_svg(c) + frame(c, a, centres);
  const int n = std::max<int>(1, static_cast<int>(c.categories.size()));
  const int band = (c.width - kLeft - kRight) / n;
  const int k = std::max<int>(1, static_cast<int>(c.series.size()));
  const int bar = std::max(2, band * 7 / 10 / k);
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const auto& sr = c.series[si];
    const std::string color = color_of(sr, si);
    for (std::size_t i = 0; i < sr.values.size() && i < centres.size(); ++i) {
      if (!sr.values[i]) continue;
      const std::int64_t v = *sr.values[i];
      const int x = centres[i] - bar * k / 2 + bar * static_cast<int>(si);
      const int y0 = a.y(0), y1 = a.y(v);
      s += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(std::min(y0, y1)) + "\" width=\"" +
           std::to_string(bar - 1) + "\" height=\"" + std::to_string(std::max(1, std::abs(y0 - y1))) + "\" fill=\"" +
           color + "\"><title>" + xml_escape(c.categories[i]) + " " + xml_escape(sr.name) + ": " +
           chart_value_text(v, c.kind) + "</title></rect>";
      if (c.series.size() == 1)
        s += "<text x=\"" + std::to_string(x + bar / 2) + "\" y=\"" + std::to_string(std::min(y0, y1) - 4) +
             "\" text-anchor=\"middle\" font-size=\"10\">" + chart_value_text(v, c.kind) + "</text>";
    }
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t si = 0; si < c.series.size(); ++si) entries.emplace_back(c.series[si].name, color_of(c.series[si], si));
  return s + legend(c, entries) + "</svg>";
}

std::string line_chart(const Chart& c, const std::optional<ChartSeries>& target) {
  const Axis a = make_axis(c, target);
  const auto centres = centres_of(c);
  std::string s = open_svg(c) + frame(c, a, centres);
  std::vector<std::pair<std::string, std::string>> entries;
  auto draw = [&](const ChartSeries& sr, const std::string& color, bool dashed) {
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        s += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" +
             (dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + points + "\"/>";
      points.clear();
    };
    for (std::size_t i = 0; i < sr.values.size() && i < centres.size(); ++i) {
      if (!sr.values[i]) {
        flush();  // unknown breaks the line
        continue;
      }
      const std::string xy = std::to_string(centres[i]) + "," + std::to_string(a.y(*sr.values[i]));
      points += (points.empty() ? "" : " ") + xy;
      if (!dashed)
        s += "<circle cx=\"" + std::to_string(centres[i]) + "\" cy=\"" + std::to_string(a.y(*sr.values[i])) +
             "\" r=\"3\" fill=\"" + color + "\"><title>" + xml_escape(c.categories[i]) + " " + xml_escape(sr.name) +
             ": " + chart_value_text(*sr.values[i], c.kind) + "</title></circle>";
    }
    flush();
    entries.emplace_back(sr.name, color);
  };
  for (std::size_t si = 0; si < c.series.size(); ++si) draw(c.series[si], color_of(c.series[si], si), false);
  if (target) draw(*target, target->color.empty() ? "#888" : target->color, true);
  return s + legend(c, entries) + "</svg>";
}

}  // namespace safetynet::report
