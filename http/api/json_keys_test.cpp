#include "http/api/json_keys.hpp"

#include <gtest/gtest.h>

namespace kyosei::http {
namespace {

TEST(DuplicateJsonKey, NoneInOrdinaryBodies) {
  EXPECT_EQ(duplicate_json_key(R"({"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]})"), std::nullopt);
  EXPECT_EQ(duplicate_json_key("[]"), std::nullopt);
  EXPECT_EQ(duplicate_json_key(R"({"a":)"), std::nullopt);  // malformed: the parser says so
}

TEST(DuplicateJsonKey, NamesTheFirstDuplicateAsAPointer) {
  EXPECT_EQ(duplicate_json_key(R"({"status":"done","status":"planned"})"), "/status");
  EXPECT_EQ(duplicate_json_key(R"({"x":[1,{"k":1,"k":2}]})"), "/x/1/k");
  EXPECT_EQ(duplicate_json_key(R"({"a/b":{"~":1,"~":2}})"), "/a~1b/~0");
  // Keys compare as decoded text: an escape does not make a different key.
  EXPECT_EQ(duplicate_json_key(R"({"a":1,"\u0061":2})"), "/a");
}

}  // namespace
}  // namespace kyosei::http
