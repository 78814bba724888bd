// An ordered list of texts edited in place (the five whys, contributing factors): add, change,
// remove, then save the whole list at once.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../components/Field';

interface EditableListProps {
  title: string;
  /** The API field ("whys", "factors"); errors naming "<field>[i]" mark that item. */
  field: string;
  items: string[];
  numbered: boolean;
  editable: boolean;
  placeholder: string;
  onSave: (items: string[]) => Promise<void>;
}

export function EditableList(props: EditableListProps) {
  const [draft, setDraft] = useState<string[]>(props.items);
  const [next, setNext] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(props.items), [props.items]);
  const changed = JSON.stringify(draft) !== JSON.stringify(props.items) || next.trim() !== '';

  async function save() {
    const items = next.trim() ? [...draft, next.trim()] : draft;
    setBusy(true);
    setError(null);
    try {
      await props.onSave(items.filter((i) => i.trim() !== ''));
      setNext('');
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const List = props.numbered ? 'ol' : 'ul';
  return (
    <section className="box" data-testid={`incident-${props.field}`}>
      <div className="box-header">
        <strong>{props.title}</strong>
      </div>
      <div className="box-body">
        <List>
          {draft.map((item, n) => (
            <li key={n}>
              {props.editable ? (
                <span className="inline-row">
                  <input
                    aria-label={`${props.title} ${n + 1}`}
                    className={
                      error?.field === `${props.field}[${n}]`
                        ? 'form-control is-invalid'
                        : 'form-control'
                    }
                    value={item}
                    onChange={(e) => setDraft(draft.map((d, i) => (i === n ? e.target.value : d)))}
                  />
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => setDraft(draft.filter((_, i) => i !== n))}
                  >
                    Remove
                  </button>
                </span>
              ) : (
                item
              )}
            </li>
          ))}
        </List>
        {draft.length === 0 && !props.editable ? <p className="muted">None yet.</p> : null}
        {props.editable ? (
          <div className="inline-row">
            <input
              aria-label={`New ${props.field}`}
              className="form-control"
              placeholder={props.placeholder}
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
            <button
              type="button"
              className="btn"
              disabled={busy || !changed}
              onClick={() => void save()}
            >
              Save {props.title.toLowerCase()}
            </button>
          </div>
        ) : null}
        {error ? (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        ) : (
          <FormError error={null} />
        )}
      </div>
    </section>
  );
}
