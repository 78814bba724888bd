// What an incident taught; a lesson may ask for a dashboard panel on the project's namespaces and
// for an alert rule in their generated rules.
import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Incident } from '../../api';
import { Field, FormError } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';

interface Props {
  incident: Incident;
  editable: boolean;
  onChanged: (incident: Incident) => void;
}

type Severity = 'critical' | 'warning' | 'info';

function AddLessonForm({ incident, onChanged }: Omit<Props, 'editable'>) {
  const [text, setText] = useState('');
  const [panelTitle, setPanelTitle] = useState('');
  const [promql, setPromql] = useState('');
  const [unit, setUnit] = useState('');
  const [ruleName, setRuleName] = useState('');
  const [expr, setExpr] = useState('');
  const [forDuration, setForDuration] = useState('');
  const [severity, setSeverity] = useState<Severity>('warning');
  const { busy, error, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const panel =
        panelTitle.trim() || promql.trim()
          ? { title: panelTitle, promql, ...(unit.trim() ? { unit: unit.trim() } : {}) }
          : undefined;
      const rule =
        ruleName.trim() || expr.trim()
          ? {
              name: ruleName.trim(),
              expr,
              severity,
              ...(forDuration.trim() ? { for: forDuration.trim() } : {}),
            }
          : undefined;
      onChanged(
        await api.addIncidentLesson(incident.id, {
          text,
          ...(panel ? { panel } : {}),
          ...(rule ? { rule } : {}),
        }),
      );
      setText('');
      setPanelTitle('');
      setPromql('');
      setUnit('');
      setRuleName('');
      setExpr('');
      setForDuration('');
    });
  }
  return (
    <form className="box-footer" onSubmit={submit} noValidate aria-label="Add lesson">
      <Field name="text" label="Lesson" error={error}>
        {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field name="panel.title" label="Dashboard panel title (optional)" error={error}>
        {(p) => <input {...p} value={panelTitle} onChange={(e) => setPanelTitle(e.target.value)} />}
      </Field>
      <Field name="panel.promql" label="PromQL" error={error}>
        {(p) => <input {...p} value={promql} onChange={(e) => setPromql(e.target.value)} />}
      </Field>
      <Field name="panel.unit" label="Unit" error={error}>
        {(p) => (
          <input
            {...p}
            placeholder="s, percentunit"
            value={unit}
            onChange={(e) => setUnit(e.target.value)}
          />
        )}
      </Field>
      <Field name="rule.name" label="Alert rule name (optional)" error={error}>
        {(p) => (
          <input
            {...p}
            placeholder="PoolExhausted"
            value={ruleName}
            onChange={(e) => setRuleName(e.target.value)}
          />
        )}
      </Field>
      <Field name="rule.expr" label="Alert expression" error={error}>
        {(p) => <input {...p} value={expr} onChange={(e) => setExpr(e.target.value)} />}
      </Field>
      <Field name="rule.for" label="For" error={error}>
        {(p) => (
          <input
            {...p}
            placeholder="5m"
            value={forDuration}
            onChange={(e) => setForDuration(e.target.value)}
          />
        )}
      </Field>
      <Field name="rule.severity" label="Severity" error={error}>
        {(p) => (
          <select {...p} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            <option value="critical">critical (pages)</option>
            <option value="warning">warning</option>
            <option value="info">info</option>
          </select>
        )}
      </Field>
      <FormError error={error} />
      <button type="submit" className="btn" disabled={busy || !text.trim()}>
        Add lesson
      </button>
    </form>
  );
}

export function IncidentLessons({ incident, editable, onChanged }: Props) {
  return (
    <section className="box" data-testid="incident-lessons">
      <div className="box-header">
        <strong>Lessons</strong>
      </div>
      <div className="box-body">
        <ul>
          {incident.lessons.map((l) => (
            <li key={l.number}>
              {l.text}
              {l.panel ? (
                <div className="muted small">
                  panel “{l.panel.title}”: <code>{l.panel.promql}</code>
                  {l.panel.unit ? ` (${l.panel.unit})` : ''}
                </div>
              ) : null}
              {l.rule ? (
                <div className="muted small">
                  rule {l.rule.name} ({l.rule.severity}): <code>{l.rule.expr}</code>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {incident.lessons.length === 0 ? <p className="muted">None yet.</p> : null}
      </div>
      {editable ? <AddLessonForm incident={incident} onChanged={onChanged} /> : null}
    </section>
  );
}
