#pragma once
// Reading SOCI rows the same way on both engines: integers may come back as int or
// long long (or double for computed columns), text may be NULL.

#include <soci/soci.h>

#include <string>

namespace kyosei::storage {

inline long long as_int(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return 0;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer: return row.get<int>(i);
    case soci::dt_long_long: return row.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<long long>(row.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<long long>(row.get<double>(i));
    case soci::dt_string: return std::stoll(row.get<std::string>(i));
    default: return 0;
  }
}

inline std::string as_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return {};
  if (row.get_properties(i).get_data_type() == soci::dt_string) return row.get<std::string>(i);
  return std::to_string(as_int(row, i));
}

}  // namespace kyosei::storage
