#pragma once
// Messages of the region's validation rules (core/plan/validation.cpp; see
// core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: core/plan/messages.yaml, compiled into this header.
#include "kyosei/messages/plan_rules.hpp"
