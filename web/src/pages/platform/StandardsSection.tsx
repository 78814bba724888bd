// The effective company standards every rendered manifest gets (read-only; they live in the
// platform config the SRE team owns).
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value || '""';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
    return value.length === 0 ? '[]' : value.join(', ');
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const lines = flatten(value as Record<string, unknown>, '');
    return lines.length === 0 ? '{}' : lines.join('\n');
  }
  return JSON.stringify(value);
}

/** "ceilings.cpu: 4" lines of a nested object. */
function flatten(object: Record<string, unknown>, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    const path = prefix + key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = flatten(value as Record<string, unknown>, `${path}.`);
      out.push(...(inner.length > 0 ? inner : [`${path}: {}`]));
    } else {
      out.push(`${path}: ${valueText(value)}`);
    }
  }
  return out;
}

export function StandardsSection() {
  const standards = useLoad(() => api.platformStandards(), 'standards');
  const entries = Object.entries(standards.data ?? {});
  return (
    <div className="box" data-testid="standards">
      <div className="box-header">
        <h2>Company standards</h2>
        <p className="note">
          Applied to every rendered object. A spec may change only what “overridable” lists.
        </p>
      </div>
      <ErrorBanner error={standards.error} />
      <table className="table">
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key} data-key={key}>
              <td className="strong col-key">{key}</td>
              <td>
                <pre className="plain-value">{valueText(value)}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
