// Incidents across projects (for sre): filtered by state and owner team.
import { useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { IncidentTable } from './incidentsUi';

export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? 'open';
  const team = params.get('team') ?? '';
  const list = useLoad(
    () =>
      api.listIncidents({ state: state === 'all' ? undefined : state, team: team || undefined }),
    `incidents:${state}:${team}`,
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  return (
    <div>
      <div className="page-head">
        <h1>Incidents</h1>
      </div>
      <div className="inline-row">
        <select
          aria-label="State"
          className="form-control"
          value={state}
          onChange={(e) => set('state', e.target.value)}
        >
          {['open', 'mitigated', 'resolved', 'all'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input
          aria-label="Team"
          className="form-control"
          placeholder="Team slug"
          value={team}
          onChange={(e) => set('team', e.target.value.trim())}
        />
      </div>
      <ErrorBanner error={list.error} />
      <div className="box scroll-x">
        <IncidentTable items={list.data?.items ?? []} loading={list.loading} />
      </div>
    </div>
  );
}
