#include "deploy/runtime/kubernetes/testing/fake_apiserver.h"

#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "http/client.h"

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

TEST(FakeApiServerTest, ListFiltersByFieldSelectors) {
  FakeApiServer server("t");
  server.Put("/api/v1/namespaces/chat/events",
             {{"metadata", {{"name", "e1"}}}, {"involvedObject", {{"name", "web-1"}}}});
  server.Put("/api/v1/namespaces/chat/events",
             {{"metadata", {{"name", "e2"}}}, {"involvedObject", {{"name", "web-2"}}}});
  http::Request r = http::MakeRequest(
      "GET", "/api/v1/namespaces/chat/events?fieldSelector=involvedObject.name%3Dweb-2");
  r.headers["Authorization"] = "Bearer t";
  const json list = json::parse(server.Handle(r).body);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["metadata"]["name"], "e2");
}

std::vector<json> WatchEvents(FakeApiServer& server, const std::string& query) {
  http::Request r =
      http::MakeRequest("GET", "/apis/apps/v1/namespaces/chat/deployments?watch=true&" + query);
  r.headers["Authorization"] = "Bearer t";
  http::Response answer = server.Handle(r);
  EXPECT_EQ(answer.status, 200);
  std::vector<json> events;
  for (absl::string_view line : absl::StrSplit(answer.body, '\n', absl::SkipEmpty())) {
    events.push_back(json::parse(line));
  }
  return events;
}

TEST(FakeApiServerTest, WatchStreamsNewlineDelimitedEventsAndExpiresOldVersions) {
  FakeApiServer server("t");
  const std::string collection = "/apis/apps/v1/namespaces/chat/deployments";
  server.Put(collection, {{"kind", "Deployment"},
                          {"metadata", {{"name", "web"}, {"generation", 1}}},
                          {"spec", {{"replicas", 2}}}});
  server.Put(collection, {{"kind", "Deployment"}, {"metadata", {{"name", "api"}}}});
  server.ScriptDeployment(collection + "/web", {{{"replicas", 2}}, {{"replicas", 3}}});

  std::vector<json> all = WatchEvents(server, "fieldSelector=metadata.name%3Dweb");
  ASSERT_EQ(all.size(), 3u);  // ADDED (no resourceVersion), then one MODIFIED per snapshot
  EXPECT_EQ(all[0]["type"], "ADDED");
  EXPECT_EQ(all[1]["type"], "MODIFIED");
  EXPECT_EQ(all[1]["object"]["status"]["replicas"], 2);
  EXPECT_EQ(all[2]["object"]["status"]["replicas"], 3);
  EXPECT_NE(all[1]["object"]["metadata"]["resourceVersion"],
            all[2]["object"]["metadata"]["resourceVersion"]);

  const std::string rv = std::to_string(server.ResourceVersion());
  server.ExpireBefore(server.ResourceVersion() + 1);
  std::vector<json> gone = WatchEvents(server, "resourceVersion=" + rv);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0]["type"], "ERROR");
  EXPECT_EQ(gone[0]["object"]["code"], 410);
  EXPECT_EQ(gone[0]["object"]["reason"], "Expired");
}

TEST(FakeApiServerTest, ListsAnswerInChunksWithContinueTokens) {
  FakeApiServer server("t");
  for (const char* ns : {"b", "a"}) {
    for (const char* name : {"p2", "p1"}) {
      server.Put(std::string("/api/v1/namespaces/") + ns + "/pods",
                 {{"metadata", {{"name", name}, {"namespace", ns}}}});
    }
  }
  auto get = [&](const std::string& target) {
    http::Request r = http::MakeRequest("GET", target);
    r.headers["Authorization"] = "Bearer t";
    return server.Handle(r);
  };
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    http::Response r =
        get("/api/v1/pods?limit=3" + (token.empty() ? "" : "&continue=" + http::UrlEncode(token)));
    ASSERT_EQ(r.status, 200) << r.body;
    const json list = json::parse(r.body);
    for (const json& item : list["items"]) {
      names.push_back(item["metadata"]["namespace"].get<std::string>() + "/" +
                      item["metadata"]["name"].get<std::string>());
    }
    token = list["metadata"].value("continue", "");
    if (++pages == 1) EXPECT_EQ(list["metadata"]["remainingItemCount"], 1);
  } while (!token.empty());
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(names, (std::vector<std::string>{"a/p1", "a/p2", "b/p1", "b/p2"}));
  EXPECT_EQ(json::parse(get("/api/v1/pods").body)["items"].size(), 4u);  // no limit: all

  const std::string first =
      json::parse(get("/api/v1/pods?limit=1").body)["metadata"]["continue"].get<std::string>();
  EXPECT_EQ(get("/api/v1/pods?limit=1&continue=bm90LWEtdG9rZW4=").status, 400);
  server.ExpireBefore(server.ResourceVersion() + 1);
  http::Response expired = get("/api/v1/pods?limit=1&continue=" + http::UrlEncode(first));
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(json::parse(expired.body)["reason"], "Expired");
}

}  // namespace
}  // namespace paved::deploy::runtime::kubernetes::testing
