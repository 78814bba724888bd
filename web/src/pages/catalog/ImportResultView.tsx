import { Link } from 'react-router-dom';
import type { CatalogImportResult } from '../../api';

type Outcome = 'created' | 'updated' | 'unchanged' | 'orphaned';
const kOutcomes: { key: Outcome; title: string }[] = [
  { key: 'created', title: 'Created' },
  { key: 'updated', title: 'Updated' },
  { key: 'unchanged', title: 'Unchanged' },
  { key: 'orphaned', title: 'Orphaned' },
];

/** "component:default/web" → {kind: "component", name: "web"}. */
export function parseRef(ref: string): { kind: string; name: string } {
  const colon = ref.indexOf(':');
  const kind = colon < 0 ? '' : ref.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? ref : ref.slice(colon + 1);
  return { kind, name: rest.slice(rest.lastIndexOf('/') + 1) };
}

function RefLink({ entityRef, live }: { entityRef: string; live: boolean }) {
  const { kind, name } = parseRef(entityRef);
  if (live && kind === 'component') return <Link to={`/projects/${name}`}>{entityRef}</Link>;
  if (live && kind === 'group') return <Link to={`/teams/${name}`}>{entityRef}</Link>;
  return <span className="mono">{entityRef}</span>;
}

/**
 * What an import did (or, for a preview, would do): entity refs by outcome, then
 * the errors, each naming its document, line and field.
 */
export function ImportResultView({
  result,
  preview,
}: {
  result: CatalogImportResult;
  preview: boolean;
}) {
  const errors = result.errors ?? [];
  return (
    <section className="box" data-testid="import-result" data-preview={preview}>
      <div className="box-header">
        <h2>
          {preview ? 'Preview' : 'Imported'}
          {result.location ? <span className="muted small mono"> {result.location}</span> : null}
        </h2>
      </div>
      {errors.length > 0 ? (
        <div className="box-body">
          <p className="field-error">
            {errors.length === 1 ? '1 error' : `${errors.length} errors`}; nothing was changed.
          </p>
          <table className="table" data-testid="import-errors">
            <thead>
              <tr>
                <th>Document</th>
                <th>Line</th>
                <th>Field</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={i} data-line={e.line} data-document={e.document}>
                  <td className="num">{e.document}</td>
                  <td className="num">line {e.line}</td>
                  <td className="mono">{e.field}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="box-body import-outcomes">
        {kOutcomes.map(({ key, title }) => {
          const refs = result[key] ?? [];
          return (
            <div key={key} className="import-outcome" data-testid={`import-${key}`}>
              <h3>
                {preview && key === 'orphaned' ? 'Would be orphaned' : title}{' '}
                <span className="counter">{refs.length}</span>
              </h3>
              <ul>
                {refs.map((r) => (
                  <li key={r} data-outcome={key} data-ref={r}>
                    <RefLink entityRef={r} live={!preview && key !== 'orphaned'} />
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
