#pragma once
// Reading SOCI rows the same way on both engines: integers may come back as int or
// long long (or double for computed columns), text may be NULL.

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

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

// Runs `query` with `params` bound in order and calls `each(row)` for every row.
template <class Each, class... Params>
void for_each_row(soci::session& sql, const std::string& query, Each each,
                  const Params&... params) {
  soci::rowset<soci::row> rs = ((sql.prepare << query), ..., soci::use(params));
  for (const auto& row : rs) each(row);
}

// The rows of `query` (with `params` bound in order), each read by `from`.
template <class T, class... Params>
std::vector<T> rows_of(soci::session& sql, const std::string& query, T (*from)(const soci::row&),
                       const Params&... params) {
  std::vector<T> out;
  for_each_row(
      sql, query, [&](const soci::row& row) { out.push_back(from(row)); }, params...);
  return out;
}

// Reads a row's columns left to right into fields of the matching types:
//   RowReader(row) >> u.id >> u.login >> u.is_admin;
// long long/int via as_int, bool as "non-zero", text via as_text (NULL → ""), and an optional
// integer as std::nullopt for NULL.
class RowReader {
 public:
  explicit RowReader(const soci::row& row) : row_(row) {}

  RowReader& operator>>(long long& v) {
    v = as_int(row_, next_++);
    return *this;
  }
  RowReader& operator>>(int& v) {
    v = static_cast<int>(as_int(row_, next_++));
    return *this;
  }
  RowReader& operator>>(bool& v) {
    v = as_int(row_, next_++) != 0;
    return *this;
  }
  RowReader& operator>>(std::string& v) {
    v = as_text(row_, next_++);
    return *this;
  }
  RowReader& operator>>(std::optional<long long>& v) {
    const std::size_t i = next_++;
    if (row_.get_indicator(i) == soci::i_null) {
      v = std::nullopt;
    } else {
      v = as_int(row_, i);
    }
    return *this;
  }

 private:
  const soci::row& row_;
  std::size_t next_ = 0;
};

// Binds an optional integer as a nullable parameter.
struct OptBind {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  explicit OptBind(const std::optional<long long>& v) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
};

}  // namespace kyosei::storage
