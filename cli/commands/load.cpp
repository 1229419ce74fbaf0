// kyosei load FILE [--replace [--discard-draft]] [--dry-run] [--allow-removals]: validates the
// dataset file, prints what it adds, changes and removes, then loads it in one transaction.

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "app/plan/dataset_commands.hpp"
#include "app/plan/datasets.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct LoadArgs {
  std::string file;
  bool replace = false;
  bool dry_run = false;
  bool allow_removals = false;
  bool discard_draft = false;
};

// One line per plan item ("+ action KEY", "- kpi KEY (KPI actuals 3)") when `items`, then
// one summary line per kind with changes: "kind: +added ~changed -removed".
void print_changes(const std::vector<app::PlanChange>& changes, bool items) {
  std::map<std::string, std::array<int, 3>> counts;
  std::vector<std::string> order;
  for (const auto& c : changes) {
    if (items) {
      std::cout << c.op << " " << c.kind << " " << c.key;
      if (!c.records.empty()) std::cout << " (" << c.records << ")";
      std::cout << "\n";
    }
    if (!counts.contains(c.kind)) order.push_back(c.kind);
    ++counts[c.kind][c.op == '+' ? 0 : c.op == '~' ? 1 : 2];
  }
  for (const auto& kind : order) {
    const auto& n = counts[kind];
    std::cout << kind << ": +" << n[0] << " ~" << n[1] << " -" << n[2] << "\n";
  }
  if (changes.empty()) std::cout << "no plan changes\n";
}

// The 新旧対照表 of a draft revision, one line per difference: "~ category 福祉 › 障がい者福祉:
// stages: 協議中(2025)[-…-]{+→実施(2026)+}" (removed characters in [-…-], added in {+…+}).
void print_revision(const std::vector<core::DiffEntry>& entries) {
  for (const auto& e : entries) {
    const char op = e.op == core::DiffOp::kAdded ? '+' : e.op == core::DiffOp::kRemoved ? '-' : '~';
    std::cout << op << " " << e.kind << " " << e.path;
    if (e.op == core::DiffOp::kChanged) {
      std::cout << ": " << e.attribute << ": ";
      for (const auto& span : e.spans) {
        if (span.op == '=') std::cout << span.text;
        if (span.op == '-') std::cout << "[-" << span.text << "-]";
        if (span.op == '+') std::cout << "{+" << span.text << "+}";
      }
    }
    std::cout << "\n";
  }
  std::cout << "revision: " << entries.size() << " differences\n";
}

int run_load(const LoadArgs& args, const Options& options) {
  // Validate before opening the database: a bad file never touches it.
  const auto check = app::check_dataset(args.file);
  if (!check.region) {
    print_problems(app::problem_lines(check.problems));
    std::cerr << ja_en(msg::cli::nothing_loaded) << "\n";
    return kExitProblems;
  }
  const auto services = app::Services::open(options.db_url);
  app::LoadOptions load;
  load.replace = args.replace;
  load.dry_run = args.dry_run;
  load.allow_removals = args.allow_removals;
  load.discard_draft = args.discard_draft;
  load.actor = operator_name();
  if (const char* pause = std::getenv("KYOSEI_FAULT_PAUSE_BEFORE_COMMIT")) {
    // Crash tests: announce the point just before COMMIT, then wait to be killed.
    const std::string marker = pause;
    load.before_commit = [marker] {
      std::ofstream(marker) << "before-commit\n";
      std::this_thread::sleep_for(std::chrono::seconds(30));
    };
  }
  const auto report = app::load_dataset(services->database(), args.file, load);
  const bool revision =
      !args.replace &&
      (report.status == app::LoadReport::Status::kDraft ||
       (report.status == app::LoadReport::Status::kDryRun && !report.revision.empty()));
  if (revision) {
    print_revision(report.revision);
  } else if (report.status != app::LoadReport::Status::kInvalid &&
             report.status != app::LoadReport::Status::kExists) {
    // A new region: the summary only; a replacement or a dry run: every item too.
    print_changes(report.changes, report.status != app::LoadReport::Status::kLoaded);
  }
  switch (report.status) {
    case app::LoadReport::Status::kInvalid:
      print_problems(app::problem_lines(report.problems));
      return kExitProblems;
    case app::LoadReport::Status::kExists:
      std::cerr << ja_en(msg::cli::region_exists, report.slug) << "\n";
      return kExitProblems;
    case app::LoadReport::Status::kRemovalsRefused:
      std::cerr << ja_en(msg::cli::removals_refused, std::to_string(report.removals_with_records))
                << "\n";
      return kExitProblems;
    case app::LoadReport::Status::kDraftPending:
      std::cerr << ja_en(msg::cli::draft_pending, report.slug) << "\n";
      return kExitProblems;
    case app::LoadReport::Status::kDryRun:
      std::cout << "dry run: " << report.slug << "\n";
      if (report.draft_pending && !args.discard_draft)
        std::cerr << ja_en(msg::cli::draft_pending, report.slug) << "\n";
      if (report.removals_with_records > 0) {
        std::cerr << ja_en(msg::cli::removals_refused, std::to_string(report.removals_with_records))
                  << "\n";
      }
      return 0;
    case app::LoadReport::Status::kLoaded: std::cout << "loaded: " << report.slug << "\n"; return 0;
    case app::LoadReport::Status::kDraft:
      std::cout << "draft revision: " << report.slug << "\n";
      std::cerr << ja_en(msg::cli::draft_saved, report.slug) << "\n";
      return 0;
    case app::LoadReport::Status::kReplaced:
      if (report.draft_discarded)
        std::cerr << ja_en(msg::cli::draft_discarded, report.slug) << "\n";
      std::cout << "replaced: " << report.slug << "\n";
      if (report.removals_with_records > 0) {
        std::cout << ja_en(msg::cli::removals_kept, std::to_string(report.removals_with_records))
                  << "\n";
      }
      return 0;
  }
  return 0;
}

}  // namespace

Command add_load_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<LoadArgs>();
  auto* cmd = cli.add_subcommand("load", both(msg::cli::load_help));
  cmd->add_option("FILE", args->file, "dataset file (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--replace", args->replace, both(msg::cli::replace_help));
  cmd->add_flag("--dry-run", args->dry_run, both(msg::cli::dry_run_help));
  cmd->add_flag("--allow-removals", args->allow_removals, both(msg::cli::allow_removals_help));
  cmd->add_flag("--discard-draft", args->discard_draft, both(msg::cli::discard_draft_help));
  return {cmd, [args, &options] { return run_load(*args, options); }};
}

}  // namespace kyosei::cli
