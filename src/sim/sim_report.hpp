#pragma once
// The simulation's report (issue 5): baseline against reform by 设区市, by category and by guarantee line,
// who gains and who loses, printed as a table and written as `simulation-YYYY-MM.xlsx` and a
// self-contained `simulation-YYYY-MM.html` with SVG charts (report/svg_chart.hpp). Money in yuan with two
// decimals from integer fen; shares in per mille computed in integers (one rounding, half away from
// zero). Values only.
#include <string>
#include <vector>

#include "base/result.hpp"
#include "io/table.hpp"
#include "model/region.hpp"
#include "sim/simulate.hpp"

namespace safetynet::sim {

// What was simulated, for the report's heading.
struct SimulationInfo {
  std::string population;          // "人口文件 pop.snpop（10,000,000 户，种子 20191001）", …
  std::string reform_file;         // path of the reform YAML
  std::string reform_description;  // its `description`
  model::Month month;
};

// The tables, as rows of text (first row the header); shared by the printout, the workbook and the page.
std::vector<io::Row> city_table(const SimulationRun& run, const model::RegionCatalog& regions);
std::vector<io::Row> category_table(const SimulationRun& run);
std::vector<io::Row> line_table(const SimulationRun& run);
std::vector<io::Row> change_table(const SimulationRun& run);   // households by change of monthly cash
std::vector<io::Row> moves_table(const SimulationRun& run);    // baseline category × reform category
std::vector<io::Row> movers_table(const SimulationRun& run, const model::RegionCatalog& regions);

// The printout of `safetynet simulate` (Chinese headers).
std::string format_simulation(const SimulationRun& run, const SimulationInfo& info, const model::RegionCatalog& regions);

// Writes `<dir>/simulation-YYYY-MM.xlsx` and `.html`; returns the paths. `write_failed` / `bad_value` from
// the writers.
Result<std::vector<std::string>> write_simulation(const SimulationRun& run, const SimulationInfo& info,
                                                  const model::RegionCatalog& regions, const std::string& dir);

// diff / base in per mille as "+10.0%" (one decimal, half away from zero); "—" when base is 0.
std::string percent_change(std::int64_t base, std::int64_t diff);

}  // namespace safetynet::sim
