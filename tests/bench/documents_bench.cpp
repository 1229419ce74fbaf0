// Google Benchmark of the documents of issue 14 (docs/benchmarks.md, "Documents"):
//
// - ImportTownWorkbook: a town's workbook of 1,020 filled rows (one per action of a
//   synthetic region's round; every row changed) read back through
//   app::documents::import_town_workbook, as a dry run (read, validate, compare) and applied
//   (one transaction: 1,020 progress records, each audited);
// - CouncilMaterialPdf: the R7 (FY2025) council material of the demo region as PDF (Cairo +
//   Pango), from the same reads as GET …/documents/council-material.
//
// Each runs on its own SQLite database in a temporary directory. The peak resident memory of
// the process is reported as the counter peak_rss_MiB: run one benchmark per process
// (--benchmark_filter) to read it for that benchmark alone.

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/common/clock.hpp"
#include "app/documents/council_material.hpp"
#include "app/documents/town_workbook.hpp"
#include "app/documents/workbook_import.hpp"
#include "app/plan/datasets.hpp"
#include "app/plan/synthetic.hpp"
#include "app/services.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

// A fresh SQLite database in a temporary directory, removed at the end.
struct TempDatabase {
  fs::path dir;
  std::unique_ptr<app::Services> services;
  explicit TempDatabase(const std::string& name) {
    dir = fs::temp_directory_path() / ("kyosei-bench-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    services = app::Services::open("sqlite:" + (dir / "k.db").string());
  }
  ~TempDatabase() {
    services.reset();
    fs::remove_all(dir);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
};

app::Principal secretariat(const std::string& slug) {
  app::Principal p;
  p.signed_in = true;
  p.second_factor_done = true;
  p.login = "bench";
  p.display_name = "bench";
  p.roles.push_back({slug, std::string(app::kRoleSecretariat), "", {}});
  return p;
}

template <typename T>
T value_of(std::variant<T, app::Error> v, const char* what) {
  if (auto* e = std::get_if<app::Error>(&v))
    throw std::runtime_error(std::string(what) + ": " + e->detail_en);
  return std::get<T>(std::move(v));
}

// synth-0 with 15 actions per category (1,020); its central city takes part in all of them.
constexpr const char* kTown = "01210";
void store_big_region(app::Services& s) {
  auto region = app::synthetic_region(0);
  for (auto& area : region.policy_areas)
    for (auto& field : area.fields)
      for (auto& cat : field.categories)
        for (auto& year : cat.years)
          for (int a = static_cast<int>(year.actions.size()); a < 15; ++a) {
            core::Action act;
            act.text = "合成の取組 " + cat.name + " / " + std::to_string(a);
            act.all_participate = true;
            act.lead = kTown;
            year.actions.push_back(std::move(act));
          }
  storage::RegionStore(s.database()).save(region, storage::RegionStore::SaveMode::kReplace);
  value_of(s.progress().load_demo(region.slug, 2025, "bench"), "load_demo");
}

// The town's workbook as downloaded now, with every row filled with values that differ from
// what is stored (`pass` makes each pass's values new).
std::string filled_workbook(app::Services& s, const std::string& slug, const std::string& round,
                            const app::Principal& who, int pass) {
  auto tasks =
      value_of(s.progress().tasks(slug, round, kTown, app::today_in_japan(), &who), "tasks");
  for (auto& v : tasks["actions"].as_array()) {
    auto& a = v.as_object();
    const long long version =
        a["record"].is_object() ? a["record"].as_object()["version"].as_int64() : 0;
    a["record"] = json::object{{"status", json::object{{"label", pass % 2 ? "実施中" : "実施済"}}},
                               {"result", "ベンチマーク " + std::to_string(pass)},
                               {"sessions", pass + 1},
                               {"participants", 100 + pass},
                               {"cost_yen", 1000 * (pass + 1)},
                               {"version", version}};
  }
  return app::documents::town_workbook_xlsx(tasks, slug, "合成圏域 0");
}

void ImportTownWorkbook(benchmark::State& state) {
  const bool apply = state.range(0) == 1;
  TempDatabase db("import");
  auto& s = *db.services;
  store_big_region(s);
  const std::string slug = "synth-0";
  const auto who = secretariat(slug);
  const auto rounds = value_of(s.progress().rounds(slug, app::today_in_japan()), "rounds");
  const std::string round = std::to_string(rounds.at("rounds").at(0).at("id").as_int64());
  int pass = 0;
  std::size_t rows = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    app::documents::WorkbookUpload upload;
    upload.bytes = filled_workbook(s, slug, round, who, pass++);
    bytes = upload.bytes.size();
    app::EditContext ctx{&who, std::nullopt};
    state.ResumeTiming();
    auto out =
        app::documents::import_town_workbook(s.database(), s.progress(), s.clock(), slug, round,
                                             kTown, upload, !apply, ctx, app::today_in_japan());
    const auto result = value_of(std::move(out), "import");
    rows = static_cast<std::size_t>(result.at("count").as_int64());
    if (rows < 1000) throw std::runtime_error("fewer than 1,000 changed rows");
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["xlsx_KiB"] = static_cast<double>(bytes) / 1024.0;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(ImportTownWorkbook)
    ->ArgName("apply")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

void CouncilMaterialPdf(benchmark::State& state) {
  TempDatabase db("material");
  auto& s = *db.services;
  app::LoadOptions load;
  load.actor = "bench";
  const auto report = app::load_dataset(
      s.database(), fs::path(KYOSEI_SOURCE_DIR) / "data" / "minami-sorachi.yaml", load);
  if (report.status != app::LoadReport::Status::kLoaded)
    throw std::runtime_error("the demo dataset did not load");
  const std::string slug = report.slug;
  value_of(s.progress().load_demo(slug, 2025, "bench"), "progress demo");
  value_of(s.council().load_demo(slug, 2025, "bench"), "council demo");
  const auto who = secretariat(slug);
  std::size_t bytes = 0;
  for (auto _ : state) {
    // What GET …/documents/council-material?fy=2025 does.
    const auto vision = value_of(s.vision().vision(slug, std::string("2025")), "vision");
    const auto kpis = value_of(s.kpis().list(slug, std::string("2025")), "kpis");
    const auto progress =
        value_of(s.progress().list(slug, std::string("2025"), std::nullopt), "progress");
    const auto opinions =
        value_of(s.council().table(slug, std::string("2025"), std::nullopt, who), "opinions");
    auto revision = s.editions().diff(slug, "current", "draft", who);
    app::documents::CouncilMaterialInput in;
    in.vision = &vision;
    in.kpis = &kpis;
    in.progress = &progress;
    in.opinions = &opinions;
    if (const auto* v = std::get_if<app::PlanDiffView>(&revision)) in.revision = v;
    in.issued_on = "2026-12-02";
    const auto pdf = app::documents::council_material_pdf(in);
    bytes = pdf.size();
    benchmark::DoNotOptimize(pdf.data());
  }
  state.counters["pdf_KiB"] = static_cast<double>(bytes) / 1024.0;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(CouncilMaterialPdf)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace kyosei

BENCHMARK_MAIN();
