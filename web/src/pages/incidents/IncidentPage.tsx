// One incident: facts and state, its timeline, the five whys, contributing factors, lessons and
// follow-up actions, and its Markdown export.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import * as api from '../../api';
import type { ApiError, Incident } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { NotFoundPage } from '../../components/NotFoundPage';
import { Time } from '../../components/Time';
import { useSubmit } from '../../hooks/useSubmit';
import { useSession } from '../../session';
import { EditableList } from './EditableList';
import { IncidentActions } from './IncidentActions';
import { IncidentLessons } from './IncidentLessons';
import { IncidentTimeline } from './IncidentTimeline';
import { mayWrite, StateLabel } from './incidentsUi';

function StateButtons(props: { incident: Incident; onChanged: (i: Incident) => void }) {
  const { busy, error, run } = useSubmit();
  const to = (state: 'open' | 'mitigated' | 'resolved') =>
    run(async () => props.onChanged(await api.patchIncident(props.incident.id, { state })));
  const next = (['open', 'mitigated', 'resolved'] as const).filter(
    (s) => s !== props.incident.state,
  );
  return (
    <span className="box-header-actions">
      {next.map((s) => (
        <button
          key={s}
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void to(s)}
        >
          {s === 'open' ? 'Reopen' : `Mark ${s}`}
        </button>
      ))}
      <ErrorBanner error={error} />
    </span>
  );
}

export function IncidentPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const [incident, setIncident] = useState<Incident | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    setIncident(null);
    api
      .getIncident(id)
      .then(setIncident)
      .catch((e: ApiError) => setError(e));
  }, [id]);

  if (error?.status === 404) return <NotFoundPage what="incident" />;
  if (!incident) return <ErrorBanner error={error} />;
  const editable = mayWrite(user, incident.team);
  const save = (field: 'whys' | 'factors') => async (items: string[]) =>
    setIncident(await api.patchIncident(incident.id, { [field]: items }));
  return (
    <div>
      <div className="breadcrumbs">
        <Link to="/incidents">Incidents</Link> /{' '}
        <Link to={`/projects/${encodeURIComponent(incident.project)}?tab=incidents`}>
          {incident.project}
        </Link>
      </div>
      <div className="page-head">
        <h1 className="title-with-badges" data-testid="incident-title">
          <span>{incident.title}</span>
          <span className="label">{incident.severity}</span>
          <StateLabel state={incident.state} />
        </h1>
        {editable ? <StateButtons incident={incident} onChanged={setIncident} /> : null}
      </div>
      <p className="muted small">
        Started <Time value={incident.started_at} />, opened <Time value={incident.opened_at} /> by{' '}
        {incident.opened_by}
        {incident.alert_group ? ` from alert group ${incident.alert_group}` : ''}
        {incident.resolved_at ? (
          <>
            , resolved <Time value={incident.resolved_at} />
          </>
        ) : null}
        {' · '}
        <a href={api.incidentExportUrl(incident.id)} download>
          Export Markdown
        </a>
      </p>
      <IncidentTimeline id={incident.id} editable={editable} />
      <EditableList
        title="Whys"
        field="whys"
        items={incident.whys}
        numbered
        editable={editable}
        placeholder="Why did it happen? (the next why)"
        onSave={save('whys')}
      />
      <EditableList
        title="Contributing factors"
        field="factors"
        items={incident.factors}
        numbered={false}
        editable={editable}
        placeholder="A contributing factor"
        onSave={save('factors')}
      />
      <IncidentLessons incident={incident} editable={editable} onChanged={setIncident} />
      <IncidentActions incident={incident} editable={editable} onChanged={setIncident} />
    </div>
  );
}
