#include "http/api/json_keys.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <set>
#include <vector>

namespace kyosei::http {
namespace {

namespace json = boost::json;

// A basic_parser handler that only remembers the keys of each open object.
struct KeyHandler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  struct Level {
    bool object = false;
    std::set<std::string> keys;
    std::string path;       // JSON pointer of this container
    std::size_t index = 0;  // next array element
  };
  std::vector<Level> stack;
  std::string key;
  std::string last_key;  // the key whose value comes next (objects)
  std::optional<std::string> duplicate;

  // A key as a JSON pointer segment (RFC 6901: "~" → "~0", "/" → "~1").
  static std::string segment(const std::string& k) {
    std::string out;
    for (char c : k)
      out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
  }
  std::string child_path() {
    if (stack.empty()) return "";
    Level& top = stack.back();
    if (top.object) return top.path + "/" + segment(last_key);
    return top.path + "/" + std::to_string(top.index++);
  }
  void open(bool object) {
    Level level;
    level.object = object;
    level.path = child_path();
    stack.push_back(std::move(level));
  }
  void value() {
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
  }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    open(true);
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    stack.pop_back();
    return true;
  }
  bool on_array_begin(json::error_code&) {
    open(false);
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) {
    stack.pop_back();
    return true;
  }
  bool on_key_part(std::string_view s, std::size_t, json::error_code&) {
    key.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, json::error_code& ec) {
    key.append(s);
    Level& top = stack.back();
    if (!top.keys.insert(key).second && !duplicate) {
      duplicate = top.path + "/" + segment(key);
      ec = json::error::extra_data;  // stop here: the answer is known
      key.clear();
      return false;
    }
    last_key = std::move(key);
    key.clear();
    return true;
  }
  bool on_string_part(std::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(std::string_view, std::size_t, json::error_code&) {
    value();
    return true;
  }
  bool on_number_part(std::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, json::error_code&) {
    value();
    return true;
  }
  bool on_uint64(std::uint64_t, std::string_view, json::error_code&) {
    value();
    return true;
  }
  bool on_double(double, std::string_view, json::error_code&) {
    value();
    return true;
  }
  bool on_bool(bool, json::error_code&) {
    value();
    return true;
  }
  bool on_null(json::error_code&) {
    value();
    return true;
  }
  bool on_comment_part(std::string_view, json::error_code&) { return true; }
  bool on_comment(std::string_view, json::error_code&) { return true; }
};

}  // namespace

std::optional<std::string> duplicate_json_key(std::string_view text, std::size_t max_depth) {
  json::parse_options opts;
  opts.max_depth = max_depth;
  json::basic_parser<KeyHandler> parser(opts);
  json::error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  return parser.handler().duplicate;
}

}  // namespace kyosei::http
