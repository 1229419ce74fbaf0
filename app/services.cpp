#include "app/services.hpp"

#include <utility>

#include "storage/common/health.hpp"

namespace kyosei::app {

std::unique_ptr<Services> Services::open(std::string_view db_url, std::size_t pool_size,
                                         AuthOptions auth_options) {
  return std::unique_ptr<Services>(
      new Services(storage::Database::open(db_url, pool_size), auth_options));
}

Services::Services(std::unique_ptr<storage::Database> db, AuthOptions auth_options)
    : db_(std::move(db)),
      migration_(storage::migrate(*db_)),
      store_(*db_),
      vision_(store_),
      auth_(*db_, auth_options),
      editing_(*db_),
      kpis_(*db_),
      progress_(*db_),
      council_(*db_),
      audit_(*db_),
      refusals_(*db_, system_clock()),
      search_(*db_),
      notices_(*db_) {}

bool Services::database_reachable() { return storage::reachable(*db_); }

}  // namespace kyosei::app
