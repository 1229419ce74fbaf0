#include "http/server/problem.hpp"

#include <boost/json.hpp>
#include <string>

namespace kyosei::http {

ProblemType problem_type(app::Errc code) {
  using app::Errc;
  switch (code) {
    case Errc::kBadRequest:
      return {400, "bad-request", "リクエストが正しくありません", "Bad request"};
    case Errc::kInvalidFiscalYear:
      return {400, "invalid-fiscal-year", "年度の指定が正しくありません", "Invalid fiscal year"};
    case Errc::kFiscalYearOutOfRange:
      // 400, not 404: the resource exists, the requested year parameter is outside it.
      return {400, "fiscal-year-out-of-range", "指定された年度は対象期間外です",
              "Fiscal year out of range"};
    case Errc::kRegionNotFound:
      return {404, "region-not-found", "圏域が見つかりません", "Region not found"};
    case Errc::kNotFound: return {404, "not-found", "見つかりません", "Not found"};
    case Errc::kMethodNotAllowed:
      return {405, "method-not-allowed", "このメソッドは使用できません", "Method not allowed"};
    case Errc::kPayloadTooLarge:
      return {413, "payload-too-large", "送信データが大きすぎます", "Payload too large"};
    case Errc::kValidationFailed:
      return {422, "validation-failed", "入力内容に誤りがあります", "Validation failed"};
    case Errc::kConflict: return {409, "conflict", "他の変更と競合しました", "Conflict"};
    case Errc::kUnauthenticated:
      return {401, "unauthenticated", "ログインが必要です", "Sign-in required"};
    case Errc::kSignInFailed:
      return {401, "sign-in-failed", "ログインIDまたはパスワードが違います",
              "Wrong login or password"};
    case Errc::kSecondFactorRequired:
      return {401, "second-factor-required", "確認コード（二要素認証）が必要です",
              "Second factor required"};
    case Errc::kForbidden: return {403, "forbidden", "この操作を行う権限がありません", "Forbidden"};
    case Errc::kCsrfFailed:
      return {403, "csrf-failed", "リクエストの確認に失敗しました（CSRF）", "CSRF check failed"};
    case Errc::kTooManyAttempts:
      return {429, "too-many-attempts", "試行回数が多すぎます。しばらくしてから再度お試しください",
              "Too many attempts"};
    case Errc::kPreconditionFailed:
      return {412, "precondition-failed", "他の人が先に更新しました", "Precondition failed"};
    case Errc::kPreconditionRequired:
      return {428, "precondition-required", "If-Match（版）の指定が必要です",
              "Precondition required"};
    case Errc::kUnsupportedMediaType:
      return {415, "unsupported-media-type", "JSON（application/json）で送信してください",
              "Unsupported media type"};
    case Errc::kLocked:
      return {409, "period-locked", "提出済みまたは確定済みのため変更できません",
              "Locked by the data-collection round"};
    case Errc::kDraftPending:
      return {409, "draft-pending", "改訂案があるため計画を直接変更できません",
              "A draft revision is pending"};
    case Errc::kInternal:
      return {500, "internal", "サーバー内部でエラーが発生しました", "Internal server error"};
  }
  // Unreachable for valid enumerators; a value cast from an out-of-range integer lands here.
  return {500, "internal", "サーバー内部でエラーが発生しました", "Internal server error"};
}

namespace {

boost::json::object problem_object(const ProblemType& type, std::string_view detail_ja,
                                   std::string_view detail_en) {
  boost::json::object obj;
  obj["type"] = "/problems/" + std::string(type.type_slug);
  obj["title"] = type.title_ja;
  obj["title_en"] = type.title_en;
  obj["status"] = type.status;
  obj["detail"] = detail_ja.empty() ? type.title_ja : detail_ja;
  obj["detail_en"] = detail_en.empty() ? type.title_en : detail_en;
  return obj;
}

Response to_response(const ProblemType& type, const boost::json::object& obj) {
  Response res;
  res.status = type.status;
  res.problem = std::string(type.type_slug);
  res.content_type = std::string(kProblemContentType);
  res.body = boost::json::serialize(obj);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace

Response problem_response(const ProblemType& type, std::string_view detail_ja,
                          std::string_view detail_en) {
  return to_response(type, problem_object(type, detail_ja, detail_en));
}

Response problem_response(const app::Error& error) {
  const ProblemType type = problem_type(error.code);
  boost::json::object obj = problem_object(type, error.detail_ja, error.detail_en);
  if (!error.fields.empty()) {
    boost::json::array errors;
    errors.reserve(error.fields.size());
    for (const auto& f : error.fields) {
      boost::json::object o{
          {"pointer", f.pointer}, {"message", f.message_ja}, {"message_en", f.message_en}};
      // A spreadsheet cell ("様式!D7", a workbook import) is also given as sheet and cell.
      if (const auto bang = f.pointer.rfind('!'); bang != std::string::npos && bang > 0) {
        o["sheet"] = f.pointer.substr(0, bang);
        o["cell"] = f.pointer.substr(bang + 1);
      }
      errors.push_back(std::move(o));
    }
    obj["errors"] = std::move(errors);
  }
  if (!error.current_json.empty()) {
    boost::system::error_code ec;
    auto current = boost::json::parse(error.current_json, ec);
    if (!ec) obj["current"] = std::move(current);
  }
  if (!error.members_json.empty()) {
    boost::system::error_code ec;
    auto more = boost::json::parse(error.members_json, ec);
    if (!ec && more.is_object()) {
      for (const auto& m : more.as_object()) obj[m.key()] = m.value();
    }
  }
  Response res = to_response(type, obj);
  if (error.retry_after_seconds > 0) {
    res.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  if (!error.current_etag.empty()) res.headers.emplace_back("ETag", error.current_etag);
  res.audited = error.audited;
  return res;
}

}  // namespace kyosei::http
