#pragma once
// Messages of accounts, sessions, the second factor and permissions (see
// core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/access/messages.yaml, compiled into this header.
#include "kyosei/messages/access.hpp"
