#include "model/region.hpp"

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

namespace safetynet::model {
namespace {

std::string home() {
  if (const char* h = std::getenv("SAFETYNET_HOME"); h && *h) return h;
  return SN_SOURCE_DIR;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

std::string default_region_dir() { return home() + "/data/regions"; }
std::string default_policy_dir() { return home() + "/policy"; }
std::string default_feeds_dir() { return home() + "/feeds"; }

std::string RegionCatalog::name(std::string_view code) const {
  auto it = names_.find(std::string(code));
  return it == names_.end() ? std::string() : it->second;
}

Result<RegionCatalog> RegionCatalog::load(const std::string& dir) {
  namespace fs = std::filesystem;
  RegionCatalog cat;
  Problems problems;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    auto ext = e.path().extension().string();
    if (ext == ".tsv" || ext == ".csv") files.push_back(e.path());
  }
  if (ec || files.empty()) {
    return make_problem("io_error", "regions", "", "找不到行政区划代码表目录: " + dir);
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    bool tsv = f.extension() == ".tsv";
    long row = 0;
    while (std::getline(in, line)) {
      ++row;
      if (row == 1) continue;  // header
      if (line.empty() || line == "\r") continue;
      auto cols = split(line, tsv ? '\t' : ',');
      // TSV: Source Revision Code Name; CSV: code,name,...
      std::string code = tsv ? (cols.size() > 2 ? cols[2] : "") : cols[0];
      std::string name = unquote(tsv ? (cols.size() > 3 ? cols[3] : "") : (cols.size() > 1 ? cols[1] : ""));
      if (!all_digits(code) || (code.size() != 6 && code.size() != 9 && code.size() != 12)) {
        Problem p = make_problem("bad_value", "code", "", "区划代码格式错误: " + code);
        p.file = f.string();
        p.row = row;
        problems.push_back(p);
        continue;
      }
      cat.names_[code] = name;
    }
  }
  if (!problems.empty()) return problems;
  return cat;
}

int guangxi_city_index(std::string_view region) {
  if (region.size() < 6 || region[0] != '4' || region[1] != '5') return kGuangxiCities;
  if (region[2] < '0' || region[2] > '9' || region[3] < '0' || region[3] > '9') return kGuangxiCities;
  const int city = (region[2] - '0') * 10 + (region[3] - '0');  // 4501xx -> 1
  return city >= 1 && city <= kGuangxiCities ? city - 1 : kGuangxiCities;
}

std::string guangxi_city_code(int index) {
  if (index < 0 || index >= kGuangxiCities) return "";
  const int city = index + 1;
  return std::string("45") + char('0' + city / 10) + char('0' + city % 10) + "00";
}

}  // namespace safetynet::model
