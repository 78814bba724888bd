#include "deploy/runtime/kubernetes/fake_apiserver.h"

#include <gtest/gtest.h>

namespace paved::deploy::runtime::kubernetes::testing {
namespace {

using nlohmann::json;

http::Request Apply(const std::string& target, const json& body,
                    const std::string& content_type = "application/apply-patch+yaml") {
  http::Request r = http::MakeRequest("PATCH", target, body.dump());
  r.headers["Authorization"] = "Bearer t";
  r.headers["Content-Type"] = content_type;
  return r;
}

json Namespace() {
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "chat"}}}};
}

TEST(FakeApiServerTest, ApplyValidatesLikeTheApiServer) {
  FakeApiServer server("t");
  http::Request no_auth = http::MakeRequest("GET", "/api/v1/namespaces");
  EXPECT_EQ(server.Handle(no_auth).status, 401);
  EXPECT_EQ(json::parse(server.Handle(no_auth).body)["kind"], "Status");
  EXPECT_EQ(server
                .Handle(Apply("/api/v1/namespaces/chat?fieldManager=p", Namespace(),
                              "application/merge-patch+json"))
                .status,
            415);
  EXPECT_EQ(server.Handle(Apply("/api/v1/namespaces/chat", Namespace())).status, 422);
  json nameless = Namespace();
  nameless["metadata"].erase("name");
  http::Response invalid = server.Handle(Apply("/api/v1/namespaces/chat?fieldManager=p", nameless));
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(json::parse(invalid.body)["reason"], "Invalid");
  json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}};
  EXPECT_EQ(server.Handle(Apply("/api/v1/namespaces/chat/configmaps/c?fieldManager=p", cm)).status,
            404);  // namespace missing
  EXPECT_EQ(server.Handle(Apply("/api/v1/namespaces/chat?fieldManager=p", Namespace())).status,
            201);
  EXPECT_EQ(server.Handle(Apply("/api/v1/namespaces/chat/configmaps/x?fieldManager=p", cm)).status,
            400);  // name differs from the URL
  http::Response created =
      server.Handle(Apply("/api/v1/namespaces/chat/configmaps/c?fieldManager=p", cm));
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(json::parse(created.body)["metadata"]["namespace"], "chat");
  http::Response updated =
      server.Handle(Apply("/api/v1/namespaces/chat/configmaps/c?fieldManager=p", cm));
  EXPECT_EQ(updated.status, 200);
  EXPECT_EQ(json::parse(updated.body)["metadata"]["uid"],
            json::parse(created.body)["metadata"]["uid"]);
  EXPECT_NE(json::parse(updated.body)["metadata"]["resourceVersion"],
            json::parse(created.body)["metadata"]["resourceVersion"]);
  http::Request del = http::MakeRequest("DELETE", "/api/v1/namespaces/chat/configmaps/c");
  del.headers["Authorization"] = "Bearer t";
  http::Response deleted = server.Handle(del);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(json::parse(deleted.body)["status"], "Success");
  EXPECT_EQ(server.Handle(del).status, 404);
}

TEST(FakeApiServerTest, ListFiltersByEqualitySelectors) {
  FakeApiServer server("t");
  server.Put("/api/v1/namespaces/chat/pods",
             {{"metadata", {{"name", "a"}, {"labels", {{"app", "web"}, {"tier", "1"}}}}}});
  server.Put("/api/v1/namespaces/chat/pods",
             {{"metadata", {{"name", "b"}, {"labels", {{"app", "api"}}}}}});
  auto names = [&](const std::string& query) {
    http::Request r = http::MakeRequest("GET", "/api/v1/namespaces/chat/pods" + query);
    r.headers["Authorization"] = "Bearer t";
    std::vector<std::string> out;
    const json list = json::parse(server.Handle(r).body);
    for (const json& item : list["items"]) {
      out.push_back(item["metadata"]["name"]);
    }
    return out;
  };
  EXPECT_EQ(names(""), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(names("?labelSelector=app%3Dweb"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(names("?labelSelector=app%3D%3Dweb,tier"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(names("?labelSelector=app!%3Dweb"), (std::vector<std::string>{"b"}));
  EXPECT_EQ(names("?labelSelector=!tier"), (std::vector<std::string>{"b"}));
}

}  // namespace
}  // namespace paved::deploy::runtime::kubernetes::testing
