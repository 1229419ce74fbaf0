#pragma once
// Messages of the KPI rules: problems of KPI definitions, actuals and grade bands (see
// core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: core/kpi/messages.yaml, compiled into this header.
#include "kyosei/messages/kpi_rules.hpp"
