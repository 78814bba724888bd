// The Spec tab: edit paved.yaml with validation as you type, save a new version, browse the
// version history and compare two versions.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { ApiError, Project, SpecDiff, SpecError, SpecValidation } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { Time } from '../../components/Time';
import { useDebounced } from '../../hooks/useDebounced';
import { usePaged } from '../../hooks/usePaged';
import { canCreateProjects, useSession } from '../../session';
import { DiffView, isMissingRoute } from './deployShared';
import { focusLine, SpecEditor } from './SpecEditor';

const kValidateDelayMs = 400;

function starterSpec(slug: string): string {
  return [
    'apiVersion: paved.dev/v1',
    'services:',
    '  web:',
    `    image: registry.example.com/${slug}`,
    '    port: 8080',
    '',
  ].join('\n');
}

type Loaded =
  { kind: 'loading' } | { kind: 'ready'; latest: number | null } | { kind: 'error'; error: Error };

/** Validates `text` as it settles; answers to superseded texts are dropped. */
function useValidation(text: string, enabled: boolean) {
  const settled = useDebounced(text, kValidateDelayMs);
  const [result, setResult] = useState<{ text: string; answer: SpecValidation } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const generation = useRef(0);
  useEffect(() => {
    // Only a text that has settled: not the stale one left from before the spec loaded.
    if (!enabled || settled !== text) return;
    const mine = ++generation.current;
    api
      .validateSpec(settled)
      .then((answer) => {
        if (mine !== generation.current) return;
        setResult({ text: settled, answer: { ...answer, errors: answer.errors ?? [] } });
        setError(null);
      })
      .catch((e: Error) => {
        if (mine === generation.current) setError(e);
      });
  }, [settled, enabled, text]);
  return { result, error, pending: enabled && (settled !== text || result?.text !== settled) };
}

export function SpecTab({ project }: { project: Project }) {
  const { user } = useSession();
  const canEdit = canCreateProjects(user);
  const slug = project.slug;
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const [saveErrors, setSaveErrors] = useState<{ text: string; errors: SpecError[] } | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const versions = usePaged((p) => api.listSpecVersions(slug, p), `spec-versions:${slug}`);

  useEffect(() => {
    let live = true;
    setLoaded({ kind: 'loading' });
    api
      .getSpec(slug)
      .then((v) => {
        if (!live) return;
        setText(v.yaml ?? '');
        setLoaded({ kind: 'ready', latest: v.version });
      })
      .catch((e: ApiError) => {
        if (!live) return;
        if (e.status === 404 && !isMissingRoute(e)) {
          setText(starterSpec(slug));
          setLoaded({ kind: 'ready', latest: null });
        } else {
          setLoaded({ kind: 'error', error: e });
        }
      });
    return () => {
      live = false;
    };
  }, [slug]);

  const ready = loaded.kind === 'ready';
  const validation = useValidation(text, ready && canEdit);
  // Errors of the text on screen: the save's answer if it is about this text, else validation's
  // (those of an earlier text stay shown, dimmed, until the new answer arrives).
  const errors: SpecError[] =
    saveErrors && saveErrors.text === text
      ? saveErrors.errors
      : validation.result && validation.result.text === text
        ? validation.result.answer.errors
        : (validation.result?.answer.errors ?? []);
  const current = !validation.pending && validation.result?.text === text;

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaveError(null);
    setSaved(null);
    const sent = text;
    try {
      const before = loaded.kind === 'ready' ? loaded.latest : null;
      const v = await api.putSpec(slug, sent, message.trim() || undefined);
      setSaveErrors(null);
      setLoaded({ kind: 'ready', latest: v.version });
      setSaved(
        before === v.version
          ? `No change: identical to version ${v.version}.`
          : `Saved version ${v.version}.`,
      );
      setMessage('');
      versions.reload();
    } catch (err) {
      const specErrors = api.specErrorsOf(err);
      if (specErrors.length > 0) setSaveErrors({ text: sent, errors: specErrors });
      else setSaveError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  if (loaded.kind === 'loading') return <div className="muted">Loading…</div>;
  if (loaded.kind === 'error') return <ErrorBanner error={loaded.error} />;

  return (
    <div>
      <form className="box" onSubmit={save} aria-label="Edit spec">
        <div className="box-header box-header-actions">
          <h2>
            paved.yaml{' '}
            <span className="muted small" data-testid="spec-latest">
              {loaded.latest ? `version ${loaded.latest}` : 'no version yet'}
            </span>
          </h2>
          {canEdit ? (
            <ValidationBadge
              pending={validation.pending}
              current={current}
              errors={errors.length}
              failed={validation.error}
            />
          ) : null}
        </div>
        <SpecEditor
          ref={editor}
          value={text}
          onChange={(value) => {
            setText(value);
            setSaved(null);
          }}
          errors={errors}
          readOnly={!canEdit}
          label="Spec YAML"
        />
        <SpecErrorList
          errors={errors}
          stale={!current && !(saveErrors && saveErrors.text === text)}
          onPick={(e) => focusLine(editor.current, e.line, e.column)}
        />
        {validation.error ? (
          <div className="flash flash-warn small" role="status">
            Validation is unavailable: {validation.error.message}
          </div>
        ) : null}
        <ErrorBanner error={saveError} />
        {saved ? (
          <div className="flash flash-success" role="status" data-testid="spec-saved">
            {saved}
          </div>
        ) : null}
        {canEdit ? (
          <div className="box-footer">
            <input
              id="spec-message"
              className="form-control"
              placeholder="Message (optional)"
              aria-label="Message"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
            <button type="submit" className="btn btn-primary" disabled={busy}>
              Save
            </button>
          </div>
        ) : null}
      </form>
      <SpecHistory
        slug={slug}
        versions={versions.items}
        nextCursor={versions.nextCursor}
        loading={versions.loading}
        error={versions.error}
        loadMore={versions.loadMore}
        onOpen={(yaml) => {
          setText(yaml);
          editor.current?.scrollIntoView({ block: 'center' });
        }}
        canEdit={canEdit}
      />
    </div>
  );
}

function ValidationBadge(props: {
  pending: boolean;
  current: boolean;
  errors: number;
  failed: Error | null;
}) {
  if (props.failed) return <span className="label">not validated</span>;
  if (props.pending || !props.current) {
    return (
      <span className="label" data-testid="spec-status" data-state="checking">
        checking…
      </span>
    );
  }
  if (props.errors > 0) {
    return (
      <span className="label label-danger" data-testid="spec-status" data-state="invalid">
        {props.errors} {props.errors === 1 ? 'error' : 'errors'}
      </span>
    );
  }
  return (
    <span className="label label-production" data-testid="spec-status" data-state="valid">
      valid
    </span>
  );
}

function SpecErrorList({
  errors,
  stale,
  onPick,
}: {
  errors: SpecError[];
  stale: boolean;
  onPick: (e: SpecError) => void;
}) {
  if (errors.length === 0) return null;
  return (
    <ul
      className={stale ? 'spec-errors stale' : 'spec-errors'}
      data-testid="spec-errors"
      data-stale={stale}
      role="alert"
    >
      {errors.map((e, i) => (
        <li key={i} data-testid="spec-error" data-line={e.line} data-field={e.field}>
          {e.line > 0 ? (
            <button type="button" className="link-button mono" onClick={() => onPick(e)}>
              line {e.line}:{e.column}
            </button>
          ) : null}{' '}
          {e.field ? <code className="action">{e.field}</code> : null} {e.message}
        </li>
      ))}
    </ul>
  );
}

interface SpecHistoryProps {
  slug: string;
  versions: api.SpecVersionInfo[];
  nextCursor: string | null;
  loading: boolean;
  error: Error | null;
  loadMore: () => void;
  onOpen: (yaml: string) => void;
  canEdit: boolean;
}

function SpecHistory(props: SpecHistoryProps) {
  const { slug, versions } = props;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<SpecDiff | null>(null);
  const [error, setError] = useState<Error | null>(null);

  // Default comparison: the latest against the one before it.
  useEffect(() => {
    if (versions.length === 0) return;
    setTo(versions[0].version);
    setFrom(versions[1]?.version ?? versions[0].version);
    setDiff(null);
  }, [versions]);

  async function compare() {
    if (from === null || to === null) return;
    setError(null);
    try {
      setDiff(await api.specDiff(slug, from, to));
    } catch (e) {
      setError(e as Error);
    }
  }

  async function open(version: number) {
    setError(null);
    try {
      props.onOpen((await api.getSpec(slug, version)).yaml ?? '');
    } catch (e) {
      setError(e as Error);
    }
  }

  const options = versions.map((v) => (
    <option key={v.version} value={v.version}>
      version {v.version}
    </option>
  ));

  return (
    <div className="box" data-testid="spec-history">
      <div className="box-header box-header-actions">
        <h2>History</h2>
        {versions.length > 1 ? (
          <div className="inline-row">
            <select
              aria-label="From version"
              className="form-control"
              value={from ?? ''}
              onChange={(e) => setFrom(Number(e.target.value))}
            >
              {options}
            </select>
            <select
              aria-label="To version"
              className="form-control"
              value={to ?? ''}
              onChange={(e) => setTo(Number(e.target.value))}
            >
              {options}
            </select>
            <button type="button" className="btn btn-sm" onClick={() => void compare()}>
              Compare
            </button>
          </div>
        ) : null}
      </div>
      <ErrorBanner error={props.error ?? error} />
      {diff ? (
        <div className="box-body">
          <p className="small muted">
            Changes from version {diff.from} to version {diff.to}
          </p>
          <DiffView lines={diffLinesOf(diff)} testId="spec-diff" />
        </div>
      ) : null}
      {versions.length === 0 && !props.loading ? (
        <div className="empty">No versions yet. Save the spec to create version 1.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th className="num">Version</th>
              <th>Message</th>
              <th>Author</th>
              <th className="col-time">Created</th>
              <th className="actions" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td className="num">{v.version}</td>
                <td>{v.message || <span className="muted">—</span>}</td>
                <td>{v.author}</td>
                <td className="col-time">
                  <Time value={v.created_at} />
                </td>
                <td className="actions">
                  <button type="button" className="btn btn-sm" onClick={() => void open(v.version)}>
                    {props.canEdit ? 'Load' : 'Show'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore cursor={props.nextCursor} loading={props.loading} onClick={props.loadMore} />
    </div>
  );
}

/** The diff's lines; parsed from the unified text when the answer has none. */
function diffLinesOf(diff: SpecDiff): api.DiffLine[] {
  if (diff.lines && diff.lines.length > 0) return diff.lines;
  return (diff.diff ?? '')
    .split('\n')
    .filter((l) => l && !l.startsWith('+++') && !l.startsWith('---') && !l.startsWith('@@'))
    .map((l) => ({
      op: (l[0] === '+' || l[0] === '-' ? l[0] : ' ') as ' ' | '+' | '-',
      text: l.slice(1),
    }));
}
