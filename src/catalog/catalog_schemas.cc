#include "catalog/catalog_schemas.h"

namespace paved::catalog {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

namespace {

std::vector<Property> TeamProperties() {
  return {{"id", String()},
          {"slug", String()},
          {"name", String()},
          {"description", String()},
          {"chat_channel", String()},
          {"hr_id", Nullable(String())},
          {"parent", Nullable(String())},
          {"status", Enum({"active", "dissolved"})},
          {"dissolved_at", Nullable(String())},
          {"oncall", String()},
          {"source", String()},
          {"member_count", Integer()},
          {"project_count", Integer()},
          {"created_at", String()},
          {"updated_at", String()}};
}

Schema Counts() { return Map(Integer()); }

}  // namespace

Schema TeamSchema() { return Named("Team", Object(TeamProperties())); }

Schema TeamPageSchema() { return PageOf(TeamSchema()); }

Schema TeamMemberSchema() {
  return Named("TeamMember", Object({{"login", String()}, {"role", String()}}));
}

Schema TeamDetailSchema() {
  std::vector<Property> props = TeamProperties();
  props.emplace_back("members", Array(TeamMemberSchema()));
  props.emplace_back("projects", Array(Object({{"slug", String()}, {"name", String()}})));
  return Named("TeamDetail", Object(std::move(props)));
}

Schema ProjectSchema() {
  Schema link = Object({{"url", String()}, {"title", String()}, {"icon", String()}});
  Schema ns = Object({{"cluster", String()}, {"namespace", String()}});
  return Named("Project", Object({{"id", String()},
                                  {"slug", String()},
                                  {"name", String()},
                                  {"description", String()},
                                  {"owner_team", String()},
                                  {"owners", Array(String())},
                                  {"lifecycle", String()},
                                  {"type", String()},
                                  {"system", String()},
                                  {"repo_url", String()},
                                  {"oncall", String()},
                                  {"tags", Array(String())},
                                  {"links", Array(link)},
                                  {"namespaces", Array(ns)},
                                  {"location", Nullable(String())},
                                  {"orphaned", Boolean()},
                                  {"orphaned_reason", Nullable(String())},
                                  {"created_by", String()},
                                  {"created_at", String()},
                                  {"updated_at", String()}}));
}

Schema ProjectPageSchema() {
  Schema facets = Object(
      {{"owner", Counts()}, {"lifecycle", Counts()}, {"tag", Counts()}, {"system", Counts()}});
  return Named("ProjectPage", Object({{"items", Array(ProjectSchema())},
                                      {"next_cursor", Nullable(String())},
                                      {"facets", Optional(facets)}}));
}

Schema OwnerInfoSchema() {
  Schema team = Object(
      {{"slug", String()}, {"name", String()}, {"status", String()}, {"chat_channel", String()}});
  return Named("OwnerInfo",
               Object({{"team", team},
                       {"oncall", Nullable(String())},
                       {"lead", Nullable(Object({{"login", String()}, {"email", String()}}))},
                       {"project", Nullable(String())}}));
}

Schema OwnershipHistoryPageSchema() {
  return PageOf(Object({{"from_team", Nullable(String())},
                        {"to_team", String()},
                        {"actor", String()},
                        {"reason", String()},
                        {"time", String()}}));
}

Schema RelationPageSchema() {
  return PageOf(Object({{"type", String()},
                        {"target", String()},
                        {"target_kind", String()},
                        {"target_name", String()}}));
}

Schema OrphanPageSchema() {
  return PageOf(Object({{"kind", Enum({"project", "resource"})},
                        {"id", String()},
                        {"name", String()},
                        {"reason", String()},
                        {"since", String()},
                        {"last_owner", Nullable(String())}}));
}

Schema ScorecardsSchema() {
  Schema check = Object({{"id", String()}, {"title", String()}});
  Schema project = Object({{"slug", String()},
                           {"owner_team", String()},
                           {"score", Number()},
                           {"checks", Map(Boolean())}});
  Schema team = Object({{"slug", String()}, {"score", Number()}, {"projects", Integer()}});
  return Named(
      "Scorecards",
      Object({{"checks", Array(check)}, {"projects", Array(project)}, {"teams", Array(team)}}));
}

namespace {

std::vector<Property> CloudResourceProperties() {
  return {{"id", String()},
          {"provider", String()},
          {"account", String()},
          {"region", String()},
          {"type", String()},
          {"name", String()},
          {"tags", Map(String())},
          {"owner_team", Nullable(String())},
          {"owner_status", Nullable(String())},
          {"project", Nullable(String())},
          {"source", String()},
          {"orphaned", Boolean()},
          {"orphan_reason", Nullable(String())},
          {"first_seen", String()},
          {"last_seen", String()}};
}

}  // namespace

Schema CloudResourceSchema() { return Named("CloudResource", Object(CloudResourceProperties())); }

Schema CloudResourcePageSchema() { return PageOf(CloudResourceSchema()); }

Schema CloudResourceOwnerSetSchema() {
  std::vector<Property> props = CloudResourceProperties();
  props.emplace_back("tags_written", Boolean());
  return Object(std::move(props));
}

Schema HrSyncRunsSchema() {
  Schema run = Object({{"id", String()},
                       {"started_at", String()},
                       {"finished_at", String()},
                       {"status", Enum({"succeeded", "failed"})},
                       {"error", String()},
                       {"summary", Map(Any())}});
  return Object({{"items", Array(run)}});
}

}  // namespace paved::catalog
