#pragma once
// Duplicate keys in a JSON text. Boost.JSON keeps the last of two equal keys in an object,
// which would let `{"status":"done","status":"planned"}` mean what the last one says while
// a reviewer reads the first: the API refuses such bodies instead.

#include <optional>
#include <string>
#include <string_view>

namespace kyosei::http {

// The first key that appears twice in one object of `text` (a JSON pointer to the object
// and the key, e.g. "/participants/0/code"), or nullopt. Malformed JSON gives nullopt: the
// parser reports it. `max_depth` bounds the nesting examined.
std::optional<std::string> duplicate_json_key(std::string_view text, std::size_t max_depth = 32);

}  // namespace kyosei::http
