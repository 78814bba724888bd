// Pieces shared by the incident pages: labels, the list table and who may write.
import { Link } from 'react-router-dom';
import type { Incident, User } from '../../api';
import { Time } from '../../components/Time';

/** Viewers read; the server decides the rest (owner team's developers, sre, admin). */
/** True when `user` may open and change incidents of a project owned by `ownerTeam` (the
 * server's rule for a project's writes: its team's developers, SREs and admins). */
export function mayWrite(user: User, ownerTeam: string): boolean {
  if (user.role === 'admin' || user.role === 'sre') return true;
  return user.role === 'developer' && user.teams.includes(ownerTeam);
}

export function StateLabel({ state }: { state: string }) {
  const cls = state === 'resolved' ? 'label' : 'label label-danger';
  return (
    <span className={cls} data-testid="incident-state">
      {state}
    </span>
  );
}

export function IncidentTable({ items, loading }: { items: Incident[]; loading: boolean }) {
  return (
    <table className="table" data-testid="incident-list">
      <thead>
        <tr>
          <th>Title</th>
          <th>Project</th>
          <th>Severity</th>
          <th>State</th>
          <th className="col-time">Started</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-testid="incident-row">
            <td>
              <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>
            </td>
            <td>
              <Link to={`/projects/${encodeURIComponent(i.project)}`}>{i.project}</Link>
            </td>
            <td>
              <span className="label">{i.severity}</span>
            </td>
            <td>
              <StateLabel state={i.state} />
            </td>
            <td className="col-time">
              <Time value={i.started_at} />
            </td>
          </tr>
        ))}
        {items.length === 0 && !loading ? (
          <tr>
            <td colSpan={5} className="muted">
              No incidents.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
