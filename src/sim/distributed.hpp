#pragma once
// A simulation spread over MPI ranks (Open MPI; issue 5 "beyond one machine", docs/simulation.md).
//
// `mpirun -n K build/safetynet simulate …` starts K processes; each takes whole 设区市 (sim/partition.hpp),
// simulates only those, and rank 0 gathers: the tallies' int64 counts are summed with MPI_Reduce
// (MPI_INT64_T, MPI_SUM: exact, in fen, independent of the split), the lists of largest gains and
// losses are gathered and merged. Started without mpirun, a process never touches MPI (no MPI_Init), so
// the same binary runs alone exactly as before. Not thread-safe: call from the main thread.
#include <array>
#include <cstdint>
#include <vector>

#include "sim/simulate.hpp"
#include "sim/tally.hpp"

namespace safetynet::sim {

class Distributed {
 public:
  // Initialises MPI when this process was started by an MPI launcher (Open MPI's OMPI_COMM_WORLD_SIZE,
  // or PMI_SIZE / PMIX_RANK of others); otherwise one rank of one.
  Distributed();
  ~Distributed();  // MPI_Finalize when initialised
  Distributed(const Distributed&) = delete;
  Distributed& operator=(const Distributed&) = delete;

  bool active() const { return active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }

  // This rank's cities given the households per city (every rank must pass the same weights).
  std::vector<int> my_cities(const std::array<std::int64_t, kCities + 1>& households) const;

  // Sums every rank's run into rank 0's (counts, households, skipped; seconds = the slowest rank's).
  // Other ranks' runs are left as they were. A no-op when not active.
  void reduce(SimulationRun& run) const;

  // Whether every rank succeeded (MPI_Allreduce of `mine`): a rank that failed must still take part, or
  // the others would wait in `reduce` for ever. True when not active and `mine`.
  bool all_ok(bool mine) const;

  // Rank 0's exit code reaches every rank (so `mpirun` reports one answer).
  int agree_exit(int code) const;

 private:
  bool active_ = false;
  int rank_ = 0, size_ = 1;
};

}  // namespace safetynet::sim
