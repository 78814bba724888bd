#include "store/migrate.h"

namespace paved::store {
namespace {

constexpr char kRedactUnknownLogins[] =
    "UPDATE audit_events SET actor = 'anonymous', subject = 'auth:unknown-login', "
    "summary = '{}' WHERE action = 'auth.login_failed' "
    "AND subject NOT IN (SELECT 'user:' || login FROM users)";

}  // namespace

// Append only: a released migration is never edited, a change is a new number.
const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "foundation",
       {
           R"(CREATE TABLE users (
                id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
                role TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE teams (
                id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '', chat_channel TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE team_members (
                team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                added_at BIGINT NOT NULL, PRIMARY KEY (team_id, user_id)))",
           "CREATE INDEX team_members_user ON team_members(user_id)",
           R"(CREATE TABLE projects (
                id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                owner_team_id TEXT NOT NULL REFERENCES teams(id),
                created_by TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
           "CREATE INDEX projects_owner ON projects(owner_team_id, slug)",
           R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL))",
           R"(CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,
                last_used_at BIGINT, revoked_at BIGINT))",
           R"(CREATE TABLE login_attempts (
                login TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           R"(CREATE TABLE audit_events (
                seq {{serial}}, time BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                subject TEXT NOT NULL, summary TEXT NOT NULL))",
           "CREATE INDEX audit_subject ON audit_events(subject, seq)",
           "CREATE INDEX audit_actor ON audit_events(actor, seq)",
           R"(CREATE TABLE jobs (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL, run_at BIGINT NOT NULL,
                lease_owner TEXT NOT NULL DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '', dedupe_key TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, finished_at BIGINT))",
           "CREATE INDEX jobs_due ON jobs(state, run_at)",
           R"(CREATE UNIQUE INDEX jobs_dedupe ON jobs(dedupe_key)
                WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running'))",
       },
       // The audit log is append-only: the database itself refuses edits.
       {
           R"(CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
              BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END)",
           R"(CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
              BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END)",
       },
       {
           R"(CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
              BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql)",
           R"(CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
              FOR EACH ROW EXECUTE FUNCTION audit_events_append_only())",
       }},
      {2,
       "catalog",
       {
           // Teams: identity from HR (hr_id) survives renames; a team gone from HR is dissolved,
           // never deleted, so what it owned becomes visible orphan work.
           "ALTER TABLE teams ADD COLUMN hr_id TEXT",
           "CREATE UNIQUE INDEX teams_hr_id ON teams(hr_id) WHERE hr_id IS NOT NULL",
           "ALTER TABLE teams ADD COLUMN parent_id TEXT",
           "ALTER TABLE teams ADD COLUMN status TEXT NOT NULL DEFAULT 'active'",
           "ALTER TABLE teams ADD COLUMN dissolved_at BIGINT",
           "ALTER TABLE teams ADD COLUMN oncall TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE teams ADD COLUMN source TEXT NOT NULL DEFAULT 'paved'",
           "ALTER TABLE users ADD COLUMN hr_id TEXT",
           "CREATE UNIQUE INDEX users_hr_id ON users(hr_id) WHERE hr_id IS NOT NULL",
           "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE team_members ADD COLUMN lead INTEGER NOT NULL DEFAULT 0",
           "ALTER TABLE team_members ADD COLUMN source TEXT NOT NULL DEFAULT 'paved'",
           // Projects: the Backstage Component fields users ask for.
           "ALTER TABLE projects ADD COLUMN lifecycle TEXT NOT NULL DEFAULT 'experimental'",
           "ALTER TABLE projects ADD COLUMN type TEXT NOT NULL DEFAULT 'service'",
           "ALTER TABLE projects ADD COLUMN system TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE projects ADD COLUMN repo_url TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE projects ADD COLUMN oncall TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE projects ADD COLUMN location TEXT",       // import location that created it
           "ALTER TABLE projects ADD COLUMN orphaned_at BIGINT",  // its location dropped it
           "CREATE INDEX projects_lifecycle ON projects(lifecycle, slug)",
           "CREATE INDEX projects_system ON projects(system, slug)",
           "CREATE INDEX projects_location ON projects(location)",
           R"(CREATE TABLE project_tags (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                tag TEXT NOT NULL, PRIMARY KEY (project_id, tag)))",
           "CREATE INDEX project_tags_tag ON project_tags(tag, project_id)",
           R"(CREATE TABLE project_links (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                position INTEGER NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
                icon TEXT NOT NULL DEFAULT '', PRIMARY KEY (project_id, position)))",
           R"(CREATE TABLE project_owners (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                team_id TEXT NOT NULL REFERENCES teams(id), PRIMARY KEY (project_id, team_id)))",
           "CREATE INDEX project_owners_team ON project_owners(team_id)",
           // Namespace per cluster; cluster '' means every cluster. Absent: the project slug.
           R"(CREATE TABLE project_namespaces (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                cluster TEXT NOT NULL, namespace TEXT NOT NULL,
                PRIMARY KEY (cluster, namespace)))",
           "CREATE INDEX project_namespaces_project ON project_namespaces(project_id)",
           R"(CREATE TABLE ownership_changes (
                seq {{serial}}, project_id TEXT NOT NULL, from_team_id TEXT, to_team_id TEXT NOT NULL,
                actor TEXT NOT NULL, reason TEXT NOT NULL, time BIGINT NOT NULL))",
           "CREATE INDEX ownership_changes_project ON ownership_changes(project_id, seq)",
           // Backstage entities as imported, every kind, unknown fields kept; Paved's own tables
           // (projects, teams, cloud_resources) hold the fields Paved understands.
           R"(CREATE TABLE catalog_entities (
                ref TEXT PRIMARY KEY, kind TEXT NOT NULL, namespace TEXT NOT NULL,
                name TEXT NOT NULL, location TEXT NOT NULL, document TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, orphaned_at BIGINT))",
           "CREATE INDEX catalog_entities_location ON catalog_entities(location)",
           // Relations between entity refs ("component:default/chat-gateway").
           R"(CREATE TABLE catalog_relations (
                source_ref TEXT NOT NULL, type TEXT NOT NULL, target_ref TEXT NOT NULL,
                PRIMARY KEY (source_ref, type, target_ref)))",
           "CREATE INDEX catalog_relations_target ON catalog_relations(target_ref, type)",
           R"(CREATE TABLE cloud_resources (
                id TEXT PRIMARY KEY, provider TEXT NOT NULL, account TEXT NOT NULL DEFAULT '',
                region TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '{}',
                owner_team_id TEXT REFERENCES teams(id), project_id TEXT REFERENCES projects(id)
                ON DELETE SET NULL, source TEXT NOT NULL, first_seen BIGINT NOT NULL,
                last_seen BIGINT NOT NULL))",
           "CREATE INDEX cloud_resources_owner ON cloud_resources(owner_team_id)",
           "CREATE INDEX cloud_resources_project ON cloud_resources(project_id)",
           R"(CREATE TABLE hr_sync_runs (
                id TEXT PRIMARY KEY, started_at BIGINT NOT NULL, finished_at BIGINT,
                status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '',
                summary TEXT NOT NULL DEFAULT '{}'))",
       },
       {},
       {}},
      {3,
       "project_search",
       {},
       // Substring search over slug, name and description through a trigram index, kept in step
       // by triggers. Keyed by the projects table's rowid, which is stable because Paved never
       // runs VACUUM. PostgreSQL scans (pg_trgm would need a superuser to install).
       {
           "CREATE VIRTUAL TABLE project_search USING fts5(body, tokenize = 'trigram')",
           R"(INSERT INTO project_search (rowid, body)
              SELECT rowid, slug || ' ' || name || ' ' || description FROM projects)",
           R"(CREATE TRIGGER project_search_insert AFTER INSERT ON projects BEGIN
                INSERT INTO project_search (rowid, body)
                VALUES (new.rowid, new.slug || ' ' || new.name || ' ' || new.description);
              END)",
           R"(CREATE TRIGGER project_search_update AFTER UPDATE OF slug, name, description
              ON projects BEGIN
                DELETE FROM project_search WHERE rowid = old.rowid;
                INSERT INTO project_search (rowid, body)
                VALUES (new.rowid, new.slug || ' ' || new.name || ' ' || new.description);
              END)",
           R"(CREATE TRIGGER project_search_delete AFTER DELETE ON projects BEGIN
                DELETE FROM project_search WHERE rowid = old.rowid;
              END)",
       },
       {}},
      {4,
       "config_and_secrets",
       {
           // Config sets and secrets per project and environment: one row per immutable version.
           // Config is not secret (data: JSON {"data":{},"files":{}}; changes: the keys added,
           // removed and changed against the previous version). Secret values are only ever
           // stored as AES-256-GCM ciphertext (base64) with the id of the key that sealed them.
           R"(CREATE TABLE config_versions (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                environment TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
                data TEXT NOT NULL, changes TEXT NOT NULL, author TEXT NOT NULL,
                message TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, environment, name, version)))",
           R"(CREATE TABLE secret_versions (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                environment TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
                key_id TEXT NOT NULL, nonce TEXT NOT NULL, ciphertext TEXT NOT NULL,
                author TEXT NOT NULL, message TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, environment, name, version)))",
           "CREATE INDEX secret_versions_key ON secret_versions(key_id)",
       },
       {},
       {}},
      {5,
       "app_specs",
       {
           // One row per immutable version of a project's paved.yaml, exactly as pushed.
           R"(CREATE TABLE spec_versions (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                version INTEGER NOT NULL, yaml TEXT NOT NULL, author TEXT NOT NULL,
                message TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, version)))",
       },
       {},
       {}},
      {6,
       "platform",
       {
           // Environments in promotion order and the clusters they run on (platform config that
           // admins and SREs edit), which clusters each project deploys to, and policy
           // exceptions: the recorded way off the paved road.
           R"(CREATE TABLE environments (
                name TEXT PRIMARY KEY, position INTEGER NOT NULL,
                production INTEGER NOT NULL DEFAULT 0))",
           R"(CREATE TABLE clusters (
                name TEXT PRIMARY KEY, region TEXT NOT NULL,
                environment TEXT NOT NULL REFERENCES environments(name),
                runtime TEXT NOT NULL, endpoint TEXT NOT NULL DEFAULT '',
                credentials TEXT NOT NULL DEFAULT '', mesh TEXT NOT NULL DEFAULT '',
                zones TEXT NOT NULL DEFAULT '[]'))",
           R"(CREATE TABLE project_targets (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                cluster TEXT NOT NULL REFERENCES clusters(name),
                PRIMARY KEY (project_id, cluster)))",
           "CREATE INDEX project_targets_cluster ON project_targets(cluster)",
           R"(CREATE TABLE policy_exceptions (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                rule TEXT NOT NULL, reason TEXT NOT NULL, approved_by TEXT NOT NULL,
                expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL,
                revoked_at BIGINT, revoked_by TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX policy_exceptions_project ON policy_exceptions(project_id, created_at)",
           "INSERT INTO environments (name, position, production) VALUES ('alpha', 1, 0)",
           "INSERT INTO environments (name, position, production) VALUES ('production', 2, 1)",
           R"(INSERT INTO clusters (name, region, environment, runtime)
              VALUES ('local-alpha', 'local', 'alpha', 'local'))",
           R"(INSERT INTO clusters (name, region, environment, runtime)
              VALUES ('local-production', 'local', 'production', 'local'))",
       },
       {},
       {}},
      {7,
       "deployments",
       {
           // Artifacts are built once by CI and identified by digest. A deployment is one
           // release (artifact + spec/config/secret versions + rendered manifests, secrets
           // redacted) going to one cluster; its steps are recorded so a resumed rollout never
           // runs one twice. States: pending_approval, queued, rolling_out, succeeded, failed,
           // cancelled, rejected, rolled_back; `waiting` holds later waves of a progressive
           // rollout.
           R"(CREATE TABLE artifacts (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                digest TEXT NOT NULL, image TEXT NOT NULL, git_sha TEXT NOT NULL DEFAULT '',
                commit_time BIGINT, built_by TEXT NOT NULL DEFAULT '',
                pushed_by TEXT NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, digest)))",
           R"(CREATE TABLE deployments (
                id TEXT PRIMARY KEY, request_id TEXT NOT NULL,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                environment TEXT NOT NULL, cluster TEXT NOT NULL, region TEXT NOT NULL,
                digest TEXT NOT NULL, spec_version INTEGER NOT NULL,
                config_versions TEXT NOT NULL DEFAULT '{}',
                secret_versions TEXT NOT NULL DEFAULT '{}',
                namespace TEXT NOT NULL, manifests TEXT NOT NULL, manifest_hash TEXT NOT NULL,
                state TEXT NOT NULL, wave INTEGER NOT NULL DEFAULT 0,
                requester TEXT NOT NULL, approver TEXT NOT NULL DEFAULT '',
                reason TEXT NOT NULL DEFAULT '', rollback_of TEXT NOT NULL DEFAULT '',
                emergency INTEGER NOT NULL DEFAULT 0, auto_rollback INTEGER NOT NULL DEFAULT 0,
                error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL, approved_at BIGINT, queued_at BIGINT,
                started_at BIGINT, finished_at BIGINT))",
           "CREATE INDEX deployments_target ON deployments(project_id, cluster, created_at)",
           "CREATE INDEX deployments_state ON deployments(state, created_at)",
           "CREATE INDEX deployments_request ON deployments(request_id)",
           R"(CREATE TABLE deployment_steps (
                deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                step TEXT NOT NULL, done_at BIGINT NOT NULL, detail TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (deployment_id, step)))",
       },
       {},
       {}},
      {8,
       "alerts",
       {
           // Alerts from Alertmanager, Grafana and Prometheus, one row per fingerprint, with the
           // owner resolved at ingest (namespace + cluster -> project -> team). group_key is
           // "<cluster>/<namespace>": one chat message per group.
           R"(CREATE TABLE alerts (
                fingerprint TEXT PRIMARY KEY, source TEXT NOT NULL, status TEXT NOT NULL,
                alertname TEXT NOT NULL DEFAULT '', severity TEXT NOT NULL DEFAULT '',
                namespace TEXT NOT NULL DEFAULT '', cluster TEXT NOT NULL DEFAULT '',
                group_key TEXT NOT NULL, project TEXT NOT NULL DEFAULT '',
                team TEXT NOT NULL DEFAULT '',
                labels TEXT NOT NULL, annotations TEXT NOT NULL,
                links TEXT NOT NULL DEFAULT '{}', generator_url TEXT NOT NULL DEFAULT '',
                starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL DEFAULT 0,
                first_seen BIGINT NOT NULL, last_received BIGINT NOT NULL, resolved_at BIGINT,
                acked_by TEXT NOT NULL DEFAULT '', acked_at BIGINT,
                silenced_by TEXT NOT NULL DEFAULT '', silenced_until BIGINT,
                last_reminded BIGINT, content_hash TEXT NOT NULL))",
           "CREATE INDEX alerts_group ON alerts(group_key, status)",
           "CREATE INDEX alerts_team ON alerts(team, status)",
           "CREATE INDEX alerts_status ON alerts(status, starts_at)",
           // What happened to alerts and groups, oldest first by seq: firing, resolved,
           // acknowledged, silenced, unsilenced, reminded, message. `thread` is pending while a
           // change still has to be told in the group's chat thread, then posted (or none).
           R"(CREATE TABLE alert_events (
                seq {{serial}}, at BIGINT NOT NULL, group_key TEXT NOT NULL,
                fingerprint TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL,
                actor TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}',
                thread TEXT NOT NULL DEFAULT 'none', thread_ts TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX alert_events_group ON alert_events(group_key, seq)",
           "CREATE INDEX alert_events_fingerprint ON alert_events(fingerprint, seq)",
           "CREATE INDEX alert_events_thread ON alert_events(thread, group_key)",
           // The chat message of each group on each destination, updated in place. attempt_at
           // is set before a post so a retry after a crash looks for the message it may have
           // posted (by its metadata) instead of posting twice.
           R"(CREATE TABLE alert_messages (
                group_key TEXT NOT NULL, destination TEXT NOT NULL,
                channel TEXT NOT NULL DEFAULT '', ts TEXT NOT NULL DEFAULT '',
                content_hash TEXT NOT NULL DEFAULT '', attempt_at BIGINT,
                posted_at BIGINT, updated_at BIGINT,
                PRIMARY KEY (group_key, destination)))",
       },
       {},
       {}},
      {9,
       "alert_events_at",
       // The hourly report reads a period's events by time; a namespace's history finds its
       // groups (one per cluster).
       {"CREATE INDEX alert_events_at ON alert_events(at)",
        "CREATE INDEX alerts_namespace ON alerts(namespace, group_key)"},
       {},
       {}},
      {10,
       "namespace_claims",
       {
           // One project per namespace per cluster, and a claim on every cluster ('') shuts every
           // other project out of that namespace everywhere. namespace_names holds, per
           // namespace, the project claiming it on every cluster ('' when it is claimed per
           // cluster only); each claim must agree with it (foreign key) and a claim on every
           // cluster must be its own project's (check). Every project also claims its slug on
           // every cluster (is_default = 1): its default namespace. No project may claim a
           // system namespace (kube-*, istio-system, default).
           R"(CREATE TABLE namespace_names (
                namespace TEXT PRIMARY KEY, holder TEXT NOT NULL DEFAULT '',
                UNIQUE (namespace, holder)))",
           R"(CREATE TABLE project_namespaces_v10 (
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                cluster TEXT NOT NULL, namespace TEXT NOT NULL,
                holder TEXT NOT NULL DEFAULT '', is_default INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (cluster, namespace),
                FOREIGN KEY (namespace, holder) REFERENCES namespace_names(namespace, holder),
                CHECK (holder = project_id OR (holder = '' AND cluster <> ''))))",
           // Claims that break the rule are moved, not lost, to namespace_claims_removed, with
           // the reason: system namespaces; another project's slug; then, where projects
           // disagree about a namespace, the oldest project keeps it — first a claim on every
           // cluster of a younger project goes, then any claim beside another project's claim
           // on every cluster.
           R"(CREATE TABLE namespace_claims_removed (
                project_id TEXT NOT NULL, cluster TEXT NOT NULL, namespace TEXT NOT NULL,
                reason TEXT NOT NULL))",
           R"(INSERT INTO namespace_claims_removed (project_id, cluster, namespace, reason)
              SELECT project_id, cluster, namespace, 'a reserved system namespace'
              FROM project_namespaces WHERE namespace = 'default' OR
              namespace = 'istio-system' OR namespace LIKE 'kube-%')",
           R"(DELETE FROM project_namespaces WHERE namespace = 'default' OR
              namespace = 'istio-system' OR namespace LIKE 'kube-%')",
           R"(INSERT INTO namespace_claims_removed (project_id, cluster, namespace, reason)
              SELECT n.project_id, n.cluster, n.namespace,
                     'the default namespace of project ' || o.slug
              FROM project_namespaces n JOIN projects o
              ON o.slug = n.namespace AND o.id <> n.project_id)",
           R"(DELETE FROM project_namespaces WHERE EXISTS (
                SELECT 1 FROM projects o WHERE o.slug = project_namespaces.namespace
                AND o.id <> project_namespaces.project_id))",
           R"(CREATE TABLE namespace_claims_older (
                project_id TEXT NOT NULL, cluster TEXT NOT NULL, namespace TEXT NOT NULL,
                older TEXT NOT NULL))",
           // Each claim on every cluster beside a claim of the same namespace by an older
           // project.
           R"(INSERT INTO namespace_claims_older (project_id, cluster, namespace, older)
              SELECT n.project_id, n.cluster, n.namespace, MIN(qp.slug)
              FROM project_namespaces n JOIN projects np ON np.id = n.project_id
              JOIN project_namespaces q ON q.namespace = n.namespace
              AND q.project_id <> n.project_id JOIN projects qp ON qp.id = q.project_id
              WHERE n.cluster = '' AND (qp.created_at < np.created_at OR
              (qp.created_at = np.created_at AND qp.id < np.id))
              GROUP BY n.project_id, n.cluster, n.namespace)",
           R"(INSERT INTO namespace_claims_removed (project_id, cluster, namespace, reason)
              SELECT project_id, cluster, namespace, 'also claimed by older project ' || older
              FROM namespace_claims_older)",
           R"(DELETE FROM project_namespaces WHERE cluster = '' AND EXISTS (
                SELECT 1 FROM namespace_claims_older o
                WHERE o.project_id = project_namespaces.project_id
                AND o.namespace = project_namespaces.namespace))",
           "DROP TABLE namespace_claims_older",
           R"(INSERT INTO namespace_claims_removed (project_id, cluster, namespace, reason)
              SELECT n.project_id, n.cluster, n.namespace,
                     'claimed on every cluster by project ' || MIN(p.slug)
              FROM project_namespaces n JOIN project_namespaces a
              ON a.namespace = n.namespace AND a.cluster = '' AND a.project_id <> n.project_id
              JOIN projects p ON p.id = a.project_id
              GROUP BY n.project_id, n.cluster, n.namespace)",
           R"(DELETE FROM project_namespaces WHERE EXISTS (
                SELECT 1 FROM project_namespaces a WHERE a.cluster = ''
                AND a.namespace = project_namespaces.namespace
                AND a.project_id <> project_namespaces.project_id))",
           R"(INSERT INTO namespace_names (namespace, holder)
              SELECT namespace, MAX(CASE WHEN cluster = '' THEN project_id ELSE '' END)
              FROM (SELECT project_id, cluster, namespace FROM project_namespaces
                    UNION ALL
                    SELECT id, '', slug FROM projects WHERE NOT (slug = 'default' OR
                    slug = 'istio-system' OR slug LIKE 'kube-%')) c
              GROUP BY namespace)",
           R"(INSERT INTO project_namespaces_v10 (project_id, cluster, namespace, holder,
                                                  is_default)
              SELECT n.project_id, n.cluster, n.namespace, nn.holder, 0
              FROM project_namespaces n JOIN namespace_names nn ON nn.namespace = n.namespace)",
           R"(INSERT INTO project_namespaces_v10 (project_id, cluster, namespace, holder,
                                                  is_default)
              SELECT p.id, '', p.slug, p.id, 1 FROM projects p
              WHERE NOT (p.slug = 'default' OR p.slug = 'istio-system' OR p.slug LIKE 'kube-%')
              AND NOT EXISTS (SELECT 1 FROM project_namespaces n WHERE n.project_id = p.id
                              AND n.cluster = '' AND n.namespace = p.slug))",
           "DROP TABLE project_namespaces",
           "ALTER TABLE project_namespaces_v10 RENAME TO project_namespaces",
           "CREATE INDEX project_namespaces_project ON project_namespaces(project_id)",
       },
       {},
       {}},
      {11,
       "login_failures",
       {
           // Failed logins are counted per (login, client address), stored only as an
           // HMAC-SHA256 of the pair under a random key kept in auth_keys: a password typed
           // into the login field is never written down. login_attempts held raw logins.
           "DROP TABLE login_attempts",
           R"(CREATE TABLE login_failures (
                key_hash TEXT PRIMARY KEY, failures INTEGER NOT NULL,
                locked_until BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
           "CREATE INDEX login_failures_updated ON login_failures(updated_at)",
           R"(CREATE TABLE auth_keys (
                name TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at BIGINT NOT NULL))",
       },
       // Failed logins of unknown names were audited under the name typed; the name may be a
       // password. Such events keep their time and action but lose the name. The append-only
       // guard is lifted for this one statement only.
       {
           "DROP TRIGGER audit_events_no_update",
           std::string(kRedactUnknownLogins),
           R"(CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
              BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END)",
       },
       {
           "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
           std::string(kRedactUnknownLogins),
           "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change",
       }},
      {12,
       "cluster_teams",
       // Which teams' projects may target a cluster (JSON array of team slugs; empty = all).
       {"ALTER TABLE clusters ADD COLUMN teams TEXT NOT NULL DEFAULT '[]'"},
       {},
       {}},
      {13,
       "resources",
       {
           // A project's resources; `name` is unique among the live ones of a project and
           // environment (checked by the store: a partial unique index is not portable enough).
           R"(CREATE TABLE resources (
                id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL,
                kind TEXT NOT NULL, environment TEXT NOT NULL, account TEXT NOT NULL,
                provider TEXT NOT NULL, spec TEXT NOT NULL, effective TEXT NOT NULL,
                status TEXT NOT NULL, status_detail TEXT NOT NULL DEFAULT '',
                outputs TEXT NOT NULL DEFAULT '{}',
                deletion_protection INTEGER NOT NULL DEFAULT 0, created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
           "CREATE INDEX resources_project ON resources(project_id, environment, name)",
           "CREATE INDEX resources_status ON resources(status, id)",
           // What each saga did, in order: written before and after every provider step.
           R"(CREATE TABLE resource_journal (
                resource_id TEXT NOT NULL, seq INTEGER NOT NULL, saga TEXT NOT NULL,
                step TEXT NOT NULL, event TEXT NOT NULL, provider_id TEXT NOT NULL DEFAULT '',
                idempotency_key TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
                at BIGINT NOT NULL, PRIMARY KEY (resource_id, seq)))",
           R"(CREATE TABLE resource_profiles (
                account TEXT NOT NULL, environment TEXT NOT NULL, body TEXT NOT NULL,
                updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL,
                PRIMARY KEY (account, environment)))",
       },
       {},
       {}},
      {14,
       "cost",
       {
           // Each bill import: what it read and which billing periods it replaced.
           R"(CREATE TABLE cost_imports (
                id TEXT PRIMARY KEY, source TEXT NOT NULL, format TEXT NOT NULL,
                periods TEXT NOT NULL, lines BIGINT NOT NULL, rows_kept BIGINT NOT NULL,
                billed_nanos BIGINT NOT NULL, effective_nanos BIGINT NOT NULL,
                imported_by TEXT NOT NULL, imported_at BIGINT NOT NULL))",
           // Bills summed per day and owner tag (resource id only where a line had no owner
           // tag); the newest import of a (billing account, billing period) replaced the rest.
           R"(CREATE TABLE cost_daily (
                billing_account TEXT NOT NULL, billing_period TEXT NOT NULL, day TEXT NOT NULL,
                account TEXT NOT NULL, service TEXT NOT NULL, team_tag TEXT NOT NULL,
                project_tag TEXT NOT NULL, resource_id TEXT NOT NULL,
                billed_nanos BIGINT NOT NULL, effective_nanos BIGINT NOT NULL,
                lines BIGINT NOT NULL, import_id TEXT NOT NULL))",
           "CREATE INDEX cost_daily_period ON cost_daily(billing_account, billing_period)",
           "CREATE INDEX cost_daily_day ON cost_daily(day)",
       },
       {},
       {}},
      {15,
       "cost_allocation",
       {
           // A Kubernetes cluster's cost per day and namespace (OpenCost's model): workload
           // rows, the idle capacity (namespace '', kind 'idle') and shared namespaces split to
           // teams (kind 'shared', team_id set). Amounts in nano-dollars like cost_daily.
           R"(CREATE TABLE cost_allocations (
                cluster TEXT NOT NULL, day TEXT NOT NULL, namespace TEXT NOT NULL,
                kind TEXT NOT NULL, team_id TEXT NOT NULL DEFAULT '',
                cpu_core_hours DOUBLE PRECISION NOT NULL, ram_gib_hours DOUBLE PRECISION NOT NULL,
                cpu_nanos BIGINT NOT NULL, ram_nanos BIGINT NOT NULL, total_nanos BIGINT NOT NULL,
                PRIMARY KEY (cluster, day, namespace, kind, team_id)))",
           // The nodes whose cost an allocation spread; their instances' bill lines are shown
           // through the allocation, never twice.
           R"(CREATE TABLE cost_allocation_nodes (
                cluster TEXT NOT NULL, day TEXT NOT NULL, node TEXT NOT NULL,
                instance_id TEXT NOT NULL, cost_nanos BIGINT NOT NULL, price_source TEXT NOT NULL,
                PRIMARY KEY (cluster, day, node)))",
           "CREATE INDEX cost_allocations_day ON cost_allocations(day)",
           // Each allocated day and how many of its hours it covered (24 once it was over):
           // a day allocated while it was still going is allocated again once it has ended.
           R"(CREATE TABLE cost_allocation_days (
                cluster TEXT NOT NULL, day TEXT NOT NULL, hours INTEGER NOT NULL,
                allocated_at BIGINT NOT NULL, PRIMARY KEY (cluster, day)))",
       },
       {},
       {}},
      {16,
       "budgets",
       {
           // A team's approved monthly budget, from `month_from` on until a later row: the
           // history of every change, the one in force for month M has the greatest
           // month_from <= M.
           R"(CREATE TABLE budgets (
                team_id TEXT NOT NULL, month_from TEXT NOT NULL, amount_nanos BIGINT NOT NULL,
                request_id TEXT NOT NULL, set_by TEXT NOT NULL, set_at BIGINT NOT NULL,
                PRIMARY KEY (team_id, month_from)))",
           // Requests to set a team's budget (kind 'budget') or to raise it for a resource
           // that would go over it (kind 'resource'), and their decisions.
           R"(CREATE TABLE budget_requests (
                id TEXT PRIMARY KEY, team_id TEXT NOT NULL, kind TEXT NOT NULL,
                amount_nanos BIGINT NOT NULL, reason TEXT NOT NULL, month TEXT NOT NULL,
                requester TEXT NOT NULL, state TEXT NOT NULL, decider TEXT NOT NULL DEFAULT '',
                decision_reason TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}',
                created_at BIGINT NOT NULL, decided_at BIGINT))",
           "CREATE INDEX budget_requests_state ON budget_requests(state, team_id)",
           // Threshold messages (50/80/100 % of actual or forecast spend), one per team, month,
           // threshold and basis: 'pending' until posted, then 'sent'; 'skipped' for a lower
           // threshold passed together with a higher one.
           R"(CREATE TABLE budget_notices (
                team_id TEXT NOT NULL, month TEXT NOT NULL, threshold INTEGER NOT NULL,
                basis TEXT NOT NULL, state TEXT NOT NULL, text TEXT NOT NULL,
                created_at BIGINT NOT NULL, attempt_at BIGINT, sent_at BIGINT,
                channel TEXT NOT NULL DEFAULT '', ts TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (team_id, month, threshold, basis)))",
       },
       {},
       {}},
      {18,
       "cost_sources",
       {
           // The files of each bill source (a directory, an S3 bucket) and the version of each
           // that was imported or refused last.
           R"(CREATE TABLE cost_source_files (
                source TEXT NOT NULL, key TEXT NOT NULL, version TEXT NOT NULL,
                state TEXT NOT NULL, import_id TEXT NOT NULL, error TEXT NOT NULL,
                at BIGINT NOT NULL, PRIMARY KEY (source, key)))",
       },
       {},
       {}},
      {19,
       "cost_monthly",
       {
           // cost_daily summed per month (the day's first seven characters) with the first and
           // last day summed: a month's view reads these instead of every daily row. Kept by
           // the import in the same transaction as cost_daily.
           R"(CREATE TABLE cost_monthly (
                billing_account TEXT NOT NULL, billing_period TEXT NOT NULL, month TEXT NOT NULL,
                account TEXT NOT NULL, service TEXT NOT NULL, team_tag TEXT NOT NULL,
                project_tag TEXT NOT NULL, resource_id TEXT NOT NULL,
                billed_nanos BIGINT NOT NULL, effective_nanos BIGINT NOT NULL,
                first_day TEXT NOT NULL, last_day TEXT NOT NULL))",
           "CREATE INDEX cost_monthly_period ON cost_monthly(billing_account, billing_period)",
           "CREATE INDEX cost_monthly_month ON cost_monthly(month)",
           R"(INSERT INTO cost_monthly
                SELECT billing_account, billing_period, substr(day, 1, 7), account, service,
                       team_tag, project_tag, resource_id, CAST(SUM(billed_nanos) AS BIGINT),
                       CAST(SUM(effective_nanos) AS BIGINT), MIN(day), MAX(day)
                FROM cost_daily
                GROUP BY billing_account, billing_period, substr(day, 1, 7), account, service,
                         team_tag, project_tag, resource_id)",
           // A month's rows whose owner changes within it are read per day by tag or resource.
           "CREATE INDEX cost_daily_project_tag ON cost_daily(project_tag, day)",
           "CREATE INDEX cost_daily_resource ON cost_daily(resource_id, day)",
       },
       {},
       {}},
      {20,
       "traffic",
       {
           // Each stored flow-log analysis of a cluster (a `vpc-flow-xzone/1` report): where it
           // came from, who stored it, what it read and the bytes it could not attribute.
           R"(CREATE TABLE traffic_analyses (
                id TEXT PRIMARY KEY, cluster TEXT NOT NULL, source TEXT NOT NULL,
                stored_by TEXT NOT NULL, stored_at BIGINT NOT NULL, first_day TEXT NOT NULL,
                last_day TEXT NOT NULL, edges INTEGER NOT NULL, records BIGINT NOT NULL,
                lines BIGINT NOT NULL, files BIGINT NOT NULL, bytes BIGINT NOT NULL,
                cross_zone_bytes BIGINT NOT NULL, src_no_pod_bytes BIGINT NOT NULL,
                dst_no_pod_bytes BIGINT NOT NULL, rejected_bytes BIGINT NOT NULL))",
           "CREATE INDEX traffic_analyses_cluster ON traffic_analyses(cluster, stored_at)",
           // Bytes sent from one workload ("namespace/workload") to another per cluster, UTC
           // day and pair of zones; cross_zone_bytes is `bytes` when the zones are known and
           // differ. An analysis replaces the rows of the cluster's days it covers.
           R"(CREATE TABLE traffic_edges (
                cluster TEXT NOT NULL, day TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,
                src_zone TEXT NOT NULL, dst_zone TEXT NOT NULL, bytes BIGINT NOT NULL,
                cross_zone_bytes BIGINT NOT NULL, analysis_id TEXT NOT NULL,
                PRIMARY KEY (cluster, day, src, dst, src_zone, dst_zone)))",
           "CREATE INDEX traffic_edges_day ON traffic_edges(day)",
       },
       {},
       {}},
      {21,
       "cluster_kubernetes_version",
       // The API server's minor version ("1.33"; '' = unknown): which Service fields a render
       // may use.
       {"ALTER TABLE clusters ADD COLUMN kubernetes_version TEXT NOT NULL DEFAULT ''"},
       {},
       {}},
      {22,
       "traffic_pod_history",
       {
           // The pods of each `kubernetes` cluster as its API server listed them, one row per
           // pod uid (a recreated StatefulSet pod keeps its name, not its uid): who held `ips`
           // (comma-separated) over [started_at, deleted_at); deleted_at NULL while it runs.
           // Times in Unix milliseconds.
           R"(CREATE TABLE traffic_pods (
                cluster TEXT NOT NULL, uid TEXT NOT NULL, namespace TEXT NOT NULL,
                name TEXT NOT NULL, owner_kind TEXT NOT NULL, owner_name TEXT NOT NULL,
                node TEXT NOT NULL, ips TEXT NOT NULL, started_at BIGINT NOT NULL,
                deleted_at BIGINT, last_seen BIGINT NOT NULL, PRIMARY KEY (cluster, uid)))",
           "CREATE INDEX traffic_pods_started ON traffic_pods(cluster, started_at)",
           // Each cluster's nodes with their zone id (label topology.k8s.aws/zone-id; '' when
           // unlabelled), kept after the node is gone for the pods that ran on it.
           R"(CREATE TABLE traffic_nodes (
                cluster TEXT NOT NULL, name TEXT NOT NULL, zone_id TEXT NOT NULL,
                last_seen BIGINT NOT NULL, PRIMARY KEY (cluster, name)))",
       },
       {},
       {}},
      {23,
       "traffic_sources",
       {
           // Each flow-log file of a traffic source at the version it was analysed (or refused)
           // at: an S3 ETag, or a file's size and modification time. `days` are the UTC days
           // (comma-separated) its flows started on, for re-reading a day's files together.
           R"(CREATE TABLE traffic_source_files (
                source TEXT NOT NULL, key TEXT NOT NULL, version TEXT NOT NULL,
                state TEXT NOT NULL, days TEXT NOT NULL, analysis_id TEXT NOT NULL,
                error TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (source, key)))",
           // The last run of each traffic source.
           R"(CREATE TABLE traffic_source_runs (
                source TEXT PRIMARY KEY, at BIGINT NOT NULL, state TEXT NOT NULL,
                analysis_id TEXT NOT NULL, analysed INTEGER NOT NULL, failed INTEGER NOT NULL,
                reread INTEGER NOT NULL, error TEXT NOT NULL))",
       },
       {},
       {}},
      {24,
       "cost_month_to_date",
       {
           // Each key's cost_daily rows of a month summed up to and including a day, for every
           // day from the key's first day of the month to the day before its last (days without
           // a row of the key included): the sums of any span of days within a month then come
           // from two days' rows. Kept by the import in the same transaction as cost_daily;
           // months imported before are read day by day.
           R"(CREATE TABLE cost_month_to_date (
                billing_account TEXT NOT NULL, billing_period TEXT NOT NULL, day TEXT NOT NULL,
                account TEXT NOT NULL, service TEXT NOT NULL, team_tag TEXT NOT NULL,
                project_tag TEXT NOT NULL, resource_id TEXT NOT NULL,
                billed_nanos BIGINT NOT NULL, effective_nanos BIGINT NOT NULL))",
           "CREATE INDEX cost_month_to_date_day ON cost_month_to_date(day)",
           "CREATE INDEX cost_month_to_date_period ON cost_month_to_date(billing_account, "
           "billing_period)",
       },
       {},
       {}},
      {25,
       "monitoring_incidents",
       {
           // Incidents of a project: severity sev1..sev4, state open | mitigated | resolved,
           // times in Unix milliseconds (resolved_at NULL until resolved). `alert_group` is the
           // "<cluster>/<namespace>" alert group it was opened from ('' by hand). `whys`
           // (ordered) and `factors` are JSON arrays of strings.
           R"(CREATE TABLE incidents (
                id TEXT PRIMARY KEY, project_id TEXT NOT NULL, title TEXT NOT NULL,
                severity TEXT NOT NULL, state TEXT NOT NULL, impact TEXT NOT NULL,
                opened_at BIGINT NOT NULL, started_at BIGINT NOT NULL, resolved_at BIGINT,
                opened_by TEXT NOT NULL, alert_group TEXT NOT NULL, whys TEXT NOT NULL,
                factors TEXT NOT NULL, updated_at BIGINT NOT NULL))",
           "CREATE INDEX incidents_project ON incidents(project_id, opened_at)",
           "CREATE INDEX incidents_opened ON incidents(opened_at)",
           // What an incident taught, numbered from 1 per incident; `panel` ({title, promql,
           // unit}) and `rule` ({name, expr, for, severity}) are JSON objects or ''.
           R"(CREATE TABLE incident_lessons (
                incident_id TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL,
                panel TEXT NOT NULL, rule TEXT NOT NULL, created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL, PRIMARY KEY (incident_id, number)))",
           // Follow-up actions, numbered from 1 per incident; the owner is a user (login) or a
           // team (slug) as `owner_kind` says; `due` is a day "YYYY-MM-DD"; state open | done.
           R"(CREATE TABLE incident_actions (
                incident_id TEXT NOT NULL, number INTEGER NOT NULL, title TEXT NOT NULL,
                owner_kind TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,
                state TEXT NOT NULL, done_at BIGINT, created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL, PRIMARY KEY (incident_id, number)))",
           "CREATE INDEX incident_actions_due ON incident_actions(state, due)",
           // Timeline entries written by hand, numbered from 1 per incident.
           R"(CREATE TABLE incident_notes (
                incident_id TEXT NOT NULL, number INTEGER NOT NULL, at BIGINT NOT NULL,
                actor TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (incident_id, number)))",
           // The weekly chat message of a team's overdue actions: one per team and week (the
           // week's Monday, YYYY-MM-DD), claimed before it is posted.
           R"(CREATE TABLE incident_digests (
                team_id TEXT NOT NULL, week TEXT NOT NULL, posted_at BIGINT NOT NULL,
                PRIMARY KEY (team_id, week)))",
       },
       {},
       {}},
      {26,
       "monitoring_dashboard_deliveries",
       {
           // What Paved last delivered of each generated dashboard to Grafana: the version
           // Grafana gave Paved's save and the SHA-256 of the JSON Paved generated. A dashboard
           // whose Grafana version moved on since was edited there and is left alone
           // (state 'edited-in-grafana', `detail` says by whom); 'failed' keeps the error.
           // `annotated_seq` is the audit sequence of the last change annotated on it.
           R"(CREATE TABLE monitoring_dashboard_deliveries (
                uid TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
                team TEXT NOT NULL, project TEXT NOT NULL, cluster TEXT NOT NULL,
                namespace TEXT NOT NULL, folder_uid TEXT NOT NULL, url TEXT NOT NULL,
                version BIGINT NOT NULL, content_hash TEXT NOT NULL, state TEXT NOT NULL,
                grafana_version BIGINT NOT NULL, detail TEXT NOT NULL,
                delivered_at BIGINT NOT NULL, checked_at BIGINT NOT NULL,
                annotated_seq BIGINT NOT NULL))",
           "CREATE INDEX monitoring_dashboard_deliveries_project ON "
           "monitoring_dashboard_deliveries(project)",
       },
       {},
       {}},
      {27,
       "project_namespaces_by_name",
       {
           // Every project created checks who else claims its namespaces by name (catalog
           // CheckNamespaceClaims); the primary key starts with the cluster, so without this each
           // check read the whole table and importing 10,000 projects was quadratic.
           "CREATE INDEX project_namespaces_namespace ON project_namespaces(namespace, project_id)",
       },
       {},
       {}},
      {28,
       "jobs_run_again",
       {
           // A change deduplicated into a running job that may already have read past it asks
           // the job to run once more (EnqueueOptions::run_again_if_running); Complete then
           // queues the job again instead of finishing it.
           "ALTER TABLE jobs ADD COLUMN run_again INTEGER NOT NULL DEFAULT 0",
       },
       {},
       {}},
  };
  return kMigrations;
}

}  // namespace paved::store
