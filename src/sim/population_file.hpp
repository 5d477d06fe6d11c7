#pragma once
// The population file (`.snpop`): a whole population of household records for simulation, laid out so
// that ten million households stream through the engine in seconds and ranks of a distributed run read
// only their own regions (issue 5; docs/simulation.md).
//
// Layout (little-endian):
//   header   64 bytes: "SNPOP\0\0\2", as_of (YYYYMM, u32), seed (u64; 0 = not generated), households (u64),
//            chunks (u64), index offset (u64), index bytes (u64), reserved
//   chunks   each a run of households of ONE 设区市: [u32 length][registry record encoding] …
//   index    per chunk: offset (u64), bytes (u64), households (u32), city index (u32, sim::city_index),
//            CRC-32 of the chunk's bytes (u32, zlib), reserved (u32)
// Records use the registry's encoding (registry/record_codec.hpp, ~150 bytes a household), so one
// decoder serves the registry and the simulation. The writer groups households by 设区市 into chunks of
// about 1 MiB; it writes to `<path>.part` and renames on close, so a file either is whole or absent.
// Neither class is thread-safe; a reader's chunks may be read from many threads with `read_chunk`,
// each thread with its own buffer (it uses pread).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/household.hpp"
#include "model/month.hpp"

namespace safetynet::sim {

struct PopulationChunk {
  std::uint64_t offset = 0, bytes = 0;
  std::uint32_t households = 0;
  int city = 0;  // sim::city_index of every household in the chunk
  std::uint32_t crc32 = 0;  // of the chunk's bytes, checked on every read
};

class PopulationWriter {
 public:
  // Problems: `io_error` naming the path when it cannot be created.
  static Result<PopulationWriter> create(const std::string& path, model::Month as_of, std::uint64_t seed);
  PopulationWriter(PopulationWriter&&) noexcept;
  PopulationWriter& operator=(PopulationWriter&&) noexcept;
  ~PopulationWriter();  // an unclosed writer removes its partial file

  void add(const model::Household& h);
  // Flushes the last chunks, writes the index and renames the file into place. `io_error` on failure.
  Result<std::uint64_t> close();  // households written

 private:
  PopulationWriter() = default;
  struct State;
  std::unique_ptr<State> s_;
};

class PopulationReader {
 public:
  // Reads and checks the header and index: `bad_file` naming the path for a file that is not a
  // population file, a version this build does not read, or an index that does not fit the file (chunks
  // must tile the file in order, each once).
  static Result<PopulationReader> open(const std::string& path);
  PopulationReader(PopulationReader&&) noexcept;
  PopulationReader& operator=(PopulationReader&&) noexcept;
  ~PopulationReader();

  model::Month as_of() const;
  std::uint64_t seed() const;
  std::uint64_t households() const;
  const std::vector<PopulationChunk>& chunks() const;
  const std::string& path() const;

  // Reads chunk `i` into `buffer` and calls `visit` with each household decoded into `scratch` (its
  // buffers are reused). `bad_file` naming the chunk when its checksum fails, and the household ordinal
  // when a record does not decode.
  // Thread-safe for different buffers.
  Result<std::uint32_t> read_chunk(std::size_t i, std::string& buffer, model::Household& scratch,
                                   const std::function<void(const model::Household&)>& visit) const;

 private:
  PopulationReader() = default;
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace safetynet::sim
