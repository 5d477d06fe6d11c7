// `safetynet import --db FILE PATH...`: household JSON/YAML files and the flat files offices keep (CSV in
// UTF-8 or GB18030, XLSX; docs/ledger-format.md), in one transaction. Every rejected household or row is
// reported with file, row, field, member and reason; the rest is committed. Nothing is committed when a
// file cannot be read whole, nor (with --atomic) when anything is rejected. Re-importing the same files changes nothing.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <set>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "io/csv.hpp"
#include "io/household_record.hpp"
#include "io/ledger.hpp"
#include "io/xlsx.hpp"
#include "verify/run.hpp"

namespace safetynet::cli {

ImportSummary import_files(registry::Registry& reg, const model::RegionCatalog& regions,
                           const std::vector<std::string>& paths, bool atomic, std::FILE* progress) {
  ImportSummary sum;
  auto session = reg.begin_import();
  std::vector<std::string> flat;
  std::string names;
  long put = 0;
  auto put_one = [&](model::Household&& h, const std::string& file, long row,
                     std::vector<std::pair<std::string, long>> member_rows = {}) {
    session->put(registry::Incoming{std::move(h), file, row, std::move(member_rows)});
    ++put;
    if (progress && put % 10000 == 0) {
      std::fprintf(progress, "\r导入中 %ld 户", put);
      std::fflush(progress);
    }
  };
  for (const auto& path : paths) {
    names += (names.empty() ? "" : ", ") + path;
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".csv" || ext == ".xlsx") {
      flat.push_back(path);
      continue;
    }
    if (ext != ".json" && ext != ".yaml" && ext != ".yml") {
      Problem p = make_problem("bad_file", "", "", "不支持的文件类型（应为 .json .yaml .csv .xlsx）");
      p.file = path;
      sum.file_errors.push_back(p);
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      Problem p = make_problem("bad_file", "", "", "无法读取文件");
      p.file = path;
      sum.file_errors.push_back(p);
      continue;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(ss.str());
    } catch (const YAML::Exception& e) {
      Problem p = make_problem("bad_file", "", "", std::string("JSON/YAML 语法错误: ") + e.what());
      p.file = path;
      sum.file_errors.push_back(p);
      continue;
    }
    // Each document is one household or a list of them; row = position among all of them, 1-based.
    std::vector<YAML::Node> items;
    for (const auto& doc : docs) {
      if (doc.IsSequence())
        for (const auto& n : doc) items.push_back(n);
      else if (!doc.IsNull())
        items.push_back(doc);
    }
    if (items.empty()) {
      Problem p = make_problem("bad_file", "", "", "文件中没有家庭记录");
      p.file = path;
      sum.file_errors.push_back(p);
      continue;
    }
    const bool several = items.size() > 1;
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto h = io::parse_household(items[i], regions);
      const long row = several ? static_cast<long>(i + 1) : 0;
      if (!h) {
        for (auto p : h.problems()) {
          p.file = path;
          p.row = row;
          if (items[i].IsMap() && items[i]["id"] && items[i]["id"].IsScalar())
            p.message += "（户 " + items[i]["id"].Scalar() + "）";
          session->reject(p);
        }
        continue;
      }
      put_one(std::move(h).value(), path, row);
    }
  }
  if (!flat.empty()) {
    io::LedgerReader reader(regions);
    for (const auto& path : flat) {
      const bool csv = path.size() >= 4 && (path.ends_with(".csv") || path.ends_with(".CSV"));
      if (csv) {
        reader.begin_sheet(path);
        auto r = io::read_csv(path, reader.visitor());
        reader.end_sheet();
        if (!r) for (const auto& p : r.problems()) sum.file_errors.push_back(p);
      } else {
        auto sheets = io::xlsx_sheet_names(path);
        if (!sheets) {
          for (const auto& p : sheets.problems()) sum.file_errors.push_back(p);
          continue;
        }
        for (const auto& s : *sheets) {
          reader.begin_sheet(path + "#" + s);
          auto r = io::read_xlsx(path, s, reader.visitor());
          reader.end_sheet();
          if (!r) for (const auto& p : r.problems()) sum.file_errors.push_back(p);
        }
      }
    }
    // With a file unreadable the import will not commit: collect the rows' problems, write nothing.
    const bool will_commit = sum.file_errors.empty();
    io::LedgerImport li = reader.finish([&](model::Household&& h, const io::LedgerOrigin& o) {
      if (will_commit) put_one(std::move(h), o.file, o.row, o.members);
    });
    for (const auto& p : li.rejected) session->reject(p);
    sum.warnings = std::move(li.warnings);
  }
  if (progress && put >= 10000) std::fprintf(progress, "\n");
  // A file that cannot be read whole (an unterminated quote, a damaged workbook) would leave households
  // with facts silently missing: nothing is committed then. With --atomic, any rejection stops it too.
  if (!sum.file_errors.empty() || (atomic && !session->rejected().empty())) {
    sum.outcome.rejected = session->rejected();
    sum.committed = false;
    return sum;  // the session rolls back on destruction
  }
  if (put == 0 && session->rejected().empty()) {
    Problem p = make_problem("bad_file", "", "", "没有找到任何家庭记录（检查表头是否为台账/成员表格式）");
    p.file = names;
    sum.file_errors.push_back(p);
    sum.committed = false;
    return sum;
  }
  sum.outcome = session->commit(names);
  sum.committed = true;
  return sum;
}

namespace {

int run_import(const std::string& db, const std::vector<std::string>& paths, bool atomic) {
  auto regions = load_regions_or_report();
  if (!regions) return kExitBadInput;
  auto reg = registry::Registry::open(db);
  ImportSummary s = import_files(*reg, *regions, paths, atomic, progress_stream());
  const auto& o = s.outcome;
  if (!s.committed) {
    std::printf("未提交任何数据：%s\n", s.file_errors.empty() ? "有记录被拒绝（--atomic）" : "有文件无法完整读取");
    print_problems(s.file_errors, stdout);
    print_problems(s.outcome.rejected, stdout);
    return kExitBadInput;
  }
  std::printf("导入完成：新增 %ld 户，更新 %ld 户，未变 %ld 户，拒绝 %zu 条\n", o.inserted, o.updated, o.unchanged,
              o.rejected.size());
  if (!s.warnings.empty()) {
    std::printf("提示 %zu 条（已更正或忽略，不影响导入）:\n", s.warnings.size());
    std::size_t shown = 0;
    for (const auto& w : s.warnings) {
      if (++shown > 20) {
        std::printf("  …（其余 %zu 条略）\n", s.warnings.size() - 20);
        break;
      }
      std::printf("  %s\n", w.to_string().c_str());
    }
  }
  if (!o.rejected.empty()) {
    std::printf("被拒绝的记录（其余已提交）:\n");
    print_problems(o.rejected, stdout);
    // Duplicates and id problems, with what to do (the same words as `verify run`'s issue list).
    std::set<std::string> codes;
    for (const auto& p : o.rejected) codes.insert(p.code);
    for (const char* c : {"duplicate_person", "duplicate_member", "invalid_id", "id_mismatch", "empty_household"})
      if (codes.count(c)) std::printf("处理（%s）：%s\n", c, verify::action_for(c));
    return kExitFailures;
  }
  return kExitOk;
}

}  // namespace

void add_import(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "导入家庭档案：JSON/YAML、台账 CSV（UTF-8 或 GB18030）与 XLSX");
  static std::string db;
  static std::vector<std::string> paths;
  static bool atomic = false;
  cmd->add_option("--db", db, "登记库文件（SQLite）")->required();
  cmd->add_option("PATH", paths, "要导入的文件")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--atomic", atomic,
                "有任何记录被拒绝时整体不提交（默认：拒绝的记录逐条报告，其余提交；文件无法完整读取时总是不提交）");
  cmd->callback([] { std::exit(run_import(db, paths, atomic)); });
}

}  // namespace safetynet::cli
