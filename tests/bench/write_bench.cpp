// Google Benchmark of the write path in-process (issue 10, finding 4; ADR 0009;
// docs/benchmarks.md, "Write path"): audited progress writes through the real use case
// (app::Progress::put_progress → run_region_unit → UnitOfWork: the record, the change
// counter, the search document and the audit entry with its seal, in one transaction), on a
// SQLite file in a temporary directory with the server's settings (WAL, synchronous =
// NORMAL) and an audit key, so that every entry is sealed as in the server. No HTTP, no
// session check, no load generator: what the ≥ 2,000 audited writes/s goal measures.
//
//   build/ci/tests/write_bench                         # both regions
//   build/ci/tests/write_bench --benchmark_filter=big  # the 5,000-topic region only
//
// WriteProgress/region:0 writes in the demo region; region:1 in a copy of it with 5,000
// more topics spread over its category years (as scripts/bench-writes.sh builds it). Each
// iteration is one write of one town's record of one action (If-Match: its version; the
// result text changes every time). items_per_second is audited writes/s. The test checks
// the audit trail afterwards (one entry per write, chain and seals verified).

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/audit/audit_key.hpp"
#include "app/plan/datasets.hpp"
#include "app/services.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kTown = "01210";

template <typename T>
T value_of(std::variant<T, app::Error> v, const char* what) {
  if (auto* e = std::get_if<app::Error>(&v))
    throw std::runtime_error(std::string(what) + ": " + e->detail_en);
  return std::get<T>(std::move(v));
}

// The demo region and, as "big-region", a copy of its plan with 5,000 more topics.
struct BenchDatabase {
  fs::path dir;
  std::unique_ptr<app::Services> services;
  BenchDatabase() {
    dir = fs::temp_directory_path() / ("kyosei-write-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    app::configure_audit_keys(dir / "audit.key", true);
    services = app::Services::open("sqlite:" + (dir / "k.db").string());
    app::LoadOptions load;
    load.actor = "bench";
    const auto report = app::load_dataset(
        services->database(), fs::path(KYOSEI_SOURCE_DIR) / "data" / "minami-sorachi.yaml", load);
    if (report.status != app::LoadReport::Status::kLoaded)
      throw std::runtime_error("the demo dataset did not load");
    storage::RegionStore store(services->database());
    auto big = store.load(report.slug);
    if (!big) throw std::runtime_error("the demo region did not load back");
    big->slug = "big-region";
    big->name = "大規模試験圏";
    big->name_en = "Big test region";
    std::vector<core::CategoryYear*> years;
    for (auto& area : big->policy_areas)
      for (auto& field : area.fields)
        for (auto& cat : field.categories)
          for (auto& year : cat.years) years.push_back(&year);
    if (years.empty()) throw std::runtime_error("no category years");
    for (int i = 0; i < 5000; ++i) {
      years[static_cast<std::size_t>(i) % years.size()]->topics.push_back(
          "大規模試験の検討項目 " + std::to_string(i) + "：広域連携による共同実施の検討");
    }
    store.save(*big, storage::RegionStore::SaveMode::kReplace);
  }
  ~BenchDatabase() {
    services.reset();
    fs::remove_all(dir);
  }
  BenchDatabase(const BenchDatabase&) = delete;
  BenchDatabase& operator=(const BenchDatabase&) = delete;
};

BenchDatabase& database() {
  static BenchDatabase db;
  return db;
}

app::Principal editor(const std::string& slug) {
  app::Principal p;
  p.signed_in = true;
  p.second_factor_done = true;
  p.login = "bench-editor";
  p.display_name = "bench";
  p.remote = "127.0.0.1";
  p.roles.push_back({slug, std::string(app::kRoleMunicipalityEditor), kTown, {}});
  return p;
}

long long audit_entries(storage::Database& db) {
  long long n = 0;
  db.with_session([&](storage::Session& sql) {
    const auto v = storage::verify_audit(sql);
    n = v.ok ? v.entries : -1;
  });
  return n;
}

void WriteProgress(benchmark::State& state) {
  auto& s = *database().services;
  const std::string slug = state.range(0) == 1 ? "big-region" : "minami-sorachi";
  const auto who = editor(slug);
  const auto list =
      value_of(s.progress().list(slug, std::string("2025"), std::string(kTown)), "progress list");
  std::string action;
  std::optional<long long> version;
  for (const auto& item : list.items) {
    if (!item.action.takes_part(kTown)) continue;
    action = std::to_string(item.action.id);
    for (const auto& r : item.records) {
      if (r.row.municipality == kTown) version = r.row.version;
    }
    break;
  }
  if (action.empty()) throw std::runtime_error("no action of the town");
  const long long before = audit_entries(s.database());
  long long n = 0;
  for (auto _ : state) {
    json::object body{{"status", n % 2 ? "in_progress" : "done"},
                      {"result", "ベンチマークの記録 " + std::to_string(n)},
                      {"sessions", n % 7},
                      {"participants", 10 + n % 50}};
    app::EditContext ctx{&who, version};
    auto out = value_of(s.progress().put_progress(slug, action, kTown, body, ctx), "put_progress");
    version = out.version;
    ++n;
  }
  state.SetItemsProcessed(n);
  // After the timed loop: every write left its audit entry, and the chain verifies.
  const long long after = audit_entries(s.database());
  if (before < 0 || after - before != n) {
    state.SkipWithError("the audit trail does not hold one entry per write");
  }
}
BENCHMARK(WriteProgress)->ArgName("region")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kyosei

BENCHMARK_MAIN();
