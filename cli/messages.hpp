#pragma once
// What the `kyosei` command says (see core/common/message.hpp): its help texts and the
// bilingual lines it prints. Texts only in English — result lines that scripts read
// ("loaded: SLUG", "schema version N", tab-separated lists) and option help such as
// "HOST:PORT" — stay in the command files. Help is shown as `both(m)`, a report or a
// refusal as `ja_en(m, args…)`.

#include <string>

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_CLI_MESSAGES(X)                                                                   \
  X(app_description, "共生ビジョンの進行管理",                                                      \
    "cooperation-plan management for Japanese municipalities")                                 \
  X(db_option, "データベース",                                                                    \
    "database URL: sqlite:PATH or postgresql://user@host:port/db (env KYOSEI_DB)")             \
  X(migrate_help, "スキーマを最新にする", "apply database migrations")                              \
  X(load_help, "データセットを読み込む（1トランザクション）", "load a dataset file in one transaction")   \
  X(replace_help, "同じ圏域を置き換える", "replace a region with the same slug")                     \
  X(dump_help, "圏域をデータセットとして書き出す", "write a region as a dataset file")                  \
  X(check_help, "データセットを検査する（DBは触らない）", "validate a dataset file; no database access") \
  X(serve_help, "APIサーバを起動する", "run the HTTP server")                                      \
  X(web_root_help, "画面のファイル（既定: web/dist があればそれ）",                                     \
    "the web front end's built files (default: web/dist when it exists; \"none\" for the API "  \
    "only)")                                                                                   \
  X(insecure_cookies_help, "Secure なしのクッキー（TLS のない閉域網のみ）",                            \
    "cookies without Secure (plain-HTTP intranets only)")                                      \
  X(audit_help, "監査ログ", "audit trail")                                                        \
  X(audit_verify_help, "ハッシュチェーンを検証する", "verify the hash chain")                        \
  X(user_help, "利用者の管理", "manage users")                                                    \
  X(user_add_help, "利用者を追加（パスワードは標準入力）", "add a user (password on stdin)")            \
  X(user_name_help, "表示名", "display name")                                                    \
  X(user_admin_help, "管理者", "administrator")                                                   \
  X(user_passwd_help, "パスワードを設定（標準入力）", "set the password (stdin)")                     \
  X(user_role_help, "役割を置き換える", "replace the roles")                                       \
  X(user_disable_help, "利用停止", "disable")                                                     \
  X(user_enable_help, "利用再開", "enable")                                                       \
  X(user_list_help, "一覧", "list")                                                              \
  X(demo_users_help, "デモ用の利用者を作る（デモ専用）", "create demo users (demo only)")              \
  X(demo_progress_help, "サンプルの取組状況・評価・照会を入れる（デモ専用）",                            \
    "add sample progress, evaluations and an open round (demo only)")                          \
  X(fiscal_year_help, "年度（西暦）", "fiscal year")                                               \
  X(synth_help, "ベンチマーク用の合成データ（架空）", "synthetic regions for benchmarks (invented data)") \
  X(routes_help, "API の経路と権限の表（Markdown）", "the route and permission table")               \
  X(problem_count, "{} 件の問題", "{} problems")                                                  \
  X(problem_count_one, "{} 件の問題", "{} problem")                                               \
  X(no_problems, "問題なし", "no problems")                                                       \
  X(nothing_loaded, "読み込みませんでした。データベースは変更されていません",                              \
    "nothing loaded; the database is unchanged")                                               \
  X(region_exists, "圏域「{}」は既にあります。置き換えるには --replace",                                \
    "region '{}' exists; use --replace")                                                       \
  X(no_region, "圏域「{}」はありません", "no region '{}'")                                          \
  X(listen_format, "--listen は HOST:PORT で指定してください", "--listen must be HOST:PORT")          \
  X(role_format,                                                                               \
    "--role は REGION:ROLE、REGION:municipality_editor:団体コード、"                                \
    "REGION:subcommittee_member:分野ID[,分野ID…] のいずれかです",                                     \
    "--role must be REGION:ROLE, REGION:municipality_editor:CODE or "                          \
    "REGION:subcommittee_member:FIELD_ID[,FIELD_ID…]")                                         \
  X(demo_users_banner, "デモ専用の利用者（本番では使わないこと）",                                     \
    "DEMO-ONLY users: never use in production")                                                \
  X(sample_loaded, "サンプル（説明用の架空データ）: 取組状況 {} 件、評価、照会 1 件を登録しました",          \
    "sample data, invented for the demo: {} progress records, evaluations and one open round") \
  X(audit_intact, "監査ログは正常です", "audit trail intact")                                       \
  X(audit_broken, "監査ログが改ざんされています: エントリ {}", "audit trail broken at entry {}")
// clang-format on
KYOSEI_MESSAGES(cli, KYOSEI_CLI_MESSAGES)

namespace kyosei::cli {

// "日本語 / English" — help texts. After a closing full-width parenthesis the space before
// the slash is left out: "日本語（…）/ English".
template <typename... A>
std::string both(const Message& m, const A&... args) {
  const std::string ja = m.ja(args...);
  return ja + (ja.ends_with("）") ? "/ " : " / ") + m.en(args...);
}

// "日本語 (English)" — what a command reports or refuses.
template <typename... A>
std::string ja_en(const Message& m, const A&... args) {
  return m.ja(args...) + " (" + m.en(args...) + ")";
}

}  // namespace kyosei::cli
