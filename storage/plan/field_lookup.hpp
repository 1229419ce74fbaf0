#pragma once
// Small reads of a region's fields by slug, for use cases that need an id, not the region.

#include <string>

#include "storage/common/database.hpp"

namespace kyosei::storage {

// The smallest id among the region's fields that are not deleted; 0 when the region is
// unknown or has none.
long long first_field_id(Session& sql, const std::string& region_slug);

}  // namespace kyosei::storage
