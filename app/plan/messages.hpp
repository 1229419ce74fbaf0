#pragma once
// Messages of the plan use cases: the editing API and the vision queries
// (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/plan/messages.yaml, compiled into this header.
#include "kyosei/messages/plan.hpp"
