#include "verify/load.hpp"

#include <sodium.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <memory>

#include "security/sodium_init.hpp"

namespace safetynet::verify {

std::string file_hash(const std::string& path) {
  security::ensure_sodium();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return "";
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  std::string buf(1 << 20, '\0');
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0)
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(buf.data()), n);
  if (std::ferror(f.get())) return "";
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

Result<ParsedFeed> parse_feed(const std::string& path, const Mapping& mapping, std::optional<model::Date> as_of) {
  ParsedFeed out;
  out.source = mapping.source;
  std::string hash = file_hash(path);
  if (hash.empty()) {
    std::error_code ec;
    Problem p = make_problem("bad_file", "", "", !std::filesystem::exists(path, ec) ? "文件不存在"
                                                 : std::filesystem::is_directory(path, ec) ? "这是一个目录，不是文件"
                                                                                             : "文件无法读取");
    p.file = path;
    return p;
  }
  // The same bytes stated for another date are another statement (an empty file "nobody has any"
  // on 2019-09-30 and again on 2019-10-31), and read through a corrected mapping they are another
  // reading: the given as-of date and the mapping's own bytes are part of the identity.
  if (as_of) hash += "@" + as_of->to_string();
  if (const std::string m = file_hash(mapping.file); !m.empty()) hash += "+" + m.substr(0, 16);
  // Department data has no future: a row dated after today is refused (bad_date).
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  const model::Date not_after{static_cast<int>(today.year()), static_cast<int>(static_cast<unsigned>(today.month())),
                              static_cast<int>(static_cast<unsigned>(today.day()))};
  registry::StoredFact sf;
  auto counts = read_feed(path, mapping, as_of, [&](const FeedFact& f) {
    sf.person = f.person;
    sf.fact = static_cast<std::uint8_t>(f.target.fact);
    sf.kind = f.target.kind;
    sf.day = f.day;
    sf.amount = f.amount;
    out.facts.push_back(sf);
    if (!f.name.empty() || !f.region.empty()) out.texts.push_back({f.person, f.name, f.region});
  }, out.rejected, not_after);
  if (!counts) return counts.problems();
  auto& l = out.load;
  l.source = to_string(mapping.source);
  l.file = path;
  l.file_hash = hash;
  l.mapping = mapping.file;
  l.first_day = counts->first_day;
  l.last_day = counts->last_day;
  l.as_of = as_of ? as_of->year * 10000 + as_of->month * 100 + as_of->day : counts->last_day;
  if (l.as_of == 0) {
    // Nothing loadable: when rows were refused, they are the reason; else the file is empty of data.
    Problems why = out.rejected;
    Problem p = make_problem("missing_field", "as_of", "",
                             why.empty() ? "文件中没有数据行，无法确定数据日期：若确实无人有此项，请以 --as-of 给出数据日期"
                                         : "没有一行可导入（原因见以上各行），未导入");
    p.file = path;
    why.push_back(std::move(p));
    return why;
  }
  l.rows_read = counts->rows;
  l.rows_loaded = counts->loaded;
  l.rows_rejected = counts->rejected;
  l.rows_ignored = counts->ignored;
  l.rows_blank = counts->blank;
  l.ids_normalised = counts->normalised;
  return out;
}

LoadReport store_feed(registry::Registry& reg, const ParsedFeed& feed) {
  LoadReport report;
  auto& store = reg.verification();
  if (auto earlier = store.find_load(feed.load.source, feed.load.file_hash)) {
    report.load = *earlier;
    report.already_loaded = true;
    return report;
  }
  auto session = store.begin_load();
  for (const auto& f : feed.facts) session->add(f);
  for (const auto& t : feed.texts) session->add_text(t.person, t.name, t.region);
  for (const auto& p : feed.rejected) session->reject(p);
  report.load = feed.load;
  report.rejected = feed.rejected;
  report.load.id = session->commit(report.load);
  return report;
}

Result<LoadReport> load_feed(registry::Registry& reg, const std::string& path, const Mapping& mapping,
                             std::optional<model::Date> as_of) {
  auto parsed = parse_feed(path, mapping, as_of);
  if (!parsed) return parsed.problems();
  return store_feed(reg, *parsed);
}

}  // namespace safetynet::verify
