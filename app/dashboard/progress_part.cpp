// The dashboard's progress part (app::Progress::dashboard): actions by status and progress
// per field with the roll-up by category, the towns' submissions in the fiscal year's
// latest round, and the deadlines of open rounds. It reads progress rows through
// storage/progress and the round summary of app/progress (internal.hpp).

#include <algorithm>
#include <map>

#include "app/dashboard/messages.hpp"
#include "app/progress/internal.hpp"
#include "app/progress/progress.hpp"

namespace kyosei::app {
namespace {

using namespace progress;

// Field → category → initiative (or the category itself for loose actions) → action.
struct FieldAcc {
  long long id = 0;
  std::string name;
  std::map<std::string, int> counts;
  std::map<long long, std::map<long long, std::vector<std::optional<double>>>> tree;
  std::map<long long, std::string> category_names;
};

std::vector<FieldAcc> accumulate(storage::Session& session, long long region_id, int fy,
                                 bool& any_sample) {
  std::map<long long, std::vector<storage::ProgressRow>> by_action;
  for (auto& p : storage::load_progress(session, region_id, fy))
    by_action[p.action_id].push_back(std::move(p));
  for (const auto& [id, rows] : by_action)
    for (const auto& p : rows) any_sample = any_sample || p.sample;
  std::vector<FieldAcc> fields;
  for (const auto& a : storage::load_actions(session, region_id, fy)) {
    if (fields.empty() || fields.back().id != a.field_id) {
      fields.push_back({});
      fields.back().id = a.field_id;
      fields.back().name = a.field;
      for (auto s : core::kAllProgressStatuses)
        fields.back().counts[std::string(core::code(s))] = 0;
      fields.back().counts["not_reported"] = 0;
    }
    auto& f = fields.back();
    std::vector<core::ProgressStatus> statuses;
    std::vector<const storage::ProgressRow*> rows;
    for (const auto& p : by_action[a.id]) {
      statuses.push_back(p.status);
      rows.push_back(&p);
    }
    auto combined = core::combined_status(statuses);
    ++f.counts[combined ? std::string(core::code(*combined)) : "not_reported"];
    // Loose actions form their own group under the category (key -id).
    const long long group = a.initiative_id != 0 ? a.initiative_id : -a.category_id;
    f.tree[a.category_id][group].push_back(action_percent(rows));
    f.category_names[a.category_id] = a.category;
  }
  return fields;
}

FieldProgress roll_up_field(FieldAcc& f, std::vector<core::WeightedValue>& all_fields) {
  FieldProgress out{.field_id = f.id, .field = f.name};
  for (const auto& [k, v] : f.counts) {
    out.by_status[k] = v;
    out.actions += v;
  }
  std::vector<core::WeightedValue> cat_values;
  for (auto& [cat_id, groups] : f.tree) {
    std::vector<core::WeightedValue> group_values;
    for (auto& [g, actions] : groups) {
      std::vector<core::WeightedValue> parts;
      for (auto p : actions) parts.push_back({p, std::nullopt});
      group_values.push_back({core::roll_up(parts), std::nullopt});
    }
    auto cp = core::roll_up(group_values);
    cat_values.push_back({cp, std::nullopt});
    out.categories.push_back({cat_id, f.category_names[cat_id], cp});
  }
  out.progress_percent = core::roll_up(cat_values);
  all_fields.push_back({out.progress_percent, std::nullopt});
  return out;
}

}  // namespace

std::optional<ProgressDashboard> Progress::dashboard(const std::string& slug, int fy,
                                                     const core::Date& today) {
  std::optional<ProgressDashboard> out;
  db_.with_session([&](storage::Session& session) {
    storage::read_consistently(session, [&] {
      auto region_id = storage::region_id_of(session, slug);
      if (!region_id) return;
      ProgressDashboard d;
      d.fiscal_year = fy;
      auto fields = accumulate(session, *region_id, fy, d.sample);
      std::vector<core::WeightedValue> all_fields;
      for (auto& f : fields) d.fields.push_back(roll_up_field(f, all_fields));
      d.progress_percent = core::roll_up(all_fields);
      for (auto s : core::kAllProgressStatuses)
        d.statuses.push_back({std::string(core::code(s)), std::string(core::label(s))});
      d.statuses.push_back({"not_reported", msg::dashboard::not_reported.ja()});

      // Submissions by town: the fiscal year's latest round.
      const auto names = town_names(session, *region_id);
      for (const auto& r : storage::load_rounds(session, *region_id)) {
        const auto v = round_view(session, r, today);
        if (r.fiscal_year == fy && !d.submissions) {
          RoundStates states{.round_id = r.id,
                             .title = r.title,
                             .deadline = r.deadline,
                             .complete = v.complete,
                             .counts = v.counts,
                             .sample = r.sample};
          for (const auto& [s, late] : v.submissions)
            states.towns.push_back({town_of(names, s.municipality), s.state, late});
          d.submissions = std::move(states);
        }
        if (!v.complete) {
          auto date = core::parse_date(r.deadline);
          d.deadlines.push_back(
              {r.id, r.title, r.deadline, date && *date < today, v.overdue_count});
        }
      }
      std::sort(d.deadlines.begin(), d.deadlines.end(),
                [](const RoundDeadline& a, const RoundDeadline& b) { return a.date < b.date; });
      out = std::move(d);
    });
  });
  return out;
}

}  // namespace kyosei::app
