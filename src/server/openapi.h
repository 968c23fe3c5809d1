// GET /api/v1/openapi.json: the OpenAPI 3 description of every route, generated from
// the route table (routes.h), so the document and the server cannot drift apart.
// Each operation carries `x-northstar-role`, the least role it needs, which the API
// tests read to call every route with no token, a too-low role and the right one.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace northstar::server {

nlohmann::json OpenApiDocument();

}  // namespace northstar::server
