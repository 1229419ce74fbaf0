#include "app/common/precondition.hpp"

#include <boost/json/serialize.hpp>

#include "app/common/messages.hpp"

namespace kyosei::app {

std::optional<Error> precondition_error(const EditContext& ctx,
                                        std::optional<long long> current_version,
                                        const std::string& current_json) {
  if (!current_version) {
    if (!ctx.if_match) return std::nullopt;
    return error_of(Errc::kPreconditionFailed, msg::common::no_record_yet);
  }
  if (!ctx.if_match) return error_of(Errc::kPreconditionRequired, msg::common::if_match_required);
  if (*ctx.if_match == *current_version || *ctx.if_match == kIfMatchAny) return std::nullopt;
  const std::string v = std::to_string(*current_version);
  Error e = error_of(Errc::kPreconditionFailed, msg::common::someone_saved_first, v);
  e.current_json = current_json;
  e.current_etag = "\"v" + v + "\"";
  return e;
}

std::string actor_of(const EditContext& ctx) {
  return ctx.who != nullptr ? ctx.who->actor() : "system";
}

storage::AuditEntry audit_entry(const EditContext& ctx, const std::string& slug, std::string action,
                                std::string type, std::string id) {
  storage::AuditEntry e;
  e.actor = actor_of(ctx);
  e.remote = ctx.who != nullptr ? ctx.who->remote : "";
  e.region_slug = slug;
  e.action = std::move(action);
  e.record_type = std::move(type);
  e.record_id = std::move(id);
  return e;
}

storage::AuditEntry rejected_write(const EditContext& ctx, const std::string& slug,
                                   const std::string& record_type, const std::string& record_id,
                                   long long current_version, const std::string& current_json) {
  storage::AuditEntry e = audit_entry(ctx, slug, "update-rejected", record_type, record_id);
  e.before_json = current_json;
  e.after_json = boost::json::serialize(boost::json::object{{"if_match", ctx.if_match.value_or(0)},
                                                            {"current_version", current_version}});
  return e;
}

}  // namespace kyosei::app
