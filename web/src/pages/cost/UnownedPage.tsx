// The cost no team owns for a month (`?month=YYYY-MM`): per account, service and resource, with
// the tags the bill had, largest first.
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

export function UnownedPage() {
  const [params] = useSearchParams();
  const month = api.monthOr(params.get('month'));
  const { from, to } = api.monthRange(month);
  const lines = useLoad(() => api.costUnowned({ from, to }), `unowned:${month}`);
  return (
    <div>
      <div className="breadcrumbs">
        <Link to={`/cost?month=${month}`}>Cost</Link> / <span className="strong">Unowned</span>
      </div>
      <div className="page-head">
        <h1>Unowned cost, {month}</h1>
        <span data-testid="unowned-total">{api.dollars(lines.data?.total.effective)}</span>
      </div>
      <p className="muted">
        Tag these resources with a team or project, or give them an owner in the catalog: their cost
        then moves to that team, past days included.
      </p>
      <ErrorBanner error={lines.error} />
      <div className="box scroll-x">
        <table className="table" data-testid="unowned-lines">
          <thead>
            <tr>
              <th>Account</th>
              <th>Service</th>
              <th>Resource</th>
              <th>Tags</th>
              <th>Days</th>
              <th>Effective</th>
            </tr>
          </thead>
          <tbody>
            {(lines.data?.lines ?? []).map((l, i) => (
              <tr key={i}>
                <td className="mono">{l.account}</td>
                <td>{l.service}</td>
                <td className="mono">{l.resource_id || l.namespace || '—'}</td>
                <td>{[l.team_tag, l.project_tag].filter(Boolean).join(' / ') || '—'}</td>
                <td>
                  {l.first_day} – {l.last_day}
                </td>
                <td>{api.dollars(l.effective)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
