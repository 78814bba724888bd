import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import type { Orphan } from '../../api';
import { ErrorBanner, FormError } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { useTeamOptions } from '../../hooks/useTeams';
import { CatalogNav } from './CatalogNav';

/** Sets a cloud resource's owner team (and optionally its project). */
function ResourceOwnerForm({ orphan, onDone }: { orphan: Orphan; onDone: () => void }) {
  const teams = useTeamOptions().filter((t) => t.status !== 'dissolved');
  const [team, setTeam] = useState('');
  const [project, setProject] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.updateResource(orphan.id, {
        owner_team: team,
        project: project.trim() || undefined,
      });
      onDone();
    });
  }

  return (
    <form
      className="inline-row"
      onSubmit={submit}
      noValidate
      aria-label={`Set owner of ${orphan.name}`}
    >
      <select
        className="form-control"
        aria-label="Owner team"
        value={team}
        onChange={(e) => setTeam(e.target.value)}
      >
        <option value="">Choose a team…</option>
        {teams.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name}
          </option>
        ))}
      </select>
      <input
        className="form-control"
        aria-label="Project (optional)"
        placeholder="project (optional)"
        value={project}
        onChange={(e) => setProject(e.target.value)}
      />
      <button type="submit" className="btn btn-sm btn-primary" disabled={busy || !team}>
        Set owner
      </button>
      <FormError error={error} />
      {error?.field ? <span className="field-error">{error.message}</span> : null}
    </form>
  );
}

function OrphanRow({ orphan, onChanged }: { orphan: Orphan; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const isProject = orphan.kind === 'project';
  return (
    <tr data-kind={orphan.kind} data-id={orphan.id}>
      <td>
        <span className="label">{orphan.kind}</span>
      </td>
      <td>
        {isProject ? (
          <Link to={`/projects/${orphan.id}`} className="strong">
            {orphan.name}
          </Link>
        ) : (
          <span className="strong">{orphan.name}</span>
        )}
        <div className="muted small mono">{orphan.id}</div>
        {open ? <ResourceOwnerForm orphan={orphan} onDone={onChanged} /> : null}
      </td>
      <td>{orphan.reason}</td>
      <td>
        {orphan.last_owner ? (
          <Link to={`/teams/${orphan.last_owner}`}>{orphan.last_owner}</Link>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="col-time muted">
        <Time value={orphan.since} />
      </td>
      <td className="actions">
        {isProject ? (
          <Link className="btn btn-sm" to={`/projects/${orphan.id}?transfer=1`}>
            Transfer
          </Link>
        ) : !open ? (
          <button className="btn btn-sm" onClick={() => setOpen(true)}>
            Set owner
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/** Projects and cloud resources nobody owns, oldest first. */
export function OrphansPage() {
  const orphans = useLoad(() => api.listOrphans(), 'orphans');
  const items = orphans.data?.items ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>Needs an owner</h1>
      </div>
      <CatalogNav />
      <ErrorBanner error={orphans.error} />
      <div className="box">
        <table
          className="table"
          data-testid="orphans-table"
          data-loading={orphans.loading ? 'true' : 'false'}
        >
          <thead>
            <tr>
              <th>Kind</th>
              <th>Name</th>
              <th>Why</th>
              <th>Last owner</th>
              <th className="col-time">Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <OrphanRow key={`${o.kind}:${o.id}`} orphan={o} onChanged={orphans.reload} />
            ))}
          </tbody>
        </table>
        {!orphans.loading && !orphans.error && items.length === 0 ? (
          <div className="empty">Everything has an owner.</div>
        ) : null}
      </div>
    </div>
  );
}
