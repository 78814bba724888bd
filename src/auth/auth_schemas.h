#pragma once

#include "http/schema.h"

namespace paved::auth {

// The JSON bodies the auth API answers with.

http::Schema UserSchema();             // UserToJson: POST/PATCH /users answers, list items
http::Schema UserPageSchema();         // GET /users
http::Schema MeSchema();               // GET /me: the user, with "csrf_token" for a browser session
http::Schema LoginSchema();            // POST /auth/login: {"user", "csrf_token"}
http::Schema ApiTokenPageSchema();     // GET /tokens
http::Schema CreatedApiTokenSchema();  // POST /tokens: the token record and its secret, once

}  // namespace paved::auth
