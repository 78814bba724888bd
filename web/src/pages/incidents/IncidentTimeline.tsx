// What happened around the incident, oldest first, and a note added by hand.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner, FormError } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';

export function IncidentTimeline({ id, editable }: { id: string; editable: boolean }) {
  const timeline = useLoad(() => api.incidentTimeline(id), `incident-timeline:${id}`);
  const [text, setText] = useState('');
  const { busy, error, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.addIncidentNote(id, text);
      setText('');
      timeline.reload();
    });
  }
  return (
    <section className="box scroll-x" data-testid="incident-timeline">
      <div className="box-header">
        <strong>Timeline</strong>
      </div>
      <ErrorBanner error={timeline.error} />
      <table className="table">
        <tbody>
          {(timeline.data?.items ?? []).map((e, n) => (
            <tr key={n} data-testid="timeline-entry" data-kind={e.kind}>
              <td className="col-time">
                <Time value={e.at} />
              </td>
              <td>
                <span className="label">{e.kind}</span>
              </td>
              <td>{e.actor}</td>
              <td>{e.link ? <Link to={e.link}>{e.text}</Link> : e.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable ? (
        <form className="box-footer inline-row" onSubmit={submit} aria-label="Add note">
          <input
            aria-label="Note"
            className="form-control"
            placeholder="Add a note to the timeline"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn" disabled={busy || !text.trim()}>
            Add note
          </button>
          <FormError error={error} />
        </form>
      ) : null}
    </section>
  );
}
