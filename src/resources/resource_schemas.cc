#include "resources/resource_schemas.h"

namespace paved::resources {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

// How to reach a ready resource; secret variables are named, never valued.
Schema ConnectionSchema() {
  Schema var = Named(
      "ConnectionVariable",
      Object({{"name", String()}, {"value", Optional(String())}, {"secret", Optional(Boolean())}}));
  return Named("Connection", Object({{"host", Optional(String())},
                                     {"port", Optional(Integer())},
                                     {"url", Optional(String())},
                                     {"env", Array(var)},
                                     {"command", Optional(String())}}));
}

std::vector<Property> ResourceProperties() {
  Schema sourced =
      Named("SourcedValue",
            Object({{"value", Any()}, {"source", Enum({"team", "standard", "imported"})}}));
  return {{"id", String()},
          {"project", String()},
          {"owner_team", String()},
          {"name", String()},
          {"kind", Enum({"redis", "static-site", "dynamodb"})},
          {"environment", String()},
          {"account", String()},
          {"provider", String()},
          {"spec", Map(Any())},
          {"effective", Map(sourced)},
          {"status",
           Enum({"creating", "ready", "updating", "undoing", "failed", "deleting", "deleted"})},
          {"status_detail", String()},
          {"outputs", Map(Any())},
          {"connection", Nullable(ConnectionSchema())},
          {"deletion_protection", Boolean()},
          {"imported", Boolean()},
          {"created_by", String()},
          {"created_at", String()},
          {"updated_at", String()}};
}

}  // namespace

Schema ResourceSchema() { return Named("Resource", Object(ResourceProperties())); }

Schema CreatedResourceSchema() {
  std::vector<Property> props = ResourceProperties();
  props.emplace_back("auth_token", Optional(String()));
  return Named("CreatedResource", Object(std::move(props)));
}

Schema ResourcePageSchema() { return PageOf(ResourceSchema()); }

Schema ResourceDetailSchema() {
  Schema entry = Named("JournalEntry", Object({{"seq", Integer()},
                                               {"saga", String()},
                                               {"step", String()},
                                               {"event", String()},
                                               {"provider_id", String()},
                                               {"idempotency_key", String()},
                                               {"detail", String()},
                                               {"at", String()}}));
  std::vector<Property> props = ResourceProperties();
  props.emplace_back("journal", Array(entry));
  props.emplace_back("live", Map(Any()));
  return Named("ResourceDetail", Object(std::move(props)));
}

Schema ResourceProfileSchema() {
  return Named("ResourceProfile", Object({{"account", String()},
                                          {"environment", String()},
                                          {"provider", Enum({"local", "aws"})},
                                          {"region", String()},
                                          {"defaults", Map(Map(Any()))},
                                          {"overridable", Array(String())},
                                          {"prices", Map(Map(Number()))},
                                          {"updated_by", String()},
                                          {"updated_at", Integer()}}));
}

Schema ResourceProfileListSchema() { return Object({{"items", Array(ResourceProfileSchema())}}); }

Schema SiteFileSchema() {
  return Named("SiteFile", Object({{"path", String()},
                                   {"size", Integer()},
                                   {"sha256", String()},
                                   {"etag", String()},
                                   {"modified", String()}}));
}

Schema SiteFileListSchema() {
  return Object({{"items", Array(SiteFileSchema())},
                 {"total_bytes", Integer()},
                 {"url", Nullable(String())}});
}

}  // namespace paved::resources
