// Black-box tests of the kyosei command line: check, load, dump, and crash safety.

#include <gtest/gtest.h>
#include <signal.h>
#include <soci/soci.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "exchange/plan/dataset.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/plan/region_store.hpp"
#include "tests/support/files.hpp"
#include "tests/support/process.hpp"

namespace kyosei {
namespace {

namespace fs = std::filesystem;
using testing::run;
using testing::slurp;
using testing::spit;

const std::string kBin = KYOSEI_BINARY;
const std::string kDemo = std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kyosei_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "k.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  testing::RunResult kyosei(std::vector<std::string> args,
                            const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), {kBin, "--db", db_});
    return run(args, env);
  }

  // The whole database content as the canonical dump of every region, in slug order.
  std::string content() {
    auto db = storage::Database::open(db_);
    storage::RegionStore store(*db);
    std::string out;
    for (const auto& s : store.list()) out += exchange::write_dataset(*store.load(s.slug));
    return out;
  }

  std::string broken_demo() {
    std::string text = slurp(kDemo);
    auto replace = [&](const std::string& from, const std::string& to) {
      const auto pos = text.find(from);
      EXPECT_NE(pos, std::string::npos) << from;
      if (pos != std::string::npos) text.replace(pos, from.size(), to);
    };
    replace("code: \"01215\"", "code: \"012150\"");
    replace("participants: 全市町\n                    lead: 岩見沢市",
            "participants: [夕張市, 札幌市]\n                    lead: 岩見沢市");
    replace("- name: 土地利用\n        categories:", "- name: 医療\n        categories:");
    return text;
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(CliTest, VersionAndHelp) {
  auto v = run({kBin, "--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("kyosei "), std::string::npos);
  auto h = run({kBin, "--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* word : {"migrate", "load", "dump", "check", "serve", "--db"}) {
    EXPECT_NE(h.out.find(word), std::string::npos) << word;
  }
  EXPECT_NE(run({kBin, "no-such-command"}).exit_code, 0);
}

TEST_F(CliTest, CheckAcceptsTheDemoDataset) {
  auto r = run({kBin, "check", kDemo});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("minami-sorachi"), std::string::npos);
}

TEST_F(CliTest, CheckNamesEveryProblemWithLineAndField) {
  const auto file = dir_ / "broken.yaml";
  spit(file, broken_demo());
  auto r = run({kBin, "check", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* field :
       {"municipalities[2].code", "participants[1]", ".lead", "fields[3].name"}) {
    EXPECT_NE(r.err.find(field), std::string::npos) << field << "\n" << r.err;
  }
  EXPECT_NE(r.err.find(file.string() + ":"), std::string::npos);
  EXPECT_NE(r.err.find("4 件の問題"), std::string::npos) << r.err;
}

TEST_F(CliTest, MalformedFileIsRefusedWithItsLine) {
  const auto file = dir_ / "bad.yaml";
  spit(file, "format: kyosei-dataset/1\nslug: x\nname: [oops\n");
  auto r = run({kBin, "check", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("malformed YAML"), std::string::npos) << r.err;
}

TEST_F(CliTest, LoadDumpRoundTripsExactly) {
  auto load = kyosei({"load", kDemo});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  const auto out = dir_ / "dump.yaml";
  auto dump = kyosei({"dump", "minami-sorachi", "--out", out.string()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_EQ(slurp(out), slurp(kDemo));
  // Load the dump into a second database and dump again: identical.
  const std::string second = "sqlite:" + (dir_ / "second.db").string();
  ASSERT_EQ(run({kBin, "--db", second, "load", out.string()}).exit_code, 0);
  auto again = run({kBin, "--db", second, "dump", "minami-sorachi"});
  EXPECT_EQ(again.out, slurp(kDemo));
}

TEST_F(CliTest, BrokenLoadLeavesTheDatabaseByteForByte) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  ASSERT_EQ(kyosei({"migrate"}).exit_code, 0);
  const auto db_file = dir_ / "k.db";
  // Fold the WAL into the main file so that the bytes on disk are the whole state.
  { auto db = storage::Database::open(db_); }
  const std::string before = slurp(db_file);
  const auto file = dir_ / "broken.yaml";
  spit(file, broken_demo());
  auto r = kyosei({"load", "--replace", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("municipalities[2].code"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("database is unchanged"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(db_file), before);
}

TEST_F(CliTest, ReplaceKeepsPublicationAndAuditsBeforeAndAfter) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  auto db = storage::Database::open(db_);
  db->with_session([](soci::session& sql) {
    sql << "UPDATE regions SET published = 0 WHERE slug = 'minami-sorachi'";
  });
  ASSERT_EQ(kyosei({"load", "--replace", kDemo}).exit_code, 0);
  int published = 1;
  std::vector<storage::AuditEntry> entries;
  db->with_session([&](soci::session& sql) {
    sql << "SELECT published FROM regions WHERE slug = 'minami-sorachi'", soci::into(published);
    storage::AuditFilter f;
    f.region_slug = "minami-sorachi";
    f.record_type = "region";
    entries = storage::list_audit(sql, f);
  });
  EXPECT_EQ(published, 0);  // publication is not part of the dataset
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].action, "replace");
  for (const auto* image : {&entries[0].before_json, &entries[0].after_json}) {
    ASSERT_FALSE(image->empty());
    auto j = boost::json::parse(*image);
    EXPECT_EQ(j.at("summary").at("municipalities"), 9);
    EXPECT_EQ(j.at("published"), false);
    EXPECT_NE(std::string(j.at("dataset").as_string()).find("slug: minami-sorachi"),
              std::string::npos);
  }
  EXPECT_EQ(kyosei({"audit", "verify"}).exit_code, 0);
}

// A load of a region that exists (without --replace) makes the file its draft revision and
// prints the 新旧対照表; the live plan is untouched; --replace replaces once the draft is
// published or discarded (issue 13).
TEST_F(CliTest, LoadOfAnExistingRegionMakesADraftAndPrintsItsTable) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  const std::string before = content();
  // Edition 1 (R7) as a file of its own: it loads as that edition decided the region.
  const auto r7 = dir_ / "r7.yaml";
  auto dumped = kyosei({"dump", "minami-sorachi", "--edition", "1", "--out", r7.string()});
  ASSERT_EQ(dumped.exit_code, 0) << dumped.err;
  EXPECT_EQ(slurp(r7).find("editions:"), std::string::npos);
  EXPECT_EQ(kyosei({"dump", "minami-sorachi", "--edition", "7"}).exit_code, 1);
  auto draft_rows = [&] {
    auto db = storage::Database::open(db_);
    int n = 0;
    db->with_session([&](soci::session& sql) {
      sql << "SELECT COUNT(*) FROM plan_editions WHERE status = 'draft'", soci::into(n);
    });
    return n;
  };
  auto dry = kyosei({"load", "--dry-run", r7.string()});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("revision: 4 differences"), std::string::npos) << dry.out;
  EXPECT_EQ(draft_rows(), 0);
  auto r = kyosei({"load", r7.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("~ category 福祉 › 障がい者福祉: stages: 協議中(2025)[-→実施(2026)-]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("revision: 4 differences"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("--replace"), std::string::npos);
  EXPECT_EQ(draft_rows(), 1);
  EXPECT_EQ(content(), before);  // the live plan is untouched
  // Loading again replaces the draft (still one).
  EXPECT_EQ(kyosei({"load", r7.string()}).exit_code, 0);
  EXPECT_EQ(draft_rows(), 1);
  // --replace while the draft exists is refused (the draft stands on the live plan), with
  // nothing written, and goes through with --discard-draft, which removes the draft.
  auto pending = kyosei({"load", "--replace", kDemo});
  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_NE(pending.err.find("--discard-draft"), std::string::npos) << pending.err;
  EXPECT_EQ(draft_rows(), 1);
  auto discarded = kyosei({"load", "--replace", "--discard-draft", kDemo});
  EXPECT_EQ(discarded.exit_code, 0) << discarded.err;
  EXPECT_NE(discarded.err.find("改訂案を破棄しました"), std::string::npos) << discarded.err;
  EXPECT_EQ(draft_rows(), 0);
  EXPECT_EQ(content(), before);
  {
    auto db = storage::Database::open(db_);
    int discards = 0;
    std::string image;
    db->with_session([&](soci::session& sql) {
      sql << "SELECT COUNT(*), MAX(before_json) FROM audit_log WHERE action = 'discard_draft'",
          soci::into(discards), soci::into(image);
    });
    EXPECT_EQ(discards, 1);
    EXPECT_NE(image.find("障がい者福祉"), std::string::npos);  // the draft's text is kept
  }
  // --replace with the R7 file (no editions listed) keeps the stored editions.
  EXPECT_EQ(kyosei({"load", "--replace", r7.string()}).exit_code, 0);
  auto full = kyosei({"dump", "minami-sorachi"});
  EXPECT_NE(full.out.find("title: 令和8年3月改訂"), std::string::npos);
  EXPECT_EQ(kyosei({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliTest, DumpOfUnknownRegionFails) {
  auto r = kyosei({"dump", "nowhere"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nowhere"), std::string::npos);
}

TEST_F(CliTest, BadDatabaseUrlIsReported) {
  auto r = run({kBin, "--db", "mysql://x", "migrate"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("sqlite:"), std::string::npos) << r.err;
}

// A crash (SIGKILL) just before COMMIT leaves the database as it was before the load.
TEST_F(CliTest, KillBeforeCommitLeavesPreviousState) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  const std::string before = content();
  std::string changed = slurp(kDemo);
  changed.replace(changed.find("name: 南空知定住自立圏"),
                  std::string("name: 南空知定住自立圏").size(), "name: 変更後の圏域名");
  const auto file = dir_ / "changed.yaml";
  spit(file, changed);
  ASSERT_EQ(run({kBin, "check", "--seal", file.string()}).exit_code, 0);  // edited by hand
  const auto marker = dir_ / "marker";
  testing::Background load({kBin, "--db", db_, "load", "--replace", file.string()},
                           {{"KYOSEI_FAULT_PAUSE_BEFORE_COMMIT", marker.string()}});
  for (int i = 0; i < 600 && !fs::exists(marker); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(marker)) << "the load never reached the point before COMMIT";
  load.signal(SIGKILL);
  EXPECT_EQ(load.wait(), -SIGKILL);
  EXPECT_EQ(content(), before);
  // And without the pause the same load goes through.
  ASSERT_EQ(kyosei({"load", "--replace", file.string()}).exit_code, 0);
  EXPECT_NE(content().find("変更後の圏域名"), std::string::npos);
}

// Kills at many moments during a large load: every time the database is either exactly the
// state before or exactly the state after, never in between.
TEST_F(CliTest, KillAtAnyMomentIsBeforeOrAfter) {
  auto base = exchange::read_dataset_file(kDemo);
  ASSERT_TRUE(base.region);
  core::Region big = *base.region;
  big.slug = "big";
  auto& cat = big.policy_areas[0].fields[0].categories[0];
  auto& year = cat.years[0];
  for (int i = 0; i < 4000; ++i) {
    core::Action a;
    a.text = "合成の取組 " + std::to_string(i);
    a.participants = {"01210", "01209", "01215"};
    a.lead = "01210";
    a.photos = {{"写真 " + std::to_string(i), ""}};
    year.actions.push_back(a);
  }
  const auto file = dir_ / "big.yaml";
  spit(file, exchange::write_dataset(big));
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  ASSERT_EQ(kyosei({"migrate"}).exit_code, 0);
  const std::string before = content();

  int saw_before = 0;
  for (int delay_ms : {5, 20, 40, 60, 80, 100, 130, 160, 200, 250, 300, 400}) {
    testing::Background load({kBin, "--db", db_, "load", file.string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    load.signal(SIGKILL);
    const int rc = load.wait();
    const std::string now = content();
    if (rc == -SIGKILL && now == before) {
      ++saw_before;
      continue;
    }
    // Finished (or committed just before the kill): the whole region must be there.
    auto db = storage::Database::open(db_);
    storage::RegionStore store(*db);
    auto loaded = store.load("big");
    ASSERT_TRUE(loaded) << "killed after " << delay_ms << " ms: neither before nor after";
    EXPECT_EQ(*loaded, big) << "killed after " << delay_ms << " ms: partial region";
    ASSERT_EQ(run({kBin, "--db", db_, "load", kDemo}).exit_code, 1);  // demo untouched, still there
    // Back to the before state for the next round.
    db->with_session([](soci::session& sql) { sql << "DELETE FROM regions WHERE slug = 'big'"; });
    ASSERT_EQ(content(), before);
  }
  EXPECT_GT(saw_before, 0) << "no kill landed before the commit; the test proved nothing";
}

}  // namespace
}  // namespace kyosei

namespace kyosei {
namespace {

// ---- safe replace, sealed datasets, the keyed audit chain (issue 10, finding 11) ----

class SafeReplaceTest : public CliTest {
 protected:
  // The demo file cut in the middle at a line boundary: valid YAML, a valid region.
  std::string half_demo() {
    // Half of the plan (the demo lists its editions after the plan, ADR 0016).
    std::string demo = slurp(kDemo);
    demo = demo.substr(0, demo.find("\nviewpoints:") + 1);
    return demo.substr(0, demo.find('\n', demo.size() / 2) + 1);
  }
  long long count(const std::string& query) {
    auto db = storage::Database::open(db_);
    long long n = -1;
    db->with_session([&](soci::session& sql) { sql << query, soci::into(n); });
    return n;
  }
  // Progress records reachable through live plan items of the demo region.
  long long visible_progress() {
    return count(
        "SELECT COUNT(*) FROM progress_records p JOIN actions a ON a.id = p.action_id JOIN "
        "category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
        "y.category_id JOIN fields f ON f.id = c.field_id JOIN regions r ON r.id = f.region_id "
        "WHERE r.slug = 'minami-sorachi' AND a.deleted_at IS NULL AND c.deleted_at IS NULL AND "
        "f.deleted_at IS NULL");
  }
};

TEST_F(SafeReplaceTest, TheDemoCutInHalfIsRefusedByCheckAndLoad) {
  const auto half = dir_ / "half.yaml";
  spit(half, half_demo());
  auto check = run({kBin, "check", half.string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find(": end: "), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("cut short"), std::string::npos) << check.err;
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  const std::string before = content();
  auto load = kyosei({"load", "--replace", half.string()});
  EXPECT_EQ(load.exit_code, 1);
  EXPECT_NE(load.err.find("cut short"), std::string::npos) << load.err;
  EXPECT_EQ(content(), before);
  // The demo file itself carries its marker and passes.
  EXPECT_EQ(run({kBin, "check", kDemo}).exit_code, 0);
}

TEST_F(SafeReplaceTest, SealAfterAHandEditMakesTheFileLoadable) {
  std::string edited = slurp(kDemo);
  edited.replace(edited.find("name: 南空知定住自立圏"),
                 std::string("name: 南空知定住自立圏").size(), "name: 南空知圏");
  const auto file = dir_ / "edited.yaml";
  spit(file, edited);
  auto check = run({kBin, "check", file.string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("end.sha256"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("--seal"), std::string::npos) << check.err;
  auto seal = run({kBin, "check", "--seal", file.string()});
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  EXPECT_EQ(run({kBin, "check", file.string()}).exit_code, 0);
  ASSERT_EQ(kyosei({"load", file.string()}).exit_code, 0);
  EXPECT_NE(content().find("name: 南空知圏\n"), std::string::npos);
}

TEST_F(SafeReplaceTest, ReplaceWithTheHalfDatasetKeepsEveryProgressRecord) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  auto demo = kyosei({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  ASSERT_EQ(count("SELECT COUNT(*) FROM progress_records"), 9);
  ASSERT_EQ(visible_progress(), 9);
  // Someone seals the half file (as after a hand edit) and replaces the region with it.
  const auto half = dir_ / "half.yaml";
  spit(half, half_demo());
  ASSERT_EQ(run({kBin, "check", "--seal", half.string()}).exit_code, 0);
  const std::string before = content();

  auto dry = kyosei({"load", "--replace", "--dry-run", half.string()});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("- action "), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("(progress records 3"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("action: +0 ~"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("dry run: minami-sorachi"), std::string::npos) << dry.out;
  EXPECT_EQ(content(), before);

  auto refused = kyosei({"load", "--replace", half.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--allow-removals"), std::string::npos) << refused.err;
  EXPECT_EQ(content(), before);
  EXPECT_EQ(visible_progress(), 9);

  auto allowed = kyosei({"load", "--replace", "--allow-removals", half.string()});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("replaced: minami-sorachi"), std::string::npos) << allowed.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM progress_records"), 9);  // every record kept
  EXPECT_LT(visible_progress(), 9);  // those of removed actions hidden with them
  EXPECT_GT(count("SELECT COUNT(*) FROM actions WHERE deleted_at IS NOT NULL"), 0);
  EXPECT_EQ(kyosei({"audit", "verify"}).exit_code, 0);

  // Loading the whole demo again restores the removed actions with their records.
  auto again = kyosei({"load", "--replace", kDemo});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(visible_progress(), 9);
  EXPECT_EQ(content(), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM actions WHERE deleted_at IS NOT NULL"), 0);
}

TEST_F(SafeReplaceTest, AuditRewriteWithRecomputedChainIsCaughtWithTheKey) {
  const auto key = dir_ / "audit.key";
  spit(key, "k1 " + std::string(64, 'a') + "\n");
  const std::map<std::string, std::string> env = {{"KYOSEI_AUDIT_KEY_FILE", key.string()}};
  ASSERT_EQ(kyosei({"load", kDemo}, env).exit_code, 0);
  ASSERT_EQ(kyosei({"load", "--replace", kDemo}, env).exit_code, 0);
  auto ok = kyosei({"audit", "verify"}, env);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("entries' seals checked"), std::string::npos) << ok.out;
  // With database access only: drop the trigger, rewrite entry 1, recompute the plain
  // chain and the anchor.
  {
    auto db = storage::Database::open(db_);
    db->with_session([](soci::session& sql) {
      sql << "DROP TRIGGER audit_log_no_update";
      storage::AuditFilter f;
      auto all = storage::list_audit(sql, f);
      std::reverse(all.begin(), all.end());
      std::string prev(64, '0');
      for (auto& e : all) {
        if (e.id == 1) e.actor = "someone-else";
        e.prev_hash = prev;
        e.hash = storage::audit_hash(e);
        prev = e.hash;
        sql << "UPDATE audit_log SET actor = :a, prev_hash = :p, hash = :h WHERE id = :i",
            soci::use(e.actor), soci::use(e.prev_hash), soci::use(e.hash), soci::use(e.id);
      }
      sql << "UPDATE audit_anchor SET last_hash = :h WHERE id = 1", soci::use(prev);
    });
  }
  auto caught = kyosei({"audit", "verify"}, env);
  EXPECT_EQ(caught.exit_code, 1);
  EXPECT_NE(caught.err.find("without the audit key"), std::string::npos) << caught.err;
  // A key file named explicitly must exist; nothing is created in its place.
  auto missing = kyosei({"audit", "verify"}, {{"KYOSEI_AUDIT_KEY_FILE", (dir_ / "nope").string()}});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir_ / "nope"));
}

TEST_F(SafeReplaceTest, TheDefaultKeyFileIsCreatedOnFirstUse) {
  const auto work = dir_ / "fresh";
  fs::create_directories(work);
  auto r = testing::run({"/bin/sh", "-c",
                         "cd '" + work.string() + "' && env -u KYOSEI_AUDIT_KEY_FILE '" + kBin +
                             "' --db sqlite:var/kyosei.db load '" + kDemo + "'"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("audit key"), std::string::npos) << r.err;
  ASSERT_TRUE(fs::exists(work / "var" / "audit.key"));
  EXPECT_EQ(fs::status(work / "var" / "audit.key").permissions() & fs::perms::group_all,
            fs::perms::none);
  auto verify = testing::run({"/bin/sh", "-c",
                              "cd '" + work.string() + "' && env -u KYOSEI_AUDIT_KEY_FILE '" +
                                  kBin + "' --db sqlite:var/kyosei.db audit verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("from entry 1"), std::string::npos) << verify.out;
}

TEST_F(CliTest, UserCommands) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  auto weak =
      run({kBin, "--db", db_, "user", "add", "tanaka", "--role", "minami-sorachi:secretariat"}, {},
          "short\n");
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_NE(weak.err.find("12"), std::string::npos) << weak.err;
  auto bad_role =
      run({kBin, "--db", db_, "user", "add", "tanaka", "--role", "minami-sorachi:mayor"}, {},
          "long enough password\n");
  EXPECT_EQ(bad_role.exit_code, 1);
  auto ok = run({kBin, "--db", db_, "user", "add", "tanaka", "--name", "田中", "--role",
                 "minami-sorachi:municipality_editor:01423"},
                {}, "long enough password\n");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  auto again = run({kBin, "--db", db_, "user", "add", "tanaka"}, {}, "long enough password\n");
  EXPECT_EQ(again.exit_code, 1);
  auto list = kyosei({"user", "list"});
  EXPECT_NE(list.out.find("tanaka\t田中\t-\tactive\t-\tminami-sorachi:municipality_editor:01423"),
            std::string::npos)
      << list.out;
  EXPECT_EQ(kyosei({"user", "disable", "tanaka"}).exit_code, 0);
  EXPECT_NE(kyosei({"user", "list"}).out.find("disabled"), std::string::npos);
  EXPECT_EQ(kyosei({"user", "role", "tanaka", "--role", "minami-sorachi:council_member"}).exit_code,
            0);
  EXPECT_NE(kyosei({"user", "list"}).out.find("minami-sorachi:council_member"), std::string::npos);
  // Every one of these changes is in the audit trail, and the chain holds.
  auto verify = kyosei({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  // The password never appears in the database in clear.
  auto dumpdb = run({"/usr/bin/sqlite3", (dir_ / "k.db").string(), ".dump"});
  EXPECT_EQ(dumpdb.out.find("long enough password"), std::string::npos);
  EXPECT_NE(dumpdb.out.find("$argon2id$"), std::string::npos);
}

TEST_F(CliTest, DemoUsersArePrintedOnceAndLabelled) {
  ASSERT_EQ(kyosei({"load", kDemo}).exit_code, 0);
  auto r = kyosei({"demo-users"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DEMO-ONLY"), std::string::npos);
  for (const char* login : {"demo-admin", "demo-secretariat", "demo-council", "demo-subcommittee",
                            "demo-01210", "demo-01430"}) {
    EXPECT_NE(r.out.find(login), std::string::npos) << login;
  }
  EXPECT_NE(r.out.find("TOTP secret"), std::string::npos);
  auto again = kyosei({"demo-users"});
  EXPECT_NE(again.out.find("already exists"), std::string::npos);
  auto list = kyosei({"user", "list"});
  EXPECT_NE(list.out.find("demo-admin"), std::string::npos);
}

}  // namespace
}  // namespace kyosei
