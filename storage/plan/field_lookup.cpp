#include "storage/plan/field_lookup.hpp"

#include <soci/soci.h>

namespace kyosei::storage {

long long first_field_id(Session& sql, const std::string& region_slug) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(f.id) FROM fields f JOIN regions r ON f.region_id = r.id WHERE r.slug = :s "
         "AND f.deleted_at IS NULL",
      soci::use(region_slug), soci::into(id, ind);
  return ind == soci::i_null ? 0 : id;
}

}  // namespace kyosei::storage
