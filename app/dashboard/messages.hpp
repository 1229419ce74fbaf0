#pragma once
// Texts of the dashboard read model (see core/common/message.hpp). The dashboard shows
// the Japanese text; the English one is for the catalogue's reviewers and future use.

#include "core/common/message.hpp"

// The texts: app/dashboard/messages.yaml, compiled into this header.
#include "kyosei/messages/dashboard.hpp"
