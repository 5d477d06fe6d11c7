#include "verify/distributed_run.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <stdexcept>
#include <string>

#include "verify/outcome_codec.hpp"

namespace safetynet::verify {
namespace {

// Gathers every rank's bytes at rank 0, one string per rank (empty elsewhere). MPI counts are ints:
// a rank's message and their sum must stay under 2 GiB (about five million changed households with
// their verified records); beyond that the run refuses rather than truncate.
std::vector<std::string> gather_bytes(const std::string& mine, int rank, int size) {
  int len = static_cast<int>(mine.size());
  std::vector<int> lens(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  MPI_Gather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  long long total = 0;
  if (rank == 0)
    for (int i = 0; i < size; ++i) {
      offsets[static_cast<std::size_t>(i)] = static_cast<int>(std::min<long long>(total, INT_MAX));
      total += lens[static_cast<std::size_t>(i)];
    }
  // Every rank learns whether the sum fits, so that all of them skip the Gatherv together.
  int fits = total <= INT_MAX ? 1 : 0;
  MPI_Bcast(&fits, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (!fits) throw std::runtime_error("verify: the ranks' results exceed 2 GiB together");
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Gatherv(mine.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  if (rank == 0)
    for (int i = 0; i < size; ++i)
      out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(i)]),
                               static_cast<std::size_t>(lens[static_cast<std::size_t>(i)])));
  return out;
}

}  // namespace

int worst_exit(int code, const sim::Distributed& mpi) {
  if (!mpi.active()) return code;
  int worst = code;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return worst;
}

DistributedRun run_distributed(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                               const RunOptions& opt, const sim::Distributed& mpi) {
  const auto t0 = std::chrono::steady_clock::now();
  DistributedRun out;
  if (!mpi.active()) {
    out.result = run_verification(reg, params, month, opt);
    for (int c = 0; c <= sim::kCities; ++c) out.cities.push_back(c);
    out.households_matched = out.result->record.households;
    out.seconds = out.result->seconds;
    return out;
  }
  const bool root = mpi.rank() == 0;
  RunOptions mine = opt;
  mine.global = root;
  mine.cities = [&](const std::array<std::int64_t, sim::kCities + 1>& per_city) -> std::optional<std::vector<int>> {
    out.cities = mpi.my_cities(per_city);  // the same weights on every rank: the same split
    return out.cities;
  };
  if (!root) mine.alongside = nullptr;
  // A rank's message: its encoded outcomes, or "E" and what went wrong (so rank 0 never waits for a
  // rank that failed, and says which).
  std::string message;
  RunParts parts;
  try {
    parts = compute_run(reg, params, month, mine);
    out.households_matched = parts.households_matched;
    if (!root) {
      encode_outcomes(parts.outcomes, message);
      parts.outcomes.clear();
    }
  } catch (const std::exception& e) {
    message = std::string("E") + e.what();
  }
  if (message.size() > static_cast<std::size_t>(INT_MAX)) message = "Everify: a rank's results exceed 2 GiB";
  const std::vector<std::string> all = gather_bytes(root ? std::string() : message, mpi.rank(), mpi.size());
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!message.empty() && message[0] == 'E') throw std::runtime_error(message.substr(1));
  if (!root) return out;
  std::vector<HouseholdOutcome> outcomes = std::move(parts.outcomes);
  for (int r = 1; r < mpi.size(); ++r) {
    const std::string& m = all[static_cast<std::size_t>(r)];
    if (!m.empty() && m[0] == 'E') throw std::runtime_error("rank " + std::to_string(r) + ": " + m.substr(1));
    if (!decode_outcomes(m, outcomes))
      throw std::runtime_error("verify: rank " + std::to_string(r) + " sent damaged results (" + std::to_string(m.size()) +
                               " bytes)");
  }
  assemble(parts, std::move(outcomes));
  out.result = store_parts(reg, std::move(parts), opt);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace safetynet::verify
