#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "http/message.h"
#include "http/schema.h"
#include "nlohmann/json.hpp"

namespace paved::http {

enum class FieldType { kString, kBool, kInteger, kObject, kArray };

// One field of a JSON request body. The same list validates requests and describes them in
// the OpenAPI document, so the two cannot drift apart.
struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  std::string description;
  std::vector<std::string> one_of;  // allowed values of a string field, when non-empty
  size_t max_length = 0;            // most bytes of a string field's value; 0 = no bound
  // What the value must match beyond its type: an array's items, an object's values, or the
  // alternatives of a field that takes more than one type (then `type` is the one ParseBody
  // sees after the handler's own reading). Documented in OpenAPI instead of the bare type.
  std::optional<Schema> shape;
};
using BodySchema = std::vector<FieldSpec>;

// Parses a JSON object body and checks it against `schema`: malformed JSON → invalid_json (400),
// not an object, wrong type, value outside one_of → invalid_field, absent required field →
// missing_field, a field not in the schema → unknown_field, a value not matching its `shape` →
// invalid_field. Errors name the field.
absl::StatusOr<nlohmann::json> ParseBody(const Request& req, const BodySchema& schema);

// Lowercase DNS-1123 label (what Kubernetes accepts for a namespace): 1-63 chars.
bool IsDnsLabel(const std::string& s);
absl::Status CheckSlug(const std::string& field, const std::string& value);

struct PageRequest {
  int limit = 50;
  std::string cursor;
};
// Reads ?limit= (1..500, default 50) and ?cursor=. Bad limit → invalid_field "limit".
absl::StatusOr<PageRequest> ParsePage(const Request& req);
// Reads the version number ?`name`= (1, 2, ...); absent or anything else → invalid_field `name`.
absl::StatusOr<int64_t> VersionQuery(const Request& req, const std::string& name);

// A window of days from ?from= and ?to= (YYYY-MM-DD, inclusive). `to` defaults to `today`,
// `from` to default_from(to). invalid_field for a bad day, from after to, or more than
// `max_days` days.
struct DayWindow {
  std::string from, to;
};
absl::StatusOr<DayWindow> DayWindowQuery(
    const Request& req, const std::string& today,
    const std::function<std::string(const std::string& to)>& default_from, int max_days);

Response JsonResponse(int status, const nlohmann::json& body);
// {"items": items, "next_cursor": cursor or null}
Response PageResponse(nlohmann::json items, const std::string& next_cursor);
Response NoContent();

nlohmann::json SchemaToOpenApi(const BodySchema& schema);

}  // namespace paved::http
