#pragma once
// A meeting's materials (issue 12 item 2, ADR 0018): uploaded files with their 資料番号,
// title, kind and public flag; the bytes as base64 text. Functions take the caller's
// session, so reads can run inside a write transaction. Deleted materials are marked and
// skipped by every read (ADR 0005).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

struct MaterialRow {
  long long id = 0;
  long long meeting_id = 0;
  std::string number;  // 資料番号 ("資料1", "資料2-1", "" = none)
  std::string title;
  std::string kind;  // a core::MaterialKind code
  bool is_public = false;
  std::string file_name;
  std::string media_type;
  long long size_bytes = 0;
  std::string sha256;
  std::string uploaded_by;
  std::string uploaded_at;
  long long version = 1;  // advances with every change of the metadata
};

// The meeting's materials in upload order (without their bytes).
std::vector<MaterialRow> load_materials(Session& sql, long long meeting_id);
long long insert_material(Session& sql, const MaterialRow& row, const std::string& content);
// A material of one of the region's meetings with its bytes; nullopt when there is none
// (or it was deleted).
std::optional<std::pair<MaterialRow, std::string>> get_material(Session& sql, long long region_id,
                                                                long long material_id);
// The same without the bytes.
std::optional<MaterialRow> load_material(Session& sql, long long region_id, long long material_id);
// Writes the row's number, title, kind and public flag and advances its version.
void update_material(Session& sql, const MaterialRow& row);
void delete_material(Session& sql, long long material_id, const std::string& by,
                     const std::string& at);

}  // namespace kyosei::storage
