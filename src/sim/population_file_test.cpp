// Tests for the population file (sim/population_file.hpp): what goes in comes out, grouped by 设区市, and
// a damaged or foreign file is refused naming it.
#include "sim/population_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "registry/record_codec.hpp"
#include "sim/generator.hpp"
#include "sim/tally.hpp"

namespace safetynet::sim {
namespace {

namespace fs = std::filesystem;

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() / ("sn_pop_" + std::to_string(::getpid()) + "_" + name);
}

TEST(PopulationFile, EveryHouseholdComesBackByCity) {
  auto gen = Generator::create();
  ASSERT_TRUE(gen.ok());
  const auto hs = gen->generate(3, 20000);
  const auto path = temp("round.snpop");
  {
    auto w = PopulationWriter::create(path.string(), model::Month::of(2019, 10), 3);
    ASSERT_TRUE(w.ok());
    for (const auto& h : hs) w->add(h);
    auto n = w->close();
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 20000u);
  }
  EXPECT_FALSE(fs::exists(path.string() + ".part"));
  auto r = PopulationReader::open(path.string());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->households(), 20000u);
  EXPECT_EQ(r->seed(), 3u);
  EXPECT_EQ(r->as_of(), model::Month::of(2019, 10));
  EXPECT_GT(r->chunks().size(), 14u);  // 20,000 × ~150 B = 3 MB: several chunks for the larger cities
  std::map<std::string, std::string> encoded;
  std::string enc;
  for (const auto& h : hs) {
    registry::encode_household(h, enc);
    encoded[h.id] = enc;
  }
  std::string buffer;
  model::Household scratch;
  std::size_t seen = 0;
  for (std::size_t i = 0; i < r->chunks().size(); ++i) {
    auto n = r->read_chunk(i, buffer, scratch, [&](const model::Household& h) {
      EXPECT_EQ(city_index(h.region), r->chunks()[i].city);
      registry::encode_household(h, enc);
      EXPECT_EQ(enc, encoded.at(h.id)) << h.id;
      ++seen;
    });
    ASSERT_TRUE(n.ok());
  }
  EXPECT_EQ(seen, 20000u);
  fs::remove(path);
}

TEST(PopulationFile, RefusesForeignTruncatedAndDamagedFiles) {
  const auto foreign = temp("foreign.snpop");
  std::ofstream(foreign) << "household_id,region\nH1,450102\n";
  auto r = PopulationReader::open(foreign.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems()[0].code, "bad_file");
  EXPECT_EQ(r.problems()[0].file, foreign.string());
  EXPECT_FALSE(PopulationReader::open(temp("absent.snpop").string()).ok());

  auto gen = Generator::create();
  ASSERT_TRUE(gen.ok());
  const auto path = temp("cut.snpop");
  auto w = PopulationWriter::create(path.string(), model::Month::of(2019, 10), 1);
  ASSERT_TRUE(w.ok());
  for (const auto& h : gen->generate(1, 500)) w->add(h);
  ASSERT_TRUE(w->close().ok());
  const auto size = fs::file_size(path);
  // Truncated: the index no longer fits.
  fs::resize_file(path, size - 10);
  r = PopulationReader::open(path.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems()[0].code, "bad_file");
  fs::remove(path);

  // A damaged record inside a chunk is named by chunk and ordinal.
  auto w2 = PopulationWriter::create(path.string(), model::Month::of(2019, 10), 1);
  ASSERT_TRUE(w2.ok());
  for (const auto& h : gen->generate(1, 500)) w2->add(h);
  ASSERT_TRUE(w2->close().ok());
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(64 + 4);  // the first record's first bytes (after its length)
    const char junk[8] = {'\x7f', '\x7f', '\x7f', '\x7f', '\x7f', '\x7f', '\x7f', '\x7f'};
    f.write(junk, sizeof junk);
  }
  r = PopulationReader::open(path.string());
  ASSERT_TRUE(r.ok());
  std::string buffer;
  model::Household scratch;
  auto n = r->read_chunk(0, buffer, scratch, [](const model::Household&) {});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.problems()[0].code, "bad_file");
  EXPECT_NE(n.problems()[0].message.find("第 1 块校验和不符"), std::string::npos) << n.problems()[0].message;
  fs::remove(path);
}

// The index is checked whole: an entry copied over another (a chunk counted twice, with the households
// total raised to match) and a chunk count so large that count × 32 wraps are refused at open.
TEST(PopulationFile, RefusesACopiedIndexEntryAndAWrappingChunkCount) {
  auto gen = Generator::create();
  ASSERT_TRUE(gen.ok());
  const auto path = temp("index.snpop");
  auto w = PopulationWriter::create(path.string(), model::Month::of(2019, 10), 1);
  ASSERT_TRUE(w.ok());
  for (const auto& h : gen->generate(1, 3000)) w->add(h);
  ASSERT_TRUE(w->close().ok());
  std::string bytes;
  {
    std::ifstream f(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  auto u64 = [&](std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
  };
  auto put64 = [](std::string& b, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  const std::size_t index = u64(40);
  auto write = [&](const std::string& b) { std::ofstream(path, std::ios::binary | std::ios::trunc) << b; };

  std::string copied = bytes;
  copied.replace(index + 32, 32, bytes.substr(index, 32));  // entry 1 := entry 0
  const std::uint32_t first = static_cast<unsigned char>(bytes[index + 16]) | static_cast<unsigned char>(bytes[index + 17]) << 8;
  const std::uint32_t second = static_cast<unsigned char>(bytes[index + 32 + 16]) | static_cast<unsigned char>(bytes[index + 32 + 17]) << 8;
  put64(copied, 24, u64(24) - second + first);
  write(copied);
  auto r = PopulationReader::open(path.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems()[0].code, "bad_file");

  std::string wrapping = bytes;
  put64(wrapping, 32, (std::uint64_t{1} << 61) + u64(32));  // × 32 wraps to the real index size
  write(wrapping);
  r = PopulationReader::open(path.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems()[0].code, "bad_file");
  fs::remove(path);
}

}  // namespace
}  // namespace safetynet::sim
