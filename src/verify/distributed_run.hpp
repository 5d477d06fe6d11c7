#pragma once
// `mpirun -n K safetynet verify run …`: one verification run spread over MPI ranks (issue 5 "beyond one
// machine"; docs/verification.md "Distributed").
//
// Every rank opens the registry, reads the loads in use and the facts, and scans every open household
// (the same scan order everywhere). The per-household work — matching and re-assessment — is split by
// 设区市: each rank takes its cities of sim::assign_cities, weighted by the open households per city.
// Rank 0 alone does the parts that need every household (issues across cities, discovery of people in
// no household). Every other rank sends its households' outcomes to rank 0 as bytes
// (verify/outcome_codec.hpp, MPI_Gatherv); rank 0 assembles them in scan order — exactly the lists one
// process makes — and stores ONE run in one transaction. Other ranks store nothing. Without an MPI
// launcher (`mpi.active()` false) this is `run_verification`. Call on every rank, from the main thread.
#include <optional>
#include <vector>

#include "sim/distributed.hpp"
#include "verify/run.hpp"

namespace safetynet::verify {

struct DistributedRun {
  std::optional<RunResult> result;  // rank 0 (or a single process): the stored run; other ranks: nullopt
  std::vector<int> cities;          // this rank's 设区市 (sim::city_index numbers); all when one process
  long households_matched = 0;      // households this rank matched
  double seconds = 0;               // this rank's time
};

// Environment failures on any rank (the registry cannot be read, a damaged exchange) throw on that
// rank and on rank 0, after the exchange: every rank reaches the gather, so none waits forever, and
// nothing is stored.
// The worst (largest) exit code of all ranks reaches every rank: before the run, so that all ranks stop
// together when any cannot start (bad input, a registry it cannot open) instead of one waiting in a
// collective for a rank that left. `code` itself when not under MPI.
int worst_exit(int code, const sim::Distributed& mpi);

DistributedRun run_distributed(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                               const RunOptions& opt, const sim::Distributed& mpi);

}  // namespace safetynet::verify
