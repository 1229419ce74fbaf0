#pragma once
// Messages of the notices: reminders, their validation, e-mail (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/notice/messages.yaml, compiled into this header.
#include "kyosei/messages/notice.hpp"
