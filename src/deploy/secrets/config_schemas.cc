#include "deploy/secrets/config_schemas.h"

#include <utility>
#include <vector>

namespace paved::deploy {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

Schema KeyChangesSchema() {
  return Named("KeyChanges", Object({{"added", Array(String())},
                                     {"removed", Array(String())},
                                     {"changed", Array(String())}}));
}

std::vector<Property> ConfigVersionProperties() {
  return {{"project", String()},           {"environment", String()}, {"set", String()},
          {"version", Integer()},          {"data", Map(String())},   {"files", Map(String())},
          {"changes", KeyChangesSchema()}, {"author", String()},      {"message", String()},
          {"created_at", String()}};
}

}  // namespace

Schema ConfigVersionSchema() { return Named("ConfigVersion", Object(ConfigVersionProperties())); }

Schema ConfigWriteSchema() {
  std::vector<Property> props = ConfigVersionProperties();
  props.emplace_back("warnings", Array(String()));
  return Named("ConfigWrite", Object(std::move(props)));
}

Schema ConfigHistorySchema() {
  return PageOf(Named("ConfigHistoryEntry", Object({{"version", Integer()},
                                                    {"author", String()},
                                                    {"message", String()},
                                                    {"created_at", String()},
                                                    {"changes", KeyChangesSchema()}})));
}

Schema ConfigDiffSchema() {
  Schema key = Named("ConfigKeyDiff", Object({{"key", String()},
                                              {"change", Enum({"added", "removed", "changed"})},
                                              {"from", Nullable(String())},
                                              {"to", Nullable(String())}}));
  return Named("ConfigDiff",
               Object({{"from", Integer()}, {"to", Integer()}, {"changes", Array(key)}}));
}

Schema ConfigSetsSchema() {
  return PageOf(Named("ConfigSetInfo", Object({{"set", String()},
                                               {"version", Integer()},
                                               {"author", String()},
                                               {"updated_at", String()}})));
}

Schema SecretInfoSchema() {
  return Named("SecretInfo", Object({{"project", String()},
                                     {"environment", String()},
                                     {"name", String()},
                                     {"version", Integer()},
                                     {"author", String()},
                                     {"message", String()},
                                     {"changed", Boolean()},
                                     {"key_id", String()},
                                     {"created_at", String()}}));
}

Schema SecretPageSchema() { return PageOf(SecretInfoSchema()); }

}  // namespace paved::deploy
