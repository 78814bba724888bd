#include "http/json_body.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/days.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::http {
namespace {

bool HasType(const nlohmann::json& v, FieldType t) {
  switch (t) {
    case FieldType::kString:
      return v.is_string();
    case FieldType::kBool:
      return v.is_boolean();
    case FieldType::kInteger:
      return v.is_number_integer();
    case FieldType::kObject:
      return v.is_object();
    case FieldType::kArray:
      return v.is_array();
  }
  return false;
}

const char* TypeName(FieldType t) {
  switch (t) {
    case FieldType::kString:
      return "string";
    case FieldType::kBool:
      return "boolean";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kObject:
      return "object";
    case FieldType::kArray:
      return "array";
  }
  return "value";
}

absl::Status CheckField(const FieldSpec& f, const nlohmann::json& v) {
  if (!HasType(v, f.type)) {
    return InvalidField(f.name, f.name + " must be a " + TypeName(f.type));
  }
  if (!f.one_of.empty() &&
      std::find(f.one_of.begin(), f.one_of.end(), v.get<std::string>()) == f.one_of.end()) {
    return InvalidField(f.name, f.name + " must be one of: " + absl::StrJoin(f.one_of, ", "));
  }
  if (f.max_length > 0 && v.is_string() && v.get_ref<const std::string&>().size() > f.max_length) {
    return InvalidField(f.name,
                        absl::StrCat(f.name, " must be at most ", f.max_length, " bytes long"));
  }
  if (f.shape) {
    absl::Status valid = ValidateJson(f.shape->json, v);
    if (!valid.ok()) {
      // "$[1]: expected string, got number" → "clusters[1]: expected string, got number"
      return InvalidField(f.name, f.name + std::string(valid.message()).substr(1));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<nlohmann::json> ParseBody(const Request& req, const BodySchema& schema) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return ApiError(absl::StatusCode::kInvalidArgument, "invalid_json",
                    "request body is not valid JSON");
  }
  if (!body.is_object()) {
    return ApiError(absl::StatusCode::kInvalidArgument, "invalid_json",
                    "request body must be a JSON object");
  }
  std::set<std::string> known;
  for (const FieldSpec& f : schema) {
    known.insert(f.name);
    auto it = body.find(f.name);
    if (it == body.end() || it->is_null()) {
      if (f.required) return MissingField(f.name);
      continue;
    }
    if (absl::Status s = CheckField(f, *it); !s.ok()) return s;
  }
  for (const auto& [key, value] : body.items()) {
    if (!known.count(key)) {
      return ApiError(absl::StatusCode::kInvalidArgument, "unknown_field", "unknown field " + key,
                      key);
    }
  }
  return body;
}

bool IsDnsLabel(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  if (!std::all_of(s.begin(), s.end(), ok)) return false;
  return s.front() != '-' && s.back() != '-';
}

absl::Status CheckSlug(const std::string& field, const std::string& value) {
  if (IsDnsLabel(value)) return absl::OkStatus();
  return InvalidField(field, field +
                                 " must be a lowercase DNS label: a-z, 0-9 and '-', starting and "
                                 "ending with a letter or digit, at most 63 characters");
}

absl::StatusOr<int64_t> VersionQuery(const Request& req, const std::string& name) {
  std::optional<std::string> raw = req.QueryParam(name);
  int64_t v = 0;
  if (!raw || !absl::SimpleAtoi(*raw, &v) || v < 1) {
    return InvalidField(name, name + " must be a version number (1, 2, ...)");
  }
  return v;
}

namespace {

absl::StatusOr<std::string> DayQuery(const Request& req, const std::string& name,
                                     const std::string& fallback) {
  std::string text = req.QueryParam(name).value_or("");
  if (text.empty()) return fallback;
  if (!ParseDay(text)) return InvalidField(name, name + " must be a day, YYYY-MM-DD");
  return text;
}

}  // namespace

absl::StatusOr<DayWindow> DayWindowQuery(
    const Request& req, const std::string& today,
    const std::function<std::string(const std::string& to)>& default_from, int max_days) {
  DayWindow w;
  ASSIGN_OR_RETURN(w.to, DayQuery(req, "to", today));
  ASSIGN_OR_RETURN(w.from, DayQuery(req, "from", default_from(w.to)));
  if (w.from > w.to) return InvalidField("from", "from must not be after to");
  if (DaysBetween(w.from, w.to) > max_days) {
    return InvalidField("from", absl::StrCat("at most ", max_days, " days at a time"));
  }
  return w;
}

absl::StatusOr<PageRequest> ParsePage(const Request& req) {
  PageRequest page;
  if (auto limit = req.QueryParam("limit")) {
    if (!absl::SimpleAtoi(*limit, &page.limit) || page.limit < 1 || page.limit > 500) {
      return InvalidField("limit", "limit must be an integer from 1 to 500");
    }
  }
  if (auto cursor = req.QueryParam("cursor")) page.cursor = *cursor;
  return page;
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.SetHeader("Content-Type", "application/json");
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response PageResponse(nlohmann::json items, const std::string& next_cursor) {
  nlohmann::json next = next_cursor.empty() ? nlohmann::json(nullptr) : nlohmann::json(next_cursor);
  return JsonResponse(200, {{"items", std::move(items)}, {"next_cursor", next}});
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

nlohmann::json SchemaToOpenApi(const BodySchema& schema) {
  nlohmann::json props = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const FieldSpec& f : schema) {
    nlohmann::json p = f.shape ? f.shape->json : nlohmann::json{{"type", TypeName(f.type)}};
    if (!f.description.empty()) p["description"] = f.description;
    if (!f.one_of.empty()) p["enum"] = f.one_of;
    if (f.max_length > 0) p["maxLength"] = f.max_length;
    props[f.name] = p;
    if (f.required) required.push_back(f.name);
  }
  nlohmann::json out = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  return out;
}

}  // namespace paved::http
