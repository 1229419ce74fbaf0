#pragma once
// The database health check.

#include "storage/common/database.hpp"

namespace kyosei::storage {

// True when a pooled session answers a trivial query; never throws.
bool reachable(Database& db);

}  // namespace kyosei::storage
