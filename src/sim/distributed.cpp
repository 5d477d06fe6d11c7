#include "sim/distributed.hpp"

#include <mpi.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "sim/partition.hpp"

namespace safetynet::sim {
namespace {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

// Movers travel as text lines "id\tregion\tbaseline group\treform group\tbaseline fen\treform fen".
std::string pack(const std::vector<Mover>& movers) {
  std::string out;
  for (const auto& m : movers) {
    out += m.household_id + '\t' + m.region + '\t' + std::to_string(static_cast<int>(m.baseline_group)) + '\t' +
           std::to_string(static_cast<int>(m.reform_group)) + '\t' + std::to_string(m.baseline_cash) + '\t' +
           std::to_string(m.reform_cash) + '\n';
  }
  return out;
}

void unpack(const std::string& text, std::vector<Mover>& out) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    Mover m;
    int bg = 0, rg = 0;
    std::getline(f, m.household_id, '\t');
    std::getline(f, m.region, '\t');
    f >> bg >> rg >> m.baseline_cash >> m.reform_cash;
    m.baseline_group = static_cast<Group>(bg);
    m.reform_group = static_cast<Group>(rg);
    out.push_back(std::move(m));
  }
}

// Gathers every rank's `text` at rank 0 (concatenated in rank order).
std::string gather_text(const std::string& text, int rank, int size) {
  int len = static_cast<int>(text.size());
  std::vector<int> lens(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  MPI_Gather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  int total = 0;
  if (rank == 0) {
    for (int i = 0; i < size; ++i) {
      offsets[static_cast<std::size_t>(i)] = total;
      total += lens[static_cast<std::size_t>(i)];
    }
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Gatherv(text.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  return all;
}

}  // namespace

Distributed::Distributed() {
  if (!launched_by_mpi()) return;
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) MPI_Init(nullptr, nullptr);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Distributed::~Distributed() {
  if (active_) MPI_Finalize();
}

std::vector<int> Distributed::my_cities(const std::array<std::int64_t, kCities + 1>& households) const {
  return assign_cities(households, size_)[static_cast<std::size_t>(rank_)];
}

void Distributed::reduce(SimulationRun& run) const {
  if (!active_) return;
  // The counts: one int64 array summed at rank 0 — exact, whatever the order of the ranks.
  std::vector<std::int64_t> counts = run.tally.counts();
  counts.push_back(run.households);
  counts.push_back(run.skipped);
  std::vector<std::int64_t> sum(counts.size(), 0);
  MPI_Reduce(counts.data(), sum.data(), static_cast<int>(counts.size()), MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  double slowest = 0;
  MPI_Reduce(&run.seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  const std::string gainers = gather_text(pack(run.tally.top_gainers()), rank_, size_);
  const std::string losers = gather_text(pack(run.tally.top_losers()), rank_, size_);
  if (rank_ != 0) return;
  run.skipped = sum.back();
  sum.pop_back();
  run.households = sum.back();
  sum.pop_back();
  run.tally.set_counts(sum);
  std::vector<Mover> g, l;
  unpack(gainers, g);
  unpack(losers, l);
  run.tally.set_movers(std::move(g), std::move(l));
  run.seconds = slowest;
}

bool Distributed::all_ok(bool mine) const {
  if (!active_) return mine;
  int in = mine ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return out != 0;
}

int Distributed::agree_exit(int code) const {
  if (!active_) return code;
  MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return code;
}

}  // namespace safetynet::sim
