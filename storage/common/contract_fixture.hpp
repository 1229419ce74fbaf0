#pragma once
// The fixture of the storage contract suites, instantiated once per engine ("sqlite",
// "postgres"): a fresh, migrated test database; the test is skipped when the engine is not
// available. For the *_test.cpp files only (they define KYOSEI_SOURCE_DIR).

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "storage/common/migrations.hpp"
#include "storage/common/test_support.hpp"

namespace kyosei::storage::testing {

class ContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A subclass that overrides SetUp calls this first and returns when IsSkipped().
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    if (!tdb_->skip_reason().empty()) GTEST_SKIP() << tdb_->skip_reason();
    migrate(tdb_->db());
  }
  std::unique_ptr<TestDatabase> tdb_;
};

// The demo region (data/minami-sorachi.yaml) as read by `read`: exchange::read_dataset_file,
// passed in because storage does not depend on exchange. Without the file's list of editions:
// the region store holds the live plan only (editions are rows of plan_editions, ADR 0016).
template <typename Read>
auto demo_region(Read read) {
  auto r = read(std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml");
  if (!r.region) throw std::runtime_error("demo dataset does not load");
  auto region = *r.region;
  region.editions.clear();
  return region;
}

}  // namespace kyosei::storage::testing
