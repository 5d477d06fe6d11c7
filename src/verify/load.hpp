#pragma once
// `safetynet verify load`: one department file into the registry (SPEC R11.4, docs/verification.md).
// The file is read through its source's mapping; every readable row becomes a stored fact and every
// unreadable one a rejection naming file, row, column and person; the load is recorded with its
// source, file, hash, as-of date and row counts. One transaction: the load appears whole or not at all.
// The same bytes loaded again for the same source (and the same --as-of, when one is given) change
// nothing (found by BLAKE2b hash).
//
// Facts keep names and region codes only where discovery needs them (death, medical bills,
// disability): a 1M-row bank file stores integers. Environment failures throw (sql::DbError).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "registry/verification.hpp"
#include "verify/feed.hpp"
#include "verify/mapping.hpp"

namespace safetynet::verify {

struct LoadReport {
  registry::FeedLoadRecord load;  // as stored (id 0 when nothing was stored)
  Problems rejected;              // every rejected row
  bool already_loaded = false;    // these bytes were loaded before: nothing stored
};

// A file read through its mapping, not yet stored: `parse_feed` is thread-safe and touches no
// registry, so several files are read at once (`safetynet verify load` with many files) while one
// connection stores them in turn (`store_feed`). Memory: 24 bytes a fact.
struct ParsedFeed {
  Source source = Source::kHukou;
  registry::FeedLoadRecord load;  // everything but the id
  std::vector<registry::StoredFact> facts;
  struct Text {
    std::int64_t person;
    std::string name, region;
  };
  std::vector<Text> texts;  // names and regions of discovery facts
  Problems rejected;
};
Result<ParsedFeed> parse_feed(const std::string& path, const Mapping& mapping, std::optional<model::Date> as_of);
// Stores a parsed file as one load (one transaction), unless the same bytes were loaded before.
LoadReport store_feed(registry::Registry& reg, const ParsedFeed& feed);

// Loads `path` with `mapping` (parse_feed then store_feed). `as_of`: the data's date; by default the latest row date (flows:
// tax, social security, housing fund cover the months up to it). Problems (nothing stored): the file
// cannot be read, its header lacks a mapped column, no as-of date can be known.
Result<LoadReport> load_feed(registry::Registry& reg, const std::string& path, const Mapping& mapping,
                             std::optional<model::Date> as_of);

// BLAKE2b-256 of the file's bytes as hex; "" if unreadable.
std::string file_hash(const std::string& path);

}  // namespace safetynet::verify
