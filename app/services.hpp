#pragma once
// The composition root of the use cases: one database and every feature's use-case
// objects, built once per process (`kyosei serve`) or per command. http/ and cli/ reach
// the database only through these. Thread safety: as each use-case object states (all are
// safe to share between the server's threads).

#include <cstddef>
#include <memory>
#include <string_view>

#include "app/access/auth.hpp"
#include "app/audit/audit.hpp"
#include "app/audit/refusals.hpp"
#include "app/common/clock.hpp"
#include "app/council/council.hpp"
#include "app/kpi/kpis.hpp"
#include "app/notice/notices.hpp"
#include "app/plan/editing.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/progress.hpp"
#include "app/search/search.hpp"
#include "storage/common/database.hpp"
#include "storage/common/migrations.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app {

class Services {
 public:
  // Opens the database at `db_url` with `pool_size` connections and applies pending
  // migrations (their outcome in migration()). Throws std::runtime_error when the
  // database cannot be opened or migrated.
  static std::unique_ptr<Services> open(std::string_view db_url, std::size_t pool_size = 1,
                                        AuthOptions auth_options = {});
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  storage::Database& database() { return *db_; }
  const storage::MigrationStatus& migration() const { return migration_; }
  const Clock& clock() const { return system_clock(); }
  // True when the database answers (the health check).
  bool database_reachable();

  VisionQueries& vision() { return vision_; }
  Auth& auth() { return auth_; }
  Editing& editing() { return editing_; }
  Kpis& kpis() { return kpis_; }
  Progress& progress() { return progress_; }
  Council& council() { return council_; }
  AuditLog& audit() { return audit_; }
  RefusalAudit& refusals() { return refusals_; }
  Search& search() { return search_; }
  Notices& notices() { return notices_; }

 private:
  Services(std::unique_ptr<storage::Database> db, AuthOptions auth_options);
  std::unique_ptr<storage::Database> db_;
  storage::MigrationStatus migration_;
  storage::RegionStore store_;
  VisionQueries vision_;
  Auth auth_;
  Editing editing_;
  Kpis kpis_;
  Progress progress_;
  Council council_;
  AuditLog audit_;
  RefusalAudit refusals_;
  Search search_;
  Notices notices_;
};

}  // namespace kyosei::app
