#include "auth/auth_schemas.h"

namespace paved::auth {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

std::vector<Property> UserProperties() {
  return {{"login", String()},
          {"role", Enum({"viewer", "developer", "sre", "admin"})},
          {"disabled", Boolean()},
          {"teams", Array(String())},
          {"created_at", String()}};
}

std::vector<Property> ApiTokenProperties() {
  return {{"id", String()},
          {"name", String()},
          {"created_at", String()},
          {"last_used_at", Nullable(String())},
          {"revoked_at", Nullable(String())}};
}

}  // namespace

Schema UserSchema() { return Named("User", Object(UserProperties())); }

Schema UserPageSchema() { return PageOf(UserSchema()); }

Schema MeSchema() {
  std::vector<Property> props = UserProperties();
  props.emplace_back("csrf_token", Optional(String()));
  return Named("Me", Object(std::move(props)));
}

Schema LoginSchema() { return Object({{"user", UserSchema()}, {"csrf_token", String()}}); }

Schema ApiTokenPageSchema() { return PageOf(Named("ApiToken", Object(ApiTokenProperties()))); }

Schema CreatedApiTokenSchema() {
  std::vector<Property> props = ApiTokenProperties();
  props.emplace_back("token", String());
  return Named("CreatedApiToken", Object(std::move(props)));
}

}  // namespace paved::auth
