#pragma once
// What the `kyosei` command says (see core/common/message.hpp): its help texts and the
// bilingual lines it prints. Texts only in English — result lines that scripts read
// ("loaded: SLUG", "schema version N", tab-separated lists) and option help such as
// "HOST:PORT" — stay in the command files. Help is shown as `both(m)`, a report or a
// refusal as `ja_en(m, args…)`.

#include <string>

#include "core/common/message.hpp"

// The texts: cli/messages.yaml, compiled into this header.
#include "kyosei/messages/cli.hpp"

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
