#include "storage/common/backup.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace kyosei::storage {
namespace {

bool is_sqlite(Database& db) { return db.engine() == Engine::kSqlite; }

// Quoted identifier (names come from the schema catalogue, quoted all the same).
std::string ident(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// Tables in creation order, without schema_migrations and SQLite's FTS tables.
std::vector<std::string> tables_in_creation_order(soci::session& sql, bool sqlite) {
  std::vector<std::string> out;
  if (sqlite) {
    std::vector<std::string> virtuals;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' "
                        "ORDER BY rowid");
    std::vector<std::pair<std::string, std::string>> all;
    for (const auto& r : rs) all.emplace_back(r.get<std::string>(0), r.get<std::string>(1));
    for (const auto& [name, ddl] : all)
      if (ddl.rfind("CREATE VIRTUAL TABLE", 0) == 0) virtuals.push_back(name);
    for (const auto& [name, ddl] : all) {
      if (name.rfind("sqlite_", 0) == 0 || name == "schema_migrations") continue;
      const bool fts = std::any_of(virtuals.begin(), virtuals.end(), [&](const std::string& v) {
        return name == v || name.rfind(v + "_", 0) == 0;
      });
      if (!fts) out.push_back(name);
    }
  } else {
    soci::rowset<std::string> rs =
        (sql.prepare << "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                        "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                        "AND c.relname <> 'schema_migrations' ORDER BY c.oid");
    for (const auto& name : rs) out.push_back(name);
  }
  return out;
}

// table → the tables it references (not itself).
std::map<std::string, std::set<std::string>> references(soci::session& sql, bool sqlite,
                                                        const std::vector<std::string>& tables) {
  std::map<std::string, std::set<std::string>> out;
  if (sqlite) {
    for (const auto& t : tables) {
      soci::rowset<soci::row> rs = (sql.prepare << "PRAGMA foreign_key_list(" + ident(t) + ")");
      for (const auto& r : rs) {
        const auto target = r.get<std::string>(2);
        if (target != t) out[t].insert(target);
      }
    }
  } else {
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM "
                        "pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE "
                        "c.contype = 'f' AND n.nspname = current_schema()");
    for (const auto& r : rs) {
      auto from = r.get<std::string>(0);
      auto to = r.get<std::string>(1);
      // regclass text may be schema-qualified when the schema is not on the path.
      if (auto dot = from.rfind('.'); dot != std::string::npos) from.erase(0, dot + 1);
      if (auto dot = to.rfind('.'); dot != std::string::npos) to.erase(0, dot + 1);
      if (from != to) out[from].insert(to);
    }
  }
  return out;
}

// Creation order, moved so that each table comes after the tables it references.
std::vector<std::string> ordered_tables(soci::session& sql, bool sqlite) {
  const auto tables = tables_in_creation_order(sql, sqlite);
  const auto refs = references(sql, sqlite, tables);
  std::vector<std::string> out;
  std::set<std::string> done;
  const std::set<std::string> known(tables.begin(), tables.end());
  while (out.size() < tables.size()) {
    bool progressed = false;
    for (const auto& t : tables) {
      if (done.count(t) != 0) continue;
      bool ready = true;
      if (auto it = refs.find(t); it != refs.end())
        for (const auto& r : it->second)
          if (known.count(r) != 0 && done.count(r) == 0) ready = false;
      if (ready) {
        out.push_back(t);
        done.insert(t);
        progressed = true;
      }
    }
    if (!progressed) {  // a reference cycle: keep creation order for the rest
      for (const auto& t : tables)
        if (done.insert(t).second) out.push_back(t);
    }
  }
  return out;
}

std::vector<std::string> target_columns(soci::session& sql, bool sqlite, const std::string& t) {
  std::vector<std::string> out;
  if (sqlite) {
    soci::rowset<soci::row> rs = (sql.prepare << "PRAGMA table_info(" + ident(t) + ")");
    for (const auto& r : rs) out.push_back(r.get<std::string>(1));
  } else {
    soci::rowset<std::string> rs =
        (sql.prepare << "SELECT column_name FROM information_schema.columns WHERE table_schema "
                        "= current_schema() AND table_name = :t ORDER BY ordinal_position",
         soci::use(t));
    for (const auto& c : rs) out.push_back(c);
  }
  return out;
}

BackupValue value_of(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::monostate{};
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return static_cast<long long>(r.get<int>(i));
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double: return std::to_string(r.get<double>(i));
    case soci::dt_string: return r.get<std::string>(i);
    default: throw std::runtime_error("backup: a column of an unsupported type");
  }
}

BackupTable read_table(soci::session& sql, const std::string& name) {
  BackupTable t;
  t.name = name;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT * FROM " + ident(name));
  for (const auto& r : rs) {
    if (t.columns.empty())
      for (std::size_t i = 0; i < r.size(); ++i)
        t.columns.push_back(r.get_properties(i).get_name());
    std::vector<BackupValue> row;
    row.reserve(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) row.push_back(value_of(r, i));
    t.rows.push_back(std::move(row));
  }
  std::sort(t.rows.begin(), t.rows.end());
  return t;
}

struct Slot {
  bool integer = false;
  long long i = 0;
  std::string s;
  soci::indicator ind = soci::i_ok;
};

}  // namespace

std::vector<std::string> backup_table_names(Database& db) {
  std::vector<std::string> out;
  db.with_session([&](soci::session& sql) { out = ordered_tables(sql, is_sqlite(db)); });
  return out;
}

void read_all_tables(Database& db, const std::function<void(const BackupTable&)>& each) {
  db.with_session([&](soci::session& sql) {
    if (is_sqlite(db))
      sql << "BEGIN";
    else
      sql << "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    try {
      for (const auto& name : ordered_tables(sql, is_sqlite(db))) each(read_table(sql, name));
      sql << "COMMIT";
    } catch (...) {
      try {
        sql << "ROLLBACK";
      } catch (...) {
      }
      throw;
    }
  });
}

long long count_user_rows(Database& db) {
  long long total = 0;
  db.with_session([&](soci::session& sql) {
    for (const auto& name : ordered_tables(sql, is_sqlite(db))) {
      if (name == "audit_anchor") continue;
      long long n = 0;
      sql << "SELECT COUNT(*) FROM " + ident(name), soci::into(n);
      total += n;
    }
  });
  return total;
}

void write_all_tables(Database& db, const std::vector<BackupTable>& tables) {
  const bool sqlite = is_sqlite(db);
  db.write([&](soci::session& sql) {
    if (sqlite) sql << "PRAGMA defer_foreign_keys = ON";
    for (const auto& t : tables) {
      if (t.rows.empty()) continue;
      const auto have = target_columns(sql, sqlite, t.name);
      if (have.empty()) throw std::runtime_error("restore: the database has no table " + t.name);
      for (const auto& c : t.columns)
        if (std::find(have.begin(), have.end(), c) == have.end())
          throw std::runtime_error("restore: the table " + t.name + " has no column " + c);
      std::vector<Slot> slots(t.columns.size());
      for (std::size_t c = 0; c < t.columns.size(); ++c)
        for (const auto& row : t.rows)
          if (std::holds_alternative<long long>(row[c])) slots[c].integer = true;
      std::string q;
      if (t.name == "audit_anchor") {
        // Seeded by the migration; moved forward to the restored trail.
        q = "UPDATE audit_anchor SET ";
        bool first = true;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          if (t.columns[c] == "id") continue;
          q += (first ? "" : ", ") + ident(t.columns[c]) + " = :c" + std::to_string(c);
          first = false;
        }
        q += " WHERE id = 1";
      } else {
        q = "INSERT INTO " + ident(t.name) + " (";
        std::string values;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          q += (c == 0 ? "" : ", ") + ident(t.columns[c]);
          values += (c == 0 ? ":c" : ", :c") + std::to_string(c);
        }
        q += ") VALUES (" + values + ")";
      }
      soci::statement st(sql);
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (t.name == "audit_anchor" && t.columns[c] == "id") continue;
        auto& s = slots[c];
        if (s.integer)
          st.exchange(soci::use(s.i, s.ind));
        else
          st.exchange(soci::use(s.s, s.ind));
      }
      st.alloc();
      st.prepare(q);
      st.define_and_bind();
      for (const auto& row : t.rows) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          auto& s = slots[c];
          const auto& v = row[c];
          s.ind = std::holds_alternative<std::monostate>(v) ? soci::i_null : soci::i_ok;
          if (const auto* i = std::get_if<long long>(&v)) {
            s.i = *i;
            s.s = std::to_string(*i);
          } else if (const auto* text = std::get_if<std::string>(&v)) {
            s.s = *text;
            if (s.integer) s.i = std::stoll(*text);
          }
        }
        st.execute(true);
      }
    }
    if (!sqlite) {
      for (const auto& t : tables) {
        if (std::find(t.columns.begin(), t.columns.end(), "id") == t.columns.end()) continue;
        std::string seq;
        soci::indicator ind = soci::i_ok;
        sql << "SELECT pg_get_serial_sequence(:t, 'id')", soci::use(t.name), soci::into(seq, ind);
        if (ind == soci::i_null || seq.empty()) continue;
        long long next = 0;
        sql << "SELECT setval(:s, (SELECT COALESCE(MAX(id), 0) + 1 FROM " + ident(t.name) +
                   "), false)",
            soci::use(seq), soci::into(next);
      }
    }
  });
}

}  // namespace kyosei::storage
