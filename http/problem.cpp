#include "http/problem.hpp"

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
      return {404, "region-not-found", "地域が見つかりません", "Region not found"};
    case Errc::kNotFound: return {404, "not-found", "見つかりません", "Not found"};
    case Errc::kMethodNotAllowed:
      return {405, "method-not-allowed", "このメソッドは使用できません", "Method not allowed"};
    case Errc::kPayloadTooLarge:
      return {413, "payload-too-large", "送信データが大きすぎます", "Payload too large"};
    case Errc::kValidationFailed:
      return {422, "validation-failed", "入力内容に誤りがあります", "Validation failed"};
    case Errc::kConflict: return {409, "conflict", "他の変更と競合しました", "Conflict"};
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

Response to_response(unsigned status, const boost::json::object& obj) {
  Response res;
  res.status = status;
  res.content_type = std::string(kProblemContentType);
  res.body = boost::json::serialize(obj);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace

Response problem_response(const ProblemType& type, std::string_view detail_ja,
                          std::string_view detail_en) {
  return to_response(type.status, problem_object(type, detail_ja, detail_en));
}

Response problem_response(const app::Error& error) {
  const ProblemType type = problem_type(error.code);
  boost::json::object obj = problem_object(type, error.detail_ja, error.detail_en);
  if (!error.fields.empty()) {
    boost::json::array errors;
    errors.reserve(error.fields.size());
    for (const auto& f : error.fields) {
      errors.push_back(boost::json::object{
          {"pointer", f.pointer}, {"message", f.message_ja}, {"message_en", f.message_en}});
    }
    obj["errors"] = std::move(errors);
  }
  return to_response(type.status, obj);
}

}  // namespace kyosei::http
