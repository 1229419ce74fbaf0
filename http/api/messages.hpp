#pragma once
// Messages of the HTTP API's own checks: query parameters, request bodies, the region slug
// in the path, CSRF (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: http/api/messages.yaml, compiled into this header.
#include "kyosei/messages/api.hpp"
