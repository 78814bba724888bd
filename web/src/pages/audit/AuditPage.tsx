import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { AuditEvent, PageParams } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { EventsTable } from '../../components/EventsTable';
import { LoadMore } from '../../components/LoadMore';
import { usePaged } from '../../hooks/usePaged';

/** Adds `incoming` to `events` (newest first), dropping duplicates by seq. */
export function mergeEvents(events: AuditEvent[], incoming: AuditEvent[]): AuditEvent[] {
  const seen = new Set(events.map((e) => e.seq));
  const added = incoming.filter((e) => !seen.has(e.seq));
  if (added.length === 0) return events;
  return [...added, ...events].sort((a, b) => b.seq - a.seq);
}

function matches(event: AuditEvent, subject: string, actor: string): boolean {
  return (!subject || event.subject === subject) && (!actor || event.actor === actor);
}

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const actor = params.get('actor') ?? '';
  const [subjectInput, setSubjectInput] = useState(subject);
  const [actorInput, setActorInput] = useState(actor);
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState<Set<number>>(new Set());

  const fetchPage = useCallback(
    (p: PageParams) => api.listAudit({ ...p, subject, actor }),
    [subject, actor],
  );
  const list = usePaged<AuditEvent>(fetchPage, `${subject}\n${actor}`);
  // Events learnt after the list was loaded: from the stream, or from the
  // first page fetched again whenever the stream (re)connects.
  const [extra, setExtra] = useState<AuditEvent[]>([]);
  const events = useMemo(() => mergeEvents(list.items, extra), [list.items, extra]);

  useEffect(() => {
    setExtra([]);
    const close = api.subscribeEvents({
      onEvent: (event) => {
        if (!matches(event, subject, actor)) return;
        setExtra((old) => mergeEvents(old, [event]));
        setFresh((old) => new Set(old).add(event.seq));
      },
      onOpen: () => {
        setLive(true);
        api
          .listAudit({ subject, actor })
          .then((page) => setExtra((old) => mergeEvents(old, page.items)))
          .catch(() => undefined);
      },
      onError: () => setLive(false),
    });
    return () => {
      close();
      setLive(false);
    };
  }, [subject, actor]);

  function applyFilters(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (subjectInput.trim()) next.set('subject', subjectInput.trim());
    if (actorInput.trim()) next.set('actor', actorInput.trim());
    setParams(next, { replace: true });
  }

  return (
    <div>
      <div className="page-head">
        <h1>Audit log</h1>
        <span
          className={live ? 'live-badge on' : 'live-badge'}
          data-testid="live-status"
          data-live={live ? 'true' : 'false'}
          title={live ? 'New events appear as they happen' : 'Reconnecting to the event stream'}
        >
          <span className="dot" aria-hidden="true" />
          {live ? 'Live' : 'Offline'}
        </span>
      </div>
      <form className="filters" onSubmit={applyFilters} aria-label="Filter events">
        <input
          name="subject"
          className="form-control"
          placeholder="Subject, e.g. project:web"
          aria-label="Subject"
          value={subjectInput}
          onChange={(e) => setSubjectInput(e.target.value)}
        />
        <input
          name="actor"
          className="form-control"
          placeholder="Actor login"
          aria-label="Actor"
          value={actorInput}
          onChange={(e) => setActorInput(e.target.value)}
        />
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <ErrorBanner error={list.error} />
      <div className="box">
        <EventsTable events={events} fresh={fresh} />
        {!list.loading && events.length === 0 && !list.error ? (
          <div className="empty">No events.</div>
        ) : null}
      </div>
      <LoadMore cursor={list.nextCursor} loading={list.loading} onClick={list.loadMore} />
    </div>
  );
}
