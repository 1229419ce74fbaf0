#pragma once
// Messages of the council's use cases: the register, meetings, remarks, opinions and the
// sample data (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/council/messages.yaml, compiled into this header.
#include "kyosei/messages/council.hpp"
