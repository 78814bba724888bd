// The project page's Incidents tab: its incidents and a form to open one by hand.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import * as api from '../../api';
import type { OpenIncidentBody, Project } from '../../api';
import { ErrorBanner, Field, FormError } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { useSession } from '../../session';
import { IncidentTable, mayWrite } from './incidentsUi';

function OpenIncidentForm({ project }: { project: string }) {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<NonNullable<OpenIncidentBody['severity']>>('sev3');
  const { busy, error, run } = useSubmit();
  const navigate = useNavigate();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const i = await api.openIncident({ project, title, severity });
      navigate(`/incidents/${encodeURIComponent(i.id)}`);
    });
  }
  return (
    <form className="box-body" onSubmit={submit} noValidate aria-label="Open incident">
      <Field name="title" label="Title" error={error}>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field name="severity" label="Severity" error={error}>
        {(p) => (
          <select
            {...p}
            value={severity}
            onChange={(e) => setSeverity(e.target.value as typeof severity)}
          >
            {['sev1', 'sev2', 'sev3', 'sev4'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || !title.trim()}>
        Open incident
      </button>
    </form>
  );
}

export function ProjectIncidentsTab({ project }: { project: Project }) {
  const { user } = useSession();
  const list = useLoad(() => api.listProjectIncidents(project.slug), `incidents:${project.slug}`);
  return (
    <div>
      <ErrorBanner error={list.error} />
      <div className="box scroll-x">
        <div className="box-header">
          <strong>Incidents</strong>
        </div>
        <IncidentTable items={list.data?.items ?? []} loading={list.loading} />
      </div>
      {mayWrite(user, project.owner_team) ? (
        <div className="box">
          <div className="box-header">
            <strong>Open an incident</strong>
          </div>
          <OpenIncidentForm project={project.slug} />
        </div>
      ) : null}
    </div>
  );
}
