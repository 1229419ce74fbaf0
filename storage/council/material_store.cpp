#include "storage/council/material_store.hpp"

#include <soci/soci.h>

#include "storage/common/hash.hpp"
#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kMaterialColumns =
    "SELECT x.id, x.meeting_id, x.number, x.title, x.kind, x.is_public, x.file_name, "
    "x.media_type, x.size_bytes, x.sha256, x.uploaded_by, x.uploaded_at, x.version "
    "FROM meeting_materials x ";

MaterialRow material_from(const soci::row& row) {
  MaterialRow m;
  RowReader(row) >> m.id >> m.meeting_id >> m.number >> m.title >> m.kind >> m.is_public >>
      m.file_name >> m.media_type >> m.size_bytes >> m.sha256 >> m.uploaded_by >> m.uploaded_at >>
      m.version;
  return m;
}

}  // namespace

std::vector<MaterialRow> load_materials(Session& sql, long long meeting_id) {
  return rows_of(sql,
                 std::string(kMaterialColumns) +
                     "WHERE x.meeting_id = :m AND x.deleted_at IS NULL ORDER BY x.id",
                 material_from, meeting_id);
}

long long insert_material(Session& sql, const MaterialRow& m, const std::string& content) {
  const std::string content_base64 = to_base64(content);
  const int is_public = m.is_public ? 1 : 0;
  sql << "INSERT INTO meeting_materials (meeting_id, number, title, kind, is_public, file_name, "
         "media_type, size_bytes, sha256, content_base64, uploaded_by, uploaded_at) VALUES (:m, "
         ":n, :t, :k, :p, :f, :y, :s, :h, :c, :by, :at)",
      soci::use(m.meeting_id), soci::use(m.number), soci::use(m.title), soci::use(m.kind),
      soci::use(is_public), soci::use(m.file_name), soci::use(m.media_type),
      soci::use(m.size_bytes), soci::use(m.sha256), soci::use(content_base64),
      soci::use(m.uploaded_by), soci::use(m.uploaded_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM meeting_materials WHERE meeting_id = :m", soci::use(m.meeting_id),
      soci::into(id);
  return id;
}

std::optional<MaterialRow> load_material(Session& sql, long long region_id, long long material_id) {
  auto rows = rows_of(sql,
                      std::string(kMaterialColumns) +
                          "JOIN meetings g ON g.id = x.meeting_id WHERE g.region_id = :r AND "
                          "x.id = :i AND x.deleted_at IS NULL",
                      material_from, region_id, material_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<std::pair<MaterialRow, std::string>> get_material(Session& sql, long long region_id,
                                                                long long material_id) {
  auto row = load_material(sql, region_id, material_id);
  if (!row) return std::nullopt;
  std::string content;
  sql << "SELECT content_base64 FROM meeting_materials WHERE id = :i", soci::use(material_id),
      soci::into(content);
  return std::pair{std::move(*row), from_base64(content)};
}

void update_material(Session& sql, const MaterialRow& m) {
  const int is_public = m.is_public ? 1 : 0;
  sql << "UPDATE meeting_materials SET number = :n, title = :t, kind = :k, is_public = :p, "
         "version = version + 1 WHERE id = :i",
      soci::use(m.number), soci::use(m.title), soci::use(m.kind), soci::use(is_public),
      soci::use(m.id);
}

void delete_material(Session& sql, long long material_id, const std::string& by,
                     const std::string& at) {
  sql << "UPDATE meeting_materials SET deleted_at = :at, deleted_by = :by WHERE id = :i",
      soci::use(at), soci::use(by), soci::use(material_id);
}

}  // namespace kyosei::storage
