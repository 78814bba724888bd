// The team page's list of overdue incident actions: open, past their due day.
import { Link } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

export function OverdueActionsPanel({ team }: { team: string }) {
  const overdue = useLoad(() => api.overdueIncidentActions(team), `overdue:${team}`);
  const items = overdue.data?.items ?? [];
  return (
    <section className="box" data-testid="overdue-actions">
      <div className="box-header">
        <h2>Overdue incident actions</h2>
      </div>
      <ErrorBanner error={overdue.error} />
      <table className="table">
        <tbody>
          {items.map((a) => (
            <tr key={`${a.incident?.id}-${a.number}`}>
              <td>{a.title}</td>
              <td>{a.owner}</td>
              <td className="nowrap">due {a.due}</td>
              <td>
                {a.incident ? (
                  <Link to={`/incidents/${encodeURIComponent(a.incident.id)}`}>
                    {a.incident.title}
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
          {items.length === 0 && !overdue.loading ? (
            <tr>
              <td className="muted">No overdue actions.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
