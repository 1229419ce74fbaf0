#include "app/common/backup.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <istream>
#include <ostream>

#include "app/common/messages.hpp"
#include "storage/common/backup.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
constexpr const char* kFormat = "kyosei-backup/1";

struct Hasher {
  crypto_hash_sha256_state state{};
  Hasher() { crypto_hash_sha256_init(&state); }
  void add(const std::string& line) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(line.data()),
                              line.size());
  }
  std::string hex() {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, out);
    char text[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(text, sizeof text, out, sizeof out);
    return text;
  }
};

json::value value_json(const storage::BackupValue& v) {
  if (const auto* i = std::get_if<long long>(&v)) return *i;
  if (const auto* s = std::get_if<std::string>(&v)) return json::string(*s);
  return nullptr;
}

struct BadFile {
  long long line;
  std::string what;
};

storage::BackupValue value_of(const json::value& v, long long line) {
  if (v.is_null()) return std::monostate{};
  if (v.is_int64()) return v.as_int64();
  if (v.is_string()) return std::string(v.as_string());
  throw BadFile{line, "a value is neither null, an integer nor a text"};
}

}  // namespace

BackupResult write_backup(storage::Database& db, std::ostream& out, const std::string& created_at) {
  BackupResult result;
  Hasher hash;
  auto emit = [&](const json::value& v) {
    const std::string line = json::serialize(v) + "\n";
    hash.add(line);
    out << line;
  };
  emit(json::object{{"format", kFormat},
                    {"engine", db.engine() == storage::Engine::kSqlite ? "sqlite" : "postgresql"},
                    {"created_at", created_at}});
  storage::read_all_tables(db, [&](const storage::BackupTable& t) {
    json::array columns;
    for (const auto& c : t.columns) columns.emplace_back(json::string(c));
    emit(json::object{{"table", t.name},
                      {"columns", std::move(columns)},
                      {"rows", static_cast<std::int64_t>(t.rows.size())}});
    for (const auto& row : t.rows) {
      json::array a;
      for (const auto& v : row) a.push_back(value_json(v));
      emit(a);
    }
    ++result.tables;
    result.rows += static_cast<long long>(t.rows.size());
  });
  result.sha256 = hash.hex();
  out << json::serialize(json::object{{"end", true},
                                      {"tables", result.tables},
                                      {"rows", result.rows},
                                      {"sha256", result.sha256}})
      << "\n";
  out.flush();
  return result;
}

std::variant<BackupResult, Error> restore_backup(storage::Database& db, std::istream& in) {
  std::vector<storage::BackupTable> tables;
  BackupResult result;
  try {
    Hasher hash;
    std::string line;
    long long n = 0;
    bool ended = false;
    long long left = 0;  // rows still to read for the last table
    while (std::getline(in, line)) {
      ++n;
      if (ended) throw BadFile{n, "text after the end line"};
      boost::system::error_code ec;
      const auto v = json::parse(line, ec);
      if (ec) throw BadFile{n, "not JSON"};
      if (n == 1) {
        if (!v.is_object() || !v.as_object().contains("format") ||
            !v.as_object().at("format").is_string() ||
            v.as_object().at("format").as_string() != kFormat)
          throw BadFile{n, std::string("not a ") + kFormat + " file"};
      } else if (left > 0) {
        if (!v.is_array() || v.as_array().size() != tables.back().columns.size())
          throw BadFile{n, "a row of the wrong width"};
        std::vector<storage::BackupValue> row;
        for (const auto& x : v.as_array()) row.push_back(value_of(x, n));
        tables.back().rows.push_back(std::move(row));
        --left;
      } else if (v.is_object() && v.as_object().contains("table")) {
        const auto& o = v.as_object();
        storage::BackupTable t;
        if (!o.at("table").is_string() || !o.contains("columns") || !o.at("columns").is_array() ||
            !o.contains("rows") || !o.at("rows").is_int64() || o.at("rows").as_int64() < 0)
          throw BadFile{n, "a malformed table line"};
        t.name = std::string(o.at("table").as_string());
        for (const auto& c : o.at("columns").as_array()) {
          if (!c.is_string()) throw BadFile{n, "a column name that is not a text"};
          t.columns.emplace_back(c.as_string());
        }
        left = o.at("rows").as_int64();
        tables.push_back(std::move(t));
      } else if (v.is_object() && v.as_object().contains("end")) {
        const auto& o = v.as_object();
        result.sha256 = hash.hex();
        if (!o.contains("sha256") || !o.at("sha256").is_string() ||
            o.at("sha256").as_string() != result.sha256)
          throw BadFile{n, "the checksum does not match: the file was cut or changed"};
        ended = true;
        continue;
      } else {
        throw BadFile{n, "an unexpected line"};
      }
      hash.add(line + "\n");
    }
    if (!ended) throw BadFile{n + 1, "no end line: the file was cut"};
  } catch (const BadFile& b) {
    return error_of(Errc::kBadRequest, msg::common::backup_bad_file, std::to_string(b.line),
                    b.what);
  }
  if (const long long rows = storage::count_user_rows(db); rows > 0)
    return error_of(Errc::kConflict, msg::common::backup_not_empty, std::to_string(rows));
  storage::write_all_tables(db, tables);
  result.tables = tables.size();
  for (const auto& t : tables) result.rows += static_cast<long long>(t.rows.size());
  return result;
}

}  // namespace kyosei::app
