#pragma once
// Messages of the audit trail's use cases (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/audit/messages.yaml, compiled into this header.
#include "kyosei/messages/audit.hpp"
