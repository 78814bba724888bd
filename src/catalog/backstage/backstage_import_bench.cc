// Times the import of a generated catalog file of 10,000 entities (200 Groups, 8,000
// Components, 1,000 Resources, 800 APIs), then its idempotent re-import and its export.
// Usage: backstage_import_bench [STORE_URL]   (default: a SQLite file in a temp directory)
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "audit/audit_log.h"
#include "catalog/backstage/exporter.h"
#include "catalog/backstage/importer.h"
#include "catalog/backstage/yaml_json.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "store/migrate.h"

namespace {

using namespace paved;
using namespace paved::catalog::backstage;
using Clock = std::chrono::steady_clock;

std::string Generate() {
  std::string out;
  auto doc = [&](const std::string& text) { out += (out.empty() ? "" : "---\n") + text; };
  for (int g = 0; g < 200; ++g) {
    doc("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-" +
        std::to_string(g) + "\n  annotations:\n    paved.dev/hr-id: HR-" + std::to_string(g) +
        "\nspec:\n  type: team\n  profile: {displayName: Team " + std::to_string(g) +
        "}\n  children: []\n");
  }
  for (int c = 0; c < 8000; ++c) {
    std::string n = std::to_string(c), team = "team-" + std::to_string(c % 200);
    doc("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-" + n +
        "\n  title: Service " + n + "\n  description: generated service " + n +
        "\n  tags: [gen, t" + std::to_string(c % 7) + "]\n  links:\n    - {url: 'https://dash/" +
        n + "', title: Dashboard}\n  annotations:\n    github.com/project-slug: example/svc-" + n +
        "\n    backstage.io/kubernetes-namespace: svc-" + n +
        "\nspec:\n  type: service\n  lifecycle: production\n  owner: " + team + "\n  system: sys-" +
        std::to_string(c % 50) + "\n  dependsOn: [resource:db-" + std::to_string(c % 1000) +
        "]\n  providesApis: [api-" + std::to_string(c % 800) + "]\n");
  }
  for (int r = 0; r < 1000; ++r) {
    doc("apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: db-" +
        std::to_string(r) + "\nspec:\n  type: database\n  owner: team-" + std::to_string(r % 200) +
        "\n");
  }
  for (int a = 0; a < 800; ++a) {
    doc("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: api-" +
        std::to_string(a) + "\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-" +
        std::to_string(a % 200) + "\n  definition: 'openapi: 3.0.0'\n");
  }
  return out;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int Run(const std::string& url) {
  auto store = store::OpenStore(url);
  if (!store.ok() || !store::Migrate(**store, store::AllMigrations()).ok()) {
    std::fprintf(stderr, "cannot open %s\n", url.c_str());
    return 1;
  }
  SystemClock* clock = SystemClock::Get();
  catalog::TeamStore teams(store->get(), clock);
  catalog::ProjectStore projects(store->get(), clock);
  catalog::CloudResourceStore resources(store->get(), clock);
  audit::AuditLog audit(store->get(), clock);
  Importer importer(
      {store->get(), &teams, &projects, &resources, &audit, clock, "paved.dev/hr-id"});
  std::string yaml = Generate();
  for (const char* pass : {"first import", "re-import"}) {
    auto start = Clock::now();
    std::vector<Entity> entities;
    std::vector<CatalogError> errors;
    ParseDocuments(yaml, "", entities, errors);
    double parsed = Seconds(start);
    size_t n = entities.size();
    auto result = importer.Import(std::move(entities), {.location = "bench"});
    if (!result.ok() || !result->errors.empty() || !errors.empty()) {
      std::fprintf(stderr, "import failed: %s\n",
                   result.ok() ? result->errors[0].ToString().c_str()
                               : std::string(result.status().message()).c_str());
      return 1;
    }
    std::printf(
        "%-12s %zu entities (%zu bytes): %.2f s total (parse %.2f s); created %zu, "
        "unchanged %zu\n",
        pass, n, yaml.size(), Seconds(start), parsed, result->created.size(),
        result->unchanged.size());
  }
  auto start = Clock::now();
  auto docs = Exporter({store->get(), &projects, &resources, "paved.dev/hr-id"}).All();
  if (!docs.ok()) return 1;
  std::string text = EmitDocuments(*docs);
  std::printf("export       %zu documents (%zu bytes): %.2f s\n", docs->size(), text.size(),
              Seconds(start));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) return Run(argv[1]);
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("paved-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  int rc = Run("sqlite://" + (dir / "bench.db").string());
  std::filesystem::remove_all(dir);
  return rc;
}
