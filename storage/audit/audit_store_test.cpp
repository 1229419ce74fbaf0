// Contract tests: the audit trail's seals (ADR 0008), on both engines.

#include "storage/audit/audit_store.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>

#include "storage/common/contract_fixture.hpp"

namespace kyosei::storage {
namespace {

const AuditKey kOld{"k-old", std::string(32, 'o')};
const AuditKey kNew{"k-new", std::string(32, 'n')};

class AuditSealContract : public testing::ContractTest {
 protected:
  void TearDown() override { set_audit_keys({}); }

  void append(const std::string& actor) {
    tdb_->db().write([&](soci::session& sql) {
      AuditEntry e;
      e.actor = actor;
      e.action = "update";
      e.record_type = "thing";
      e.record_id = "1";
      e.after_json = "{}";
      append_audit(sql, std::move(e));
    });
  }
  AuditVerification verify() {
    AuditVerification v;
    tdb_->db().with_session([&](soci::session& sql) { v = verify_audit(sql); });
    return v;
  }
  // What someone with write access to the database can do without the key: drop the
  // triggers, change entry `id`, recompute the plain chain and the anchor.
  void rewrite_without_key(long long id, const std::string& actor) {
    tdb_->db().with_session([&](soci::session& sql) {
      if (tdb_->db().engine() == Engine::kSqlite) {
        sql << "DROP TRIGGER audit_log_no_update";
      } else {
        sql << "DROP TRIGGER audit_log_append_only ON audit_log";
      }
      std::vector<AuditEntry> all;
      AuditFilter f;
      f.limit = 1000;
      all = list_audit(sql, f);
      std::reverse(all.begin(), all.end());
      std::string prev = std::string(64, '0');
      for (auto& e : all) {
        if (e.id == id) e.actor = actor;
        e.prev_hash = prev;
        e.hash = audit_hash(e);
        prev = e.hash;
        sql << "UPDATE audit_log SET actor = :a, prev_hash = :p, hash = :h WHERE id = :i",
            soci::use(e.actor), soci::use(e.prev_hash), soci::use(e.hash), soci::use(e.id);
      }
      sql << "UPDATE audit_anchor SET last_hash = :h WHERE id = 1", soci::use(prev);
    });
  }
};

TEST_P(AuditSealContract, RewriteWithRecomputedChainIsCaughtByTheSeals) {
  set_audit_keys({kNew});
  for (const char* actor : {"alice", "bob", "carol"}) append(actor);
  auto v = verify();
  ASSERT_TRUE(v.ok) << v.reason;
  EXPECT_TRUE(v.keys_checked);
  EXPECT_EQ(v.sealed, 3);
  rewrite_without_key(2, "mallory");
  // Without the key, the plain chain and anchor look intact: exactly what the seals add.
  set_audit_keys({});
  EXPECT_TRUE(verify().ok);
  set_audit_keys({kNew});
  v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 2);
  EXPECT_NE(v.reason.find("without the audit key"), std::string::npos) << v.reason;
}

TEST_P(AuditSealContract, RotationVerifiesWithEveryKeyInTheFile) {
  set_audit_keys({kOld});
  append("alice");
  set_audit_keys({kNew, kOld});  // the new key first: it seals from now on
  append("bob");
  auto v = verify();
  ASSERT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.sealed, 2);
  set_audit_keys({kNew});  // the old key dropped: its entries no longer verify
  v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 1);
  EXPECT_NE(v.reason.find("k-old"), std::string::npos) << v.reason;
}

TEST_P(AuditSealContract, AppendsWithoutAKeyAfterSealingAreReported) {
  set_audit_keys({kNew});
  append("alice");
  set_audit_keys({});
  append("unkeyed");
  set_audit_keys({kNew});
  auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 2);
}

TEST_P(AuditSealContract, AChainFromBeforeTheKeyIsSealedAsItStands) {
  append("before the key");  // no key configured: unsealed
  set_audit_keys({kNew});
  EXPECT_FALSE(verify().ok);  // a key is configured but the chain was never sealed
  tdb_->db().write([](soci::session& sql) { seal_existing_chain(sql); });
  append("after");
  auto v = verify();
  ASSERT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.sealed_from, 2);
  EXPECT_EQ(v.sealed, 1);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, AuditSealContract, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(Postgres, AuditSealContract, ::testing::Values("postgres"));

}  // namespace
}  // namespace kyosei::storage
