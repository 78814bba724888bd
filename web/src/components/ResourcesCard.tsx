import { Link } from 'react-router-dom';
import * as api from '../api';
import { ErrorBanner } from './Field';
import { Time } from './Time';
import { useLoad } from '../hooks/useLoad';

/** Cloud resources of a project or a team (GET /catalog/resources). */
export function ResourcesCard({ project, owner }: { project?: string; owner?: string }) {
  const resources = useLoad(
    () => api.listResources({ project, owner }),
    `${project ?? ''}\n${owner ?? ''}`,
  );
  const items = resources.data?.items ?? [];
  return (
    <section className="box" data-testid="resources">
      <div className="box-header">
        <h2>
          Cloud resources {resources.data ? <span className="counter">{items.length}</span> : null}
        </h2>
      </div>
      <ErrorBanner error={resources.error} />
      {items.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Resource</th>
              <th>Type</th>
              <th>Account / region</th>
              {owner ? <th>Project</th> : <th>Owner</th>}
              <th className="col-time">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-id={r.id}>
                <td>
                  <span className="strong">{r.name || r.id}</span>
                  <div className="muted small mono">{r.id}</div>
                </td>
                <td>
                  {r.provider} {r.type}
                </td>
                <td className="mono small">
                  {r.account} {r.region}
                </td>
                <td>
                  {owner ? (
                    r.project ? (
                      <Link to={`/projects/${r.project}`}>{r.project}</Link>
                    ) : (
                      '—'
                    )
                  ) : r.owner_team ? (
                    <Link to={`/teams/${r.owner_team}`}>{r.owner_team}</Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="col-time muted">
                  <Time value={r.last_seen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !resources.loading && !resources.error ? (
        <div className="empty">No cloud resources.</div>
      ) : null}
    </section>
  );
}
