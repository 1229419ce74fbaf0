#include "storage/common/migrations.hpp"

#include <fmt/chrono.h>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>

#include "storage/audit/audit_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::storage {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;  // statements separated by ";\n", run on both engines
  // Statements run on SQLite only, after `sql` and in the same transaction (e.g. FTS5
  // virtual tables and the triggers that keep them in sync). nullptr when there are none.
  const char* sqlite_only = nullptr;
  // The same for PostgreSQL (e.g. trigger functions). A statement may contain ";" but not
  // ";" followed by a newline.
  const char* postgres_only = nullptr;
  // Whether applying it to a database that already holds regions must fill the search
  // index again (SearchIndex::rebuild_all, once after the run): the index's table is new,
  // or new kinds of text are indexed.
  bool refills_search = false;
};

// Append only: never edit a migration that has shipped.
const Migration kMigrations[] = {
    {1, "vision model", R"SQL(
CREATE TABLE regions (
  id {ID},
  slug TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  declared_on TEXT,
  source TEXT NOT NULL DEFAULT '',
  vision_title TEXT NOT NULL,
  plan_from INTEGER NOT NULL,
  plan_to INTEGER NOT NULL,
  change_seq BIGINT NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE municipalities (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (region_id, code)
);
CREATE TABLE agreements (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  municipality_code TEXT NOT NULL DEFAULT '',
  signed_on TEXT,
  resolved_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (region_id, title)
);
CREATE TABLE policy_areas (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (region_id, code)
);
CREATE TABLE fields (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  policy_area_id BIGINT NOT NULL REFERENCES policy_areas(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (region_id, name)
);
CREATE TABLE categories (
  id {ID},
  field_id BIGINT NOT NULL REFERENCES fields(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (field_id, name)
);
CREATE TABLE category_stages (
  id {ID},
  category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  from_fiscal_year INTEGER NOT NULL,
  UNIQUE (category_id, from_fiscal_year)
);
CREATE TABLE category_years (
  id {ID},
  category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  direction TEXT NOT NULL DEFAULT '',
  inferred TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (category_id, fiscal_year)
);
CREATE TABLE category_year_topics (
  id {ID},
  category_year_id BIGINT NOT NULL REFERENCES category_years(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE initiatives (
  id {ID},
  category_year_id BIGINT NOT NULL REFERENCES category_years(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE actions (
  id {ID},
  category_year_id BIGINT NOT NULL REFERENCES category_years(id) ON DELETE CASCADE,
  initiative_id BIGINT REFERENCES initiatives(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  all_participate INTEGER NOT NULL DEFAULT 0,
  lead_code TEXT NOT NULL DEFAULT '',
  funding TEXT NOT NULL DEFAULT '',
  viewpoints TEXT NOT NULL DEFAULT '',
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE action_participants (
  action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  municipality_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (action_id, municipality_code)
);
CREATE TABLE action_photos (
  id {ID},
  action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  caption TEXT NOT NULL,
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL
);
CREATE TABLE action_agreements (
  action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  agreement_title TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (action_id, agreement_title)
);
CREATE TABLE viewpoints (
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (region_id, number)
);
CREATE TABLE cycle_steps (
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (region_id, position)
);
CREATE TABLE schedule_items (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  from_month INTEGER NOT NULL,
  to_month INTEGER NOT NULL,
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX fields_area ON fields(policy_area_id);
CREATE INDEX categories_field ON categories(field_id);
CREATE INDEX category_years_category ON category_years(category_id);
CREATE INDEX initiatives_year ON initiatives(category_year_id);
CREATE INDEX actions_year ON actions(category_year_id);
CREATE INDEX actions_initiative ON actions(initiative_id);
CREATE INDEX action_photos_action ON action_photos(action_id);
CREATE INDEX topics_year ON category_year_topics(category_year_id)
)SQL"},
    {2, "accounts, sessions, audit trail", R"SQL(
CREATE TABLE users (
  id {ID},
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT NOT NULL DEFAULT '',
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE user_roles (
  id {ID},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  region_slug TEXT NOT NULL,
  role TEXT NOT NULL,
  municipality_code TEXT NOT NULL DEFAULT '',
  field_names TEXT NOT NULL DEFAULT '',
  UNIQUE (user_id, region_slug, role)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  second_factor_done INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  remote TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_failures (
  id {ID},
  subject TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);
CREATE TABLE audit_log (
  id {ID},
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  remote TEXT NOT NULL DEFAULT '',
  region_slug TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL DEFAULT '',
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_region ON audit_log(region_slug, id);
CREATE INDEX audit_record ON audit_log(record_type, record_id);
ALTER TABLE regions ADD COLUMN published INTEGER NOT NULL DEFAULT 1
)SQL"},
    // The search documents (storage/search.hpp): one row per searchable text of a region.
    // On SQLite an external-content FTS5 trigram index over `normalized` follows the table
    // through triggers (which also fire on the ON DELETE CASCADE from regions).
    {3, "search index", R"SQL(
CREATE TABLE search_documents (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  kind_rank INTEGER NOT NULL,
  record_id BIGINT NOT NULL,
  field TEXT NOT NULL,
  category_id BIGINT NOT NULL DEFAULT 0,
  fiscal_year INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  normalized TEXT NOT NULL
);
CREATE INDEX search_documents_order ON search_documents(region_id, kind_rank, record_id, field)
)SQL",
     R"SQL(
CREATE VIRTUAL TABLE search_fts USING fts5(normalized, content='search_documents', content_rowid='id', tokenize='trigram case_sensitive 1');
CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN INSERT INTO search_fts(rowid, normalized) VALUES (new.id, new.normalized); END;
CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN INSERT INTO search_fts(search_fts, rowid, normalized) VALUES ('delete', old.id, old.normalized); END;
CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN INSERT INTO search_fts(search_fts, rowid, normalized) VALUES ('delete', old.id, old.normalized); INSERT INTO search_fts(rowid, normalized) VALUES (new.id, new.normalized); END
)SQL",
     nullptr, true},
    {4, "kpis", R"SQL(
CREATE TABLE kpis (
  id {ID},
  category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL,
  baseline_fy INTEGER NOT NULL,
  baseline_value TEXT NOT NULL,
  target_fy INTEGER NOT NULL,
  target_value TEXT NOT NULL,
  cumulative INTEGER NOT NULL DEFAULT 0,
  summed INTEGER NOT NULL DEFAULT 0,
  decimal_places INTEGER,
  data_source TEXT NOT NULL DEFAULT '',
  sample INTEGER NOT NULL DEFAULT 0,
  inferred TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kpis_category ON kpis(category_id);
CREATE TABLE kpi_yearly_targets (
  kpi_id BIGINT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kpi_id, fiscal_year)
);
CREATE TABLE kpi_actuals (
  id {ID},
  kpi_id BIGINT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  municipality_code TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  entered_by TEXT NOT NULL DEFAULT '',
  entered_at TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kpi_id, fiscal_year, municipality_code)
);
CREATE INDEX kpi_actuals_kpi ON kpi_actuals(kpi_id);
ALTER TABLE regions ADD COLUMN grade_bands TEXT NOT NULL DEFAULT ''
)SQL"},
    // Audit anchor and append-only triggers (see below and storage/audit_store.hpp).
    // Soft deletion: municipalities, agreements, fields, categories, initiatives and actions
    // are marked (deleted_at, deleted_by) instead of removed; every read skips them.
    // Second factor: the last accepted TOTP time step (replay refusal) and a re-enrolment
    // secret kept apart until it is confirmed. Role grants: several per user and region
    // (an editor of several towns), unique on the whole grant; subcommittee members bound
    // to field ids (`field_ids`: sorted ids joined by ","; the old `field_names` was never
    // filled). The table is rebuilt because SQLite cannot drop a UNIQUE constraint.
    {5, "second factor state, several grants per region", R"SQL(
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT NOT NULL DEFAULT '';
CREATE TABLE user_roles_v5 (
  id {ID},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  region_slug TEXT NOT NULL,
  role TEXT NOT NULL,
  municipality_code TEXT NOT NULL DEFAULT '',
  field_ids TEXT NOT NULL DEFAULT '',
  UNIQUE (user_id, region_slug, role, municipality_code, field_ids)
);
INSERT INTO user_roles_v5 (user_id, region_slug, role, municipality_code)
  SELECT user_id, region_slug, role, municipality_code FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_v5 RENAME TO user_roles;
CREATE INDEX user_roles_user ON user_roles(user_id);
ALTER TABLE municipalities ADD COLUMN deleted_at TEXT;
ALTER TABLE municipalities ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN deleted_at TEXT;
ALTER TABLE agreements ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE fields ADD COLUMN deleted_at TEXT;
ALTER TABLE fields ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN deleted_at TEXT;
ALTER TABLE categories ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN deleted_at TEXT;
ALTER TABLE initiatives ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN deleted_at TEXT;
ALTER TABLE actions ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  entries BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_anchor (id, entries, last_hash) VALUES (1, 0, '');
UPDATE audit_anchor SET entries = (SELECT COUNT(*) FROM audit_log),
  last_hash = COALESCE((SELECT hash FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)), '')
)SQL",
     // The audit trail is append-only in the database too: rows cannot be changed or
     // removed, and the anchor (count and last hash, written with every entry) cannot go
     // back. Someone with the database file can still drop the triggers; `kyosei audit
     // verify` then finds changed rows by the chain and removed tail rows by the anchor.
     R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be removed'); END;
CREATE TRIGGER audit_anchor_forward BEFORE UPDATE ON audit_anchor WHEN new.entries < old.entries BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot go back'); END
)SQL",
     R"SQL(
CREATE FUNCTION kyosei_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION kyosei_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION kyosei_audit_append_only();
CREATE FUNCTION kyosei_audit_anchor_forward() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' OR NEW.entries < OLD.entries THEN RAISE EXCEPTION 'the audit anchor cannot go back'; END IF; RETURN NEW; END $$;
CREATE TRIGGER audit_anchor_forward BEFORE UPDATE OR DELETE ON audit_anchor FOR EACH ROW EXECUTE FUNCTION kyosei_audit_anchor_forward();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor FOR EACH STATEMENT EXECUTE FUNCTION kyosei_audit_append_only()
)SQL"},
    {6, "progress records, evaluations, data-collection rounds, KPI target history", R"SQL(
CREATE TABLE progress_records (
  id {ID},
  action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  municipality_code TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT NOT NULL DEFAULT '',
  sessions BIGINT,
  participants BIGINT,
  cost_yen BIGINT,
  sample INTEGER NOT NULL DEFAULT 0,
  entered_by TEXT NOT NULL DEFAULT '',
  entered_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (action_id, municipality_code)
);
CREATE TABLE evidence_files (
  id {ID},
  progress_id BIGINT NOT NULL REFERENCES progress_records(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_base64 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  deleted_at TEXT,
  deleted_by TEXT
);
CREATE INDEX evidence_files_progress ON evidence_files(progress_id);
CREATE TABLE evaluations (
  id {ID},
  action_id BIGINT NOT NULL UNIQUE REFERENCES actions(id) ON DELETE CASCADE,
  grade TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  next_direction TEXT NOT NULL,
  sample INTEGER NOT NULL DEFAULT 0,
  entered_by TEXT NOT NULL DEFAULT '',
  entered_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE rounds (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  title TEXT NOT NULL,
  deadline TEXT NOT NULL,
  field_ids TEXT NOT NULL DEFAULT '',
  kpi_ids TEXT NOT NULL DEFAULT '',
  sample INTEGER NOT NULL DEFAULT 0,
  opened_by TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rounds_region ON rounds(region_id, fiscal_year);
CREATE TABLE round_submissions (
  id {ID},
  round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  municipality_code TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  changed_by TEXT NOT NULL DEFAULT '',
  changed_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (round_id, municipality_code)
);
CREATE TABLE kpi_target_changes (
  id {ID},
  kpi_id BIGINT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL
);
CREATE INDEX kpi_target_changes_kpi ON kpi_target_changes(kpi_id)
)SQL"},
    // Audit seals (ADR 0008): an HMAC-SHA-256 of every entry's hash under a key kept outside
    // the database, and a keyed anchor (entries, last hash, first sealed entry). Entries
    // written before a key was configured stay checked by the plain chain only.
    {7, "audit seals", R"SQL(
CREATE TABLE audit_seals (
  entry_id BIGINT PRIMARY KEY,
  key_id TEXT NOT NULL,
  mac TEXT NOT NULL
);
ALTER TABLE audit_anchor ADD COLUMN sealed_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_anchor ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_anchor ADD COLUMN mac TEXT NOT NULL DEFAULT ''
)SQL",
     R"SQL(
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
)SQL",
     R"SQL(
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals FOR EACH ROW EXECUTE FUNCTION kyosei_audit_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals FOR EACH STATEMENT EXECUTE FUNCTION kyosei_audit_append_only()
)SQL"},
    // Version 8 (ADR 0009): the search documents of one category are refreshed by their
    // category id; attempt rows are purged by their time.
    {8, "indexes for refreshing a category's search documents and purging attempts", R"SQL(
CREATE INDEX search_documents_category ON search_documents(region_id, category_id);
CREATE INDEX login_failures_at ON login_failures(at)
)SQL"},
    {9, "council: register, meetings, attendance, remarks, opinions", R"SQL(
CREATE TABLE council_members (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  sector TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  term_start TEXT NOT NULL,
  term_end TEXT NOT NULL DEFAULT '',
  is_public INTEGER NOT NULL DEFAULT 0,
  user_login TEXT NOT NULL DEFAULT '',
  sample INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX council_members_region ON council_members(region_id);
CREATE TABLE meetings (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  field_ids TEXT NOT NULL DEFAULT '',
  fiscal_year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  held_on TEXT NOT NULL,
  starts_at TEXT NOT NULL DEFAULT '',
  ends_at TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  minutes_status TEXT NOT NULL,
  observers BIGINT,
  internal_note TEXT NOT NULL DEFAULT '',
  sample INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_region ON meetings(region_id, fiscal_year);
CREATE TABLE meeting_agenda_items (
  id {ID},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  targets TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_agenda_items_meeting ON meeting_agenda_items(meeting_id);
CREATE TABLE meeting_attendance (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES council_members(id) ON DELETE CASCADE,
  present INTEGER NOT NULL,
  UNIQUE (meeting_id, member_id)
);
CREATE TABLE meeting_remarks (
  id {ID},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  speaker_member_id BIGINT REFERENCES council_members(id),
  speaker TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  internal_note TEXT NOT NULL DEFAULT '',
  sample INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_remarks_meeting ON meeting_remarks(meeting_id);
CREATE TABLE opinions (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  round INTEGER NOT NULL,
  source TEXT NOT NULL,
  meeting_id BIGINT REFERENCES meetings(id),
  remark_id BIGINT REFERENCES meeting_remarks(id),
  received_on TEXT NOT NULL,
  kind TEXT NOT NULL,
  targets TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  submitter TEXT NOT NULL DEFAULT '',
  submitter_member_id BIGINT REFERENCES council_members(id),
  assigned_to TEXT NOT NULL DEFAULT '',
  policy TEXT NOT NULL DEFAULT '',
  answer TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT '',
  answered_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  comment_class TEXT NOT NULL DEFAULT '',
  internal_note TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 0,
  sample INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  changed_by TEXT NOT NULL DEFAULT '',
  changed_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX opinions_region ON opinions(region_id, fiscal_year, round)
)SQL"},
    // Which of the two achievement rates grades the region's KPIs (docs/kpi-achievement.md
    // §4a): 'progress' (from the baseline, what every region had before) or 'ratio'.
    {11, "KPI grading method", R"SQL(
ALTER TABLE regions ADD COLUMN kpi_rate_method TEXT NOT NULL DEFAULT 'progress'
)SQL"},
    // The council's year as dated milestones (issue 12, item 6; docs/council.md).
    {13, "council: the year's schedule milestones", R"SQL(
CREATE TABLE schedule_milestones (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  fiscal_year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  planned_on TEXT NOT NULL,
  done_on TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  meeting_id BIGINT REFERENCES meetings(id),
  sample INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  deleted_at TEXT,
  deleted_by TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX schedule_milestones_region ON schedule_milestones(region_id, fiscal_year, planned_on)
)SQL"},
    // In-app notices and reminders, read marks, the e-mail queue, users' e-mail addresses
    // (issue 12 item 6, issue 11 "Rounds"); the subcommittee workspace: threads, posts,
    // viewpoint assessments, revision proposals (issue 12 item 5). ADR 0014.
    {14, "notices, read marks, mail outbox, user e-mail, subcommittee workspace", R"SQL(
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
CREATE TABLE notices (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  to_login TEXT NOT NULL DEFAULT '',
  to_role TEXT NOT NULL DEFAULT '',
  to_municipality TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  source_type TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX notices_region ON notices(region_id, id);
CREATE INDEX notices_login ON notices(to_login, id);
CREATE INDEX notices_source ON notices(source_type, source_id);
CREATE TABLE notice_reads (
  notice_id BIGINT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  login TEXT NOT NULL,
  read_at TEXT NOT NULL,
  UNIQUE (notice_id, login)
);
CREATE TABLE mail_outbox (
  id {ID},
  notice_id BIGINT REFERENCES notices(id) ON DELETE CASCADE,
  region_slug TEXT NOT NULL DEFAULT '',
  to_login TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox(status, next_attempt_at);
CREATE TABLE subcommittee_threads (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  field_id BIGINT NOT NULL,
  target TEXT NOT NULL,
  title TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX subcommittee_threads_field ON subcommittee_threads(region_id, field_id);
CREATE TABLE subcommittee_posts (
  id {ID},
  thread_id BIGINT NOT NULL REFERENCES subcommittee_threads(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  author TEXT NOT NULL,
  author_town TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX subcommittee_posts_thread ON subcommittee_posts(thread_id);
CREATE TABLE viewpoint_assessments (
  category_id BIGINT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  municipality_code TEXT NOT NULL,
  viewpoint INTEGER NOT NULL,
  score INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  changed_by TEXT NOT NULL DEFAULT '',
  changed_at TEXT NOT NULL DEFAULT '',
  UNIQUE (category_id, fiscal_year, municipality_code, viewpoint)
);
CREATE TABLE revision_proposals (
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  category_id BIGINT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  marked_by TEXT NOT NULL DEFAULT '',
  marked_at TEXT NOT NULL DEFAULT '',
  UNIQUE (category_id, fiscal_year)
)
)SQL"},
    // A password set by someone else (a reset by the secretariat or an administrator) is a
    // one-time temporary password: its user must choose a new one at the next sign-in
    // (ADR 0015).
    {15, "temporary passwords", R"SQL(
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
)SQL"},
    // Editions of the vision and the draft revision (issue 13, ADR 0016): each row holds the
    // canonical dataset text of the whole region as that edition decided it (or as the
    // draft stands). Published rows are never changed; a region has at most one draft
    // (number NULL), kept by the use case.
    {16, "editions of the vision and the draft revision", R"SQL(
CREATE TABLE plan_editions (
  id {ID},
  region_id BIGINT NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  number INTEGER,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  decided_on TEXT NOT NULL DEFAULT '',
  from_fiscal_year INTEGER NOT NULL,
  reasons TEXT NOT NULL DEFAULT '[]',
  changes TEXT NOT NULL DEFAULT '[]',
  opinion_ids TEXT NOT NULL DEFAULT '[]',
  dataset TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  published_by TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX plan_editions_number ON plan_editions(region_id, number)
)SQL"},
    // The edition an opinion set to 反映済 was reflected in (issue 13): its number.
    {17, "opinions name the edition that reflects them", R"SQL(
ALTER TABLE opinions ADD COLUMN reflected_edition INTEGER
)SQL"},
    // A meeting's materials (issue 12 item 2, ADR 0018): uploaded files with their 資料番号,
    // title, kind (次第, 資料, 参考資料, 議事録) and public flag. The bytes are base64 text like
    // evidence files; a deleted material is marked (ADR 0005) and its bytes kept.
    {18, "council: meeting materials", R"SQL(
CREATE TABLE meeting_materials (
  id {ID},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  number TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  is_public INTEGER NOT NULL DEFAULT 0,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_base64 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  deleted_at TEXT,
  deleted_by TEXT
);
CREATE INDEX meeting_materials_meeting ON meeting_materials(meeting_id)
)SQL"},
    // A material's title, 資料番号, kind and public flag can be corrected after the upload
    // (issue 12): its version for If-Match (ADR 0018).
    {19, "council: meeting materials are versioned", R"SQL(
ALTER TABLE meeting_materials ADD COLUMN version INTEGER NOT NULL DEFAULT 1
)SQL"},
    // Issue 12 item 7 (ADR 0018 amended): published opinions, meeting titles, agenda items,
    // materials and the subcommittee workspace's threads and posts are searchable. A hit
    // names the record whose page shows it (page_id: the meeting, the field); the documents
    // are filled once for the regions already stored.
    {20, "search: the council's meetings, materials and workspace", R"SQL(
ALTER TABLE search_documents ADD COLUMN page_id BIGINT NOT NULL DEFAULT 0
)SQL",
     nullptr, nullptr, true},
};

std::string identity(Engine engine) {
  return engine == Engine::kSqlite ? "INTEGER PRIMARY KEY"
                                   : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
}

std::string now_utc() {
  return fmt::format(
      "{:%FT%TZ}",
      fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

}  // namespace

int latest_schema_version() {
  int latest = 0;
  for (const auto& m : kMigrations) latest = std::max(latest, m.version);
  return latest;
}

MigrationStatus migrate(Database& db) {
  MigrationStatus status;
  db.with_session([&](soci::session& sql) {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    for (const auto& m : kMigrations) {
      soci::transaction tr(sql);
      // Two processes migrating at once: the second waits, then sees the work done.
      db.lock_write_gate(sql);
      int count = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version),
          soci::into(count);
      if (count > 0) {
        status.from_version = m.version;
        tr.commit();
        continue;
      }
      std::string text = m.sql;
      if (m.sqlite_only != nullptr && db.engine() == Engine::kSqlite) {
        text += std::string(";\n") + m.sqlite_only;
      }
      if (m.postgres_only != nullptr && db.engine() == Engine::kPostgres) {
        text += std::string(";\n") + m.postgres_only;
      }
      const std::string id = identity(db.engine());
      for (auto pos = text.find("{ID}"); pos != std::string::npos; pos = text.find("{ID}", pos)) {
        text.replace(pos, 4, id);
      }
      std::size_t start = 0;
      while (start < text.size()) {
        auto end = text.find(";\n", start);
        if (end == std::string::npos) end = text.size();
        const std::string stmt = text.substr(start, end - start);
        if (stmt.find_first_not_of(" \n\t") != std::string::npos) sql << stmt;
        start = end + 2;
      }
      // A chain written before the audit key existed is sealed as it stands (ADR 0008).
      if (m.version == 7) seal_existing_chain(sql);
      const std::string name = m.name;
      const std::string at = now_utc();
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
          soci::use(m.version), soci::use(name), soci::use(at);
      tr.commit();
      status.applied.push_back(name);
    }
  });
  status.to_version = latest_schema_version();
  // A database that already held regions gets its search index filled once after a
  // migration that changes what is indexed.
  const bool refill =
      std::any_of(std::begin(kMigrations), std::end(kMigrations), [&](const auto& m) {
        return m.refills_search && std::find(status.applied.begin(), status.applied.end(),
                                             m.name) != status.applied.end();
      });
  if (refill) {
    db.write([&](soci::session& sql) { SearchIndex(db).rebuild_all(sql); });
  }
  return status;
}

}  // namespace kyosei::storage
