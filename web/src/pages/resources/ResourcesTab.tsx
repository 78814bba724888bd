// The project's Resources tab: its Redis, static sites and DynamoDB tables per environment, and
// (for the owner team, sre and admin) the form that creates one with the standard.
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import * as api from '../../api';
import type { Project, Resource } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import { CreateResourceForm } from './CreateResourceForm';
import { canChangeResources, formatPrice, isSettled, ResourceStatus, sizeOf } from './resourcesUi';

/** The resources of one environment. */
function EnvironmentTable({ environment, items }: { environment: string; items: Resource[] }) {
  return (
    <div className="box" data-testid="resource-env" data-environment={environment}>
      <div className="box-header">
        <h2>
          {environment} <span className="counter">{items.length}</span>
        </h2>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Size</th>
            <th className="num">Estimated price</th>
            <th>Owner</th>
            <th className="col-time">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid="resource-row" data-name={r.name}>
              <td>
                <Link to={`/resources/${r.id}`} className="strong">
                  {r.name}
                </Link>
              </td>
              <td>{r.kind}</td>
              <td>
                <ResourceStatus status={r.status} />
              </td>
              <td className="mono">{sizeOf(r)}</td>
              <td className="num">{formatPrice(r)}</td>
              <td>
                <Link to={`/teams/${r.owner_team}`}>{r.owner_team}</Link>{' '}
                <span className="muted small">by {r.created_by}</span>
              </td>
              <td className="col-time">
                <Time value={r.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `items` by environment, in name order. */
function byEnvironment(items: Resource[]): [string, Resource[]][] {
  const groups = new Map<string, Resource[]>();
  for (const r of items) groups.set(r.environment, [...(groups.get(r.environment) ?? []), r]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function ResourcesTab({ project }: { project: Project }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const canChange = canChangeResources(user, project.owner_team);
  const resources = useLoad(
    () => api.listSelfServiceResources({ project: project.slug }, { limit: 200 }),
    `resources:${project.slug}`,
  );
  const profiles = useLoad(() => api.listResourceProfiles(), 'resource-profiles');
  const items = resources.data?.items ?? [];
  // While a creation or deletion runs, the statuses are read again every few seconds.
  const running = items.some((r) => !isSettled(r.status));
  const { reload } = resources;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [running, reload]);

  return (
    <div data-testid="resources-tab">
      <div className="page-head">
        <p className="muted">
          Redis, static sites and DynamoDB tables made with the platform&apos;s standard.
        </p>
        {canChange && !creating ? (
          <button
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="new-resource"
          >
            New resource
          </button>
        ) : null}
      </div>
      <ErrorBanner error={resources.error ?? profiles.error} />
      {creating && profiles.data ? (
        <CreateResourceForm
          slug={project.slug}
          profiles={profiles.data.items}
          onCancel={() => setCreating(false)}
          onCreated={(r) => navigate(`/resources/${r.id}`)}
        />
      ) : null}
      {resources.data && items.length === 0 ? (
        <div className="blankslate" data-testid="no-resources">
          This project has no resources yet.
        </div>
      ) : null}
      {byEnvironment(items).map(([env, list]) => (
        <EnvironmentTable key={env} environment={env} items={list} />
      ))}
    </div>
  );
}
