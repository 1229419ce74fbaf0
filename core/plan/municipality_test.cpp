#include "core/plan/municipality.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

TEST(LocalGovernmentCode, ComputesCheckDigit) {
  EXPECT_EQ(full_local_government_code("01210"), "012106");  // 岩見沢市
  EXPECT_EQ(full_local_government_code("13101"), "131016");  // 千代田区
  EXPECT_EQ(full_local_government_code("01100"), "011002");  // 札幌市
  EXPECT_FALSE(full_local_government_code("0121"));
  EXPECT_FALSE(full_local_government_code("0121a"));
}

TEST(LocalGovernmentCode, NormalizesAndValidates) {
  EXPECT_EQ(normalize_local_government_code("01210"), "01210");
  EXPECT_EQ(normalize_local_government_code("012106"), "01210");
  EXPECT_FALSE(normalize_local_government_code("012107"));  // wrong check digit
  EXPECT_FALSE(normalize_local_government_code("1210"));
  EXPECT_FALSE(normalize_local_government_code("0121060"));
}

TEST(Municipality, KindAndRoleLabels) {
  EXPECT_EQ(municipality_kind_from("町"), MunicipalityKind::kTown);
  EXPECT_EQ(municipality_kind_from("city"), MunicipalityKind::kCity);
  EXPECT_FALSE(municipality_kind_from("区"));
  EXPECT_EQ(label(MunicipalityRole::kCentral), "中心市");
  EXPECT_EQ(municipality_role_from("構成市町"), MunicipalityRole::kMember);
}

}  // namespace
}  // namespace kyosei::core
