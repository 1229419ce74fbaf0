#pragma once
// Message catalogues: every text a user or operator reads — errors, field problems, CLI
// output — is a keyed entry with its Japanese and English side by side, kept in one
// catalogue per feature (`core/plan/messages.hpp`, `app/progress/messages.hpp`, …), so
// that wording is reviewed in one place and one thing is always called by one name.
//
// A catalogue is an X-macro list of (key, Japanese, English); KYOSEI_MESSAGES defines one
// constant per entry in namespace `kyosei::msg::<feature>` and an array `all` of them:
//
//   #define KYOSEI_PLAN_MESSAGES(X)
//     X(region_not_found, "圏域「{}」はありません", "there is no region '{}'")
//   (one entry per line, each line but the last ending in a backslash)
//   KYOSEI_MESSAGES(plan, KYOSEI_PLAN_MESSAGES)
//   … msg::plan::region_not_found.ja(slug) …
//
// `{}` marks an argument, filled in order; both languages take the same arguments. The
// catalogue test (tests/messages_test.cpp) checks that every key
// has both texts with the same number of arguments and that every key is used somewhere.
// Pure, constexpr data; thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>

namespace kyosei {

// Fills each `{}` in `pattern` with the next argument; extra `{}` stay as they are.
inline std::string fill_message(std::string_view pattern,
                                std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  auto arg = args.begin();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && arg != args.end()) {
      out.append(*arg++);
      ++i;
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}

struct Message {
  std::string_view feature;  // the catalogue: "plan", "progress", …
  std::string_view name;     // the key within it
  std::string_view ja_pattern;
  std::string_view en_pattern;

  template <typename... A>
  std::string ja(const A&... args) const {
    return fill_message(ja_pattern, {std::string_view(args)...});
  }
  template <typename... A>
  std::string en(const A&... args) const {
    return fill_message(en_pattern, {std::string_view(args)...});
  }
};

}  // namespace kyosei

#define KYOSEI_MESSAGE_DEFINE_(name, ja_text, en_text) \
  inline constexpr ::kyosei::Message name{kFeature_, #name, ja_text, en_text};
#define KYOSEI_MESSAGE_LIST_(name, ja_text, en_text) name,
#define KYOSEI_MESSAGE_FEATURE_(feature) #feature

// Defines the catalogue `LIST` (an X-macro) as kyosei::msg::<feature>.
#define KYOSEI_MESSAGES(feature, LIST)                                            \
  namespace kyosei::msg::feature {                                                \
  inline constexpr std::string_view kFeature_ = KYOSEI_MESSAGE_FEATURE_(feature); \
  LIST(KYOSEI_MESSAGE_DEFINE_)                                                    \
  inline constexpr ::kyosei::Message all[] = {LIST(KYOSEI_MESSAGE_LIST_)};        \
  }
