// Tests for model/region.hpp: the region catalog is the union of the shipped lists (GB/T 2260 revisions
// 2019-04 and 2020-12, the statistics bureau's 2023 county, street and village lists; SPEC "Regions").
#include "model/region.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/testing.hpp"

namespace safetynet::model {
namespace {

using ::safetynet::testing::HasFileProblem;
using ::safetynet::testing::HasProblem;
using ::safetynet::testing::IsOk;
using ::testing::HasSubstr;

const RegionCatalog& shipped() {
  static const RegionCatalog cat = [] {
    auto r = RegionCatalog::load(default_region_dir());
    EXPECT_THAT(r, IsOk());
    return r.ok() ? std::move(r).value() : RegionCatalog{};
  }();
  return cat;
}

TEST(RegionCatalog, KnowsCountiesStreetsAndCommunities) {
  EXPECT_TRUE(shipped().contains("450000"));        // 广西壮族自治区
  EXPECT_TRUE(shipped().contains("450100"));        // 南宁市
  EXPECT_TRUE(shipped().contains("450102"));        // 兴宁区
  EXPECT_TRUE(shipped().contains("450102001"));     // 民生街道
  EXPECT_TRUE(shipped().contains("450102001003"));  // 兴宁社区居委会
  EXPECT_EQ(shipped().name("450102"), "兴宁区");
}

TEST(RegionCatalog, IsTheUnionOfRevisions) {
  // 田阳县 451021 became 田阳区 451003 in 2019: both stay valid.
  EXPECT_TRUE(shipped().contains("451003"));
  EXPECT_TRUE(shipped().contains("451021"));
  // 横县 450127 became 横州市 450181 in 2021: both stay valid.
  EXPECT_TRUE(shipped().contains("450127"));
  EXPECT_TRUE(shipped().contains("450181"));
}

TEST(RegionCatalog, RefusesCodesInNoList) {
  EXPECT_FALSE(shipped().contains("999999"));
  EXPECT_FALSE(shipped().contains("110105"));  // Beijing: not Guangxi
  EXPECT_FALSE(shipped().contains("4501"));
  EXPECT_FALSE(shipped().contains(""));
  EXPECT_EQ(shipped().name("999999"), "");
}

TEST(RegionCatalog, DerivesCountyCityAndStreet) {
  EXPECT_EQ(RegionCatalog::county_of("450102001003"), "450102");
  EXPECT_EQ(RegionCatalog::city_of("450102001"), "450100");
  EXPECT_EQ(RegionCatalog::city_of("450802"), "450800");
  EXPECT_EQ(RegionCatalog::street_of("450102001003"), "450102001");
  EXPECT_EQ(RegionCatalog::street_of("450102001"), "450102001");
  EXPECT_EQ(RegionCatalog::street_of("450102"), "");
}

TEST(RegionCatalog, LoadingAMissingFolderIsAnIoError) {
  EXPECT_THAT(RegionCatalog::load("/nonexistent/regions"), HasProblem("io_error", "regions"));
}

TEST(RegionCatalog, NamesTheFileAndRowOfABadCode) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sn_region_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream f(dir / "bad.csv");
    f << "code,name\n450102,\"兴宁区\"\n45010,\"短\"\n";
  }
  auto r = RegionCatalog::load(dir.string());
  EXPECT_THAT(r, HasFileProblem("bad_value", HasSubstr("bad.csv"), "code"));
  if (!r.ok()) {
    ASSERT_EQ(r.problems().size(), 1u);
    EXPECT_EQ(r.problems()[0].row, 3);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace safetynet::model

namespace safetynet::model {
namespace {

// The 设区市 numbering shared by the reports, the simulation and distributed verification.
TEST(GuangxiCities, AreNumberedInCodeOrder) {
  EXPECT_EQ(guangxi_city_index("450102001003"), 0);  // 南宁 兴宁区
  EXPECT_EQ(guangxi_city_index("451481"), 13);       // 崇左 凭祥市
  EXPECT_EQ(guangxi_city_index("451500"), kGuangxiCities);
  EXPECT_EQ(guangxi_city_index("440102"), kGuangxiCities);
  EXPECT_EQ(guangxi_city_index("4x0102"), kGuangxiCities);
  EXPECT_EQ(guangxi_city_code(0), "450100");
  EXPECT_EQ(guangxi_city_code(13), "451400");
  EXPECT_EQ(guangxi_city_code(14), "");
}

}  // namespace
}  // namespace safetynet::model
