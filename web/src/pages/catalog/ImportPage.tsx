import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { ApiError, CatalogImportResult, ImportSource } from '../../api';
import { FormError } from '../../components/Field';
import { useSession } from '../../session';
import { CatalogNav } from './CatalogNav';
import { ImportResultView } from './ImportResultView';

type Mode = 'yaml' | 'url';

/** A location of its own for one paste: "paste:<login>-<UTC time>". */
function newPasteLocation(login: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  return `paste:${login}-${stamp}`;
}

/** Imports Backstage catalog-info.yaml: paste it or name where it lives; preview, then import. */
export function ImportPage() {
  const [mode, setMode] = useState<Mode>('yaml');
  const { user } = useSession();
  const [yaml, setYaml] = useState('');
  const [location, setLocation] = useState(() => newPasteLocation(user.login));
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<{ answer: CatalogImportResult; preview: boolean } | null>(
    null,
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const source: ImportSource =
    mode === 'yaml' ? { yaml, location: location.trim() } : { url: url.trim() };
  const empty = mode === 'yaml' ? !yaml.trim() || !location.trim() : !url.trim();

  async function run(dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      setResult({ answer: await api.importCatalog(source, dryRun), preview: dryRun });
    } catch (err) {
      setResult(null);
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  function preview(e: FormEvent) {
    e.preventDefault();
    void run(true);
  }

  return (
    <div>
      <div className="page-head">
        <h1>Import</h1>
      </div>
      <CatalogNav />
      <form className="box form-box" onSubmit={preview} noValidate aria-label="Import catalog">
        <div className="box-body">
          <div className="radio-row" role="radiogroup" aria-label="Source">
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === 'yaml'}
                onChange={() => setMode('yaml')}
              />{' '}
              Paste YAML
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === 'url'}
                onChange={() => setMode('url')}
              />{' '}
              From a URL
            </label>
          </div>
          {mode === 'yaml' ? (
            <div className="form-group">
              <label htmlFor="field-yaml">catalog-info.yaml</label>
              <textarea
                id="field-yaml"
                name="yaml"
                className="form-control mono"
                rows={16}
                spellCheck={false}
                placeholder={'apiVersion: backstage.io/v1alpha1\nkind: Component\n...'}
                value={yaml}
                onChange={(e) => setYaml(e.target.value)}
              />
              <p className="note">One or more documents separated by “---”.</p>
              <label htmlFor="field-location">Import as location</label>
              <input
                id="field-location"
                name="location"
                className="form-control mono"
                value={location}
                onChange={(e) => setLocation(e.target.value)}
              />
              <p className="note">
                A paste is its own location. Importing again under the same name updates what it
                created, and entities it no longer lists become orphans; the preview shows which.
              </p>
            </div>
          ) : (
            <div className="form-group">
              <label htmlFor="field-url">Location</label>
              <input
                id="field-url"
                name="url"
                className="form-control"
                placeholder="https://…/catalog-info.yaml or git+https://…"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
              <p className="note">
                An https URL, a git+https URL, or a path on the server. Importing the same location
                again updates what it created; entities it no longer lists become orphans.
              </p>
            </div>
          )}
          <FormError error={error} />
          {error?.field ? <p className="field-error">{error.message}</p> : null}
        </div>
        <div className="box-footer">
          <button type="submit" className="btn" disabled={busy || empty}>
            Preview
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || empty}
            onClick={() => void run(false)}
          >
            Import
          </button>
        </div>
      </form>
      {result ? <ImportResultView result={result.answer} preview={result.preview} /> : null}
    </div>
  );
}
