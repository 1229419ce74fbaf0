// Evidence files of progress records: added (type sniffed from the bytes), served, and
// removed from listings (the bytes stay for the history).

#include <boost/json.hpp>

#include "app/common/hash.hpp"
#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/common/upload.hpp"
#include "app/progress/internal.hpp"
#include "app/progress/messages.hpp"
#include "app/progress/progress.hpp"
#include "app/progress/record_json.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using namespace progress;

Error evidence_not_found(const std::string& id) {
  return error_of(Errc::kNotFound, msg::progress::evidence_not_found, id);
}

}  // namespace

RecordOutcome Progress::add_evidence(const std::string& slug, const std::string& action_text,
                                     const std::string& code, const std::string& file_name,
                                     const std::string& bytes, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return add_evidence(unit, slug, action_text, code, file_name, bytes, ctx);
  });
}

Record Progress::add_evidence(UnitOfWork& unit, const std::string& slug,
                              const std::string& action_text, const std::string& code,
                              const std::string& file_name, const std::string& bytes,
                              const EditContext& ctx) {
  auto& session = unit.session();
  const long long region_id = require_region(session, slug);
  const auto action = require_action(session, region_id, action_text);
  if (!town_names(session, region_id).contains(code))
    fail(error_of(Errc::kNotFound, msg::progress::municipality_not_found, code));
  auto record = storage::find_progress(session, action.id, code);
  if (!record) fail(error_of(Errc::kConflict, msg::progress::progress_first));
  std::string type;
  const std::string name = to_nfc(file_name);  // stored composed, like every text
  auto errors = upload_problems(name, bytes, type, "name", "");
  if (!errors.empty()) fail(invalid(std::move(errors)));
  fail_if_action_locked(unit, ctx, slug, region_id, action, code, "create", "evidence",
                        std::to_string(action.id) + "/" + code);
  storage::EvidenceRow row;
  row.progress_id = record->id;
  row.file_name = name;
  row.media_type = type;
  row.size_bytes = static_cast<long long>(bytes.size());
  row.sha256 = sha256_hex(bytes);
  row.uploaded_by = actor_of(ctx);
  row.uploaded_at = unit.clock().now_utc_iso();
  row.id = storage::insert_evidence(session, row, bytes);
  unit.changed_unindexed(region_id, slug);
  auto data = evidence_json(row);
  data["action_id"] = action.id;
  data["municipality"] = code;
  auto e = audit_entry(ctx, slug, "create", "evidence", std::to_string(row.id));
  e.after_json = json::serialize(data);  // the metadata; the bytes are identified by sha256
  unit.audit(std::move(e));
  return Record{std::move(data), 1};
}

std::variant<EvidenceFile, Error> Progress::evidence(const std::string& slug,
                                                     const std::string& evidence_text) {
  std::variant<EvidenceFile, Error> out = evidence_not_found(evidence_text);
  db_.with_session([&](storage::Session& session) {
    auto region_id = storage::region_id_of(session, slug);
    if (!region_id) {
      out = region_not_found(slug);
      return;
    }
    auto id = parse_id(evidence_text);
    if (!id) return;
    auto found = storage::get_evidence(session, *id);
    if (!found) return;
    // Only the region's own files are served through its path.
    if (!storage::load_action(session, *region_id, found->first.action_id)) return;
    out = EvidenceFile{found->first.file_name, found->first.media_type, std::move(found->second),
                       found->first.sha256};
  });
  return out;
}

std::optional<Error> Progress::remove_evidence(const std::string& slug,
                                               const std::string& action_text,
                                               const std::string& code,
                                               const std::string& evidence_text,
                                               const EditContext& ctx) {
  auto out = run_region_unit<bool>(db_, clock_, slug, [&](UnitOfWork& unit) {
    remove_evidence(unit, slug, action_text, code, evidence_text, ctx);
    return true;
  });
  if (const auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

void Progress::remove_evidence(UnitOfWork& unit, const std::string& slug,
                               const std::string& action_text, const std::string& code,
                               const std::string& evidence_text, const EditContext& ctx) {
  auto& session = unit.session();
  const long long region_id = require_region(session, slug);
  auto id = parse_id(evidence_text);
  auto found = id ? storage::get_evidence(session, *id) : std::nullopt;
  auto action_id = parse_id(action_text);
  if (!found || !action_id || found->first.action_id != *action_id ||
      found->first.municipality != code ||
      !storage::load_action(session, region_id, found->first.action_id)) {
    fail(evidence_not_found(evidence_text));
  }
  auto action = storage::load_action(session, region_id, *action_id);
  fail_if_action_locked(unit, ctx, slug, region_id, *action, code, "delete", "evidence",
                        evidence_text);
  // Soft delete: the row (and its bytes) stay for the history; reads no longer show it.
  storage::delete_evidence(session, *id, actor_of(ctx), unit.clock().now_utc_iso());
  unit.changed_unindexed(region_id, slug);
  auto e = audit_entry(ctx, slug, "delete", "evidence", evidence_text);
  e.before_json = json::serialize(evidence_json(found->first));
  unit.audit(std::move(e));
}

}  // namespace kyosei::app
