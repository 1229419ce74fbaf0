// A meeting's materials (issue 12 item 2, ADR 0018): the secretariat uploads files (次第,
// 資料, 参考資料, 議事録) with a 資料番号, title and public flag, and deletes them; the region's
// members read every material, anyone else only those marked public of a meeting whose
// minutes are published. Files pass the same checks as evidence files (app/common/upload).

#include <boost/json.hpp>

#include "app/common/hash.hpp"
#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/common/upload.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "core/common/utf8.hpp"
#include "storage/council/material_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace council;

namespace {

storage::MeetingRow meeting_or_404(storage::Session& session, long long region_id,
                                   const std::string& id_text) {
  auto id = parse_id(id_text);
  auto m = id ? storage::load_meeting(session, region_id, *id) : std::nullopt;
  if (!m) fail(error_of(Errc::kNotFound, msg::council::meeting_not_found, id_text));
  return *m;
}

bool readable(const storage::MaterialRow& row, const storage::MeetingRow& m, const Viewer& v) {
  return v.member || core::material_open_to_public(row.is_public, m.status);
}

json::object material_json(const storage::MaterialRow& r, const std::string& slug,
                           const Viewer& v) {
  const auto kind = core::material_kind_from(r.kind).value_or(core::MaterialKind::kMaterial);
  json::object o{
      {"id", r.id},
      {"meeting_id", r.meeting_id},
      {"number", r.number},
      {"title", r.title},
      {"kind", code_label(kind)},
      {"public", r.is_public},
      {"file_name", r.file_name},
      {"media_type", r.media_type},
      {"size_bytes", r.size_bytes},
      {"uploaded_at", r.uploaded_at},
      {"version", r.version},
      {"download", "/api/v1/regions/" + slug + "/meetings/" + std::to_string(r.meeting_id) +
                       "/materials/" + std::to_string(r.id)}};
  // Who uploaded it is the region's business.
  if (v.member) o["uploaded_by"] = r.uploaded_by;
  return o;
}

// A query parameter's text: valid UTF-8 (the query string is not JSON), the text rule, NFC.
void param_text(const std::optional<std::string>& value, const char* key, std::size_t max,
                bool required, std::vector<FieldError>& errors, std::string& out) {
  const std::string t = value.value_or("");
  if (!core::is_valid_utf8(t)) {
    errors.push_back(field_error(key, msg::common::invalid_utf8));
    return;
  }
  if (auto p = name_problem(key, t, required, max)) {
    errors.push_back(std::move(*p));
    return;
  }
  out = to_nfc(t);
}

// A JSON member of an edit: a name-like text (the upload's rule), NFC; `out` is written
// only when the member is present.
void body_text(const json::object& body, const char* key, std::size_t max, bool required,
               std::vector<FieldError>& errors, std::string& out) {
  const std::string ptr = std::string("/") + key;
  if (!body.contains(key)) return;
  if (!body.at(key).is_string()) {
    errors.push_back(field_error(ptr, msg::council::must_be_string));
    return;
  }
  const std::string t(body.at(key).as_string());
  if (auto p = name_problem(ptr, t, required, max)) {
    errors.push_back(std::move(*p));
    return;
  }
  out = to_nfc(t);
}

}  // namespace

JsonOutcome Council::materials(const std::string& slug, const std::string& meeting_id,
                               const Principal& who) {
  JsonOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const auto m = meeting_or_404(session, region_id, meeting_id);
        const auto v = viewer_of(&who, slug);
        json::array items;
        for (const auto& r : storage::load_materials(session, m.id))
          if (readable(r, m, v)) items.push_back(material_json(r, slug, v));
        out = json::object{{"meeting_id", m.id}, {"materials", std::move(items)}};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::add_material(const std::string& slug, const std::string& meeting_id,
                                    const MaterialUpload& upload, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto m = meeting_or_404(session, region_id, meeting_id);
    std::vector<FieldError> errors;
    storage::MaterialRow row;
    row.meeting_id = m.id;
    param_text(upload.title, "title", 200, true, errors, row.title);
    param_text(upload.number, "number", 40, false, errors, row.number);
    std::string kind;
    param_text(upload.kind, "kind", 64, true, errors, kind);
    if (!kind.empty()) {
      if (auto k = core::material_kind_from(kind))
        row.kind = std::string(core::code(*k));
      else
        errors.push_back(field_error("kind", msg::council::material_kind_invalid));
    }
    if (upload.is_public) {
      if (*upload.is_public == "true")
        row.is_public = true;
      else if (*upload.is_public != "false")
        errors.push_back(field_error("public", msg::council::must_be_bool));
    }
    std::string name;
    if (core::is_valid_utf8(upload.name.value_or("")))
      name = to_nfc(upload.name.value_or(""));
    else
      name = upload.name.value_or("");  // refused below as a bad name
    std::string type;
    auto file_errors = upload_problems(name, upload.bytes, type, "name", "file");
    errors.insert(errors.end(), file_errors.begin(), file_errors.end());
    if (!errors.empty()) fail(invalid(std::move(errors)));
    row.file_name = name;
    row.media_type = type;
    row.size_bytes = static_cast<long long>(upload.bytes.size());
    row.sha256 = sha256_hex(upload.bytes);
    row.uploaded_by = actor_of(ctx);
    row.uploaded_at = unit.clock().now_utc_iso();
    row.id = storage::insert_material(session, row, upload.bytes);
    // Its title, public or internal by the public flag and the minutes (ADR 0018).
    unit.changed(region_id, slug, {"material", row.id});
    auto data = material_json(row, slug, viewer_of(ctx.who, slug));
    auto e = audit_entry(ctx, slug, "create", "material", std::to_string(row.id));
    e.after_json = json::serialize(data);  // the metadata; the bytes are identified by sha256
    unit.audit(std::move(e));
    return Record{std::move(data), 1};
  });
}

std::variant<MaterialFile, Error> Council::material(const std::string& slug,
                                                    const std::string& meeting_id,
                                                    const std::string& material_id,
                                                    const Principal& who) {
  std::variant<MaterialFile, Error> out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const auto m = meeting_or_404(session, region_id, meeting_id);
        const auto id = parse_id(material_id);
        auto found = id ? storage::get_material(session, region_id, *id) : std::nullopt;
        if (!found || found->first.meeting_id != m.id ||
            !readable(found->first, m, viewer_of(&who, slug)))
          fail(error_of(Errc::kNotFound, msg::council::material_not_found, material_id));
        out = MaterialFile{found->first.file_name, found->first.media_type,
                           std::move(found->second), found->first.sha256};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::update_material(const std::string& slug, const std::string& meeting_id,
                                       const std::string& material_id, const json::object& body,
                                       const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto m = meeting_or_404(session, region_id, meeting_id);
    const auto id = parse_id(material_id);
    auto found = id ? storage::load_material(session, region_id, *id) : std::nullopt;
    const auto v = viewer_of(ctx.who, slug);
    if (!found || found->meeting_id != m.id || !readable(*found, m, v))
      fail(error_of(Errc::kNotFound, msg::council::material_not_found, material_id));
    const auto before = material_json(*found, slug, v);
    check_version(ctx, slug, "material", material_id, found->version, json::serialize(before));
    storage::MaterialRow row = *found;
    std::vector<FieldError> errors;
    for (const auto& [k, value] : body) {
      if (k != "title" && k != "number" && k != "kind" && k != "public")
        errors.push_back(field_error("/" + std::string(k), msg::council::unknown_field));
    }
    body_text(body, "title", 200, true, errors, row.title);
    body_text(body, "number", 40, false, errors, row.number);
    if (body.contains("kind")) {
      std::string kind;
      body_text(body, "kind", 64, true, errors, kind);
      if (!kind.empty()) {
        if (auto k = core::material_kind_from(kind))
          row.kind = std::string(core::code(*k));
        else
          errors.push_back(field_error("/kind", msg::council::material_kind_invalid));
      }
    }
    if (body.contains("public")) {
      if (body.at("public").is_bool())
        row.is_public = body.at("public").as_bool();
      else
        errors.push_back(field_error("/public", msg::council::must_be_bool));
    }
    if (!errors.empty()) fail(invalid(std::move(errors)));
    storage::update_material(session, row);
    ++row.version;
    // Its title and who may read it changed: its search document and the meeting's read
    // models are refreshed.
    unit.changed(region_id, slug, {"material", row.id});
    auto data = material_json(row, slug, v);
    auto e = audit_entry(ctx, slug, "update", "material", material_id);
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(data);
    unit.audit(std::move(e));
    return Record{std::move(data), row.version};
  });
}

std::optional<Error> Council::remove_material(const std::string& slug,
                                              const std::string& meeting_id,
                                              const std::string& material_id,
                                              const EditContext& ctx) {
  auto out = run_region_unit<bool>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto m = meeting_or_404(session, region_id, meeting_id);
    const auto id = parse_id(material_id);
    auto found = id ? storage::get_material(session, region_id, *id) : std::nullopt;
    if (!found || found->first.meeting_id != m.id)
      fail(error_of(Errc::kNotFound, msg::council::material_not_found, material_id));
    // Soft delete: the row and its bytes stay for the history; reads no longer show it.
    storage::delete_material(session, *id, actor_of(ctx), unit.clock().now_utc_iso());
    unit.changed(region_id, slug, {"material", *id});  // drops its title from the index
    auto e = audit_entry(ctx, slug, "delete", "material", material_id);
    e.before_json = json::serialize(material_json(found->first, slug, viewer_of(ctx.who, slug)));
    unit.audit(std::move(e));
    return true;
  });
  if (const auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

}  // namespace kyosei::app
