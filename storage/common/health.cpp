#include "storage/common/health.hpp"

#include <soci/soci.h>

#include <exception>

namespace kyosei::storage {

bool reachable(Database& db) {
  try {
    db.with_session([](Session& sql) {
      int one = 0;
      sql << "SELECT 1", soci::into(one);
    });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace kyosei::storage
