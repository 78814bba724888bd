#include "store/migrate.h"

namespace paved::store {

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
  };
  return kMigrations;
}

}  // namespace paved::store
