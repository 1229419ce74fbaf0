// The 意見対応表: the opinions of a fiscal year (and round) with their answers and statuses.
// Outside the region only published opinions, and never a submitter.

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"

namespace kyosei::app {

using namespace council;

std::variant<OpinionTable, Error> Council::table(const std::string& slug,
                                                 const std::optional<std::string>& fy,
                                                 const std::optional<std::string>& round_text,
                                                 const Principal& who) {
  std::variant<OpinionTable, Error> out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        OpinionTable t;
        t.fiscal_year = query_fiscal_year(session, region_id, fy, clock_.current_fiscal_year());
        t.round = query_round(round_text);
        const auto v = viewer_of(&who, slug);
        t.published_only = !v.member;
        t.vision_title =
            storage::target_name(session, region_id, {core::TargetKind::kVision, 0}).value_or(slug);
        const auto towns = town_names(session, region_id);
        for (const auto& o :
             storage::load_opinions(session, region_id, t.fiscal_year, t.round.value_or(0))) {
          if (!visible(o, v)) continue;
          OpinionTableRow r;
          r.id = o.id;
          r.round = o.round;
          r.received_on = o.received_on;
          r.source = core::label(o.source);
          r.source_code = core::code(o.source);
          r.kind = core::label(o.kind);
          r.kind_code = core::code(o.kind);
          r.targets = target_names(session, region_id, o.targets);
          r.body = o.body;
          if (sees_submitter(o, v)) r.submitter = o.submitter;
          if (!o.assigned_to.empty()) {
            auto it = towns.find(o.assigned_to);
            r.assigned_to = it == towns.end() ? o.assigned_to : it->second;
          }
          // An unpublished answer is a draft: members read it, the public never gets here.
          r.policy = o.policy;
          r.answer = o.answer;
          r.status = core::label(o.status);
          r.status_code = core::code(o.status);
          r.reason = o.reason;
          if (auto c = core::comment_class_from(o.comment_class)) r.comment_class = core::label(*c);
          r.published = o.published;
          r.sample = o.sample;
          t.rows.push_back(std::move(r));
        }
        out = std::move(t);
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

}  // namespace kyosei::app
