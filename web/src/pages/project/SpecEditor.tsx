// A plain-text YAML editor with line numbers; lines with errors are marked in the gutter and
// shaded behind the text. The box grows with the text and scrolls as a whole, so the gutter
// and the text never drift apart.
import { forwardRef } from 'react';
import type { SpecError } from '../../api';

interface SpecEditorProps {
  value: string;
  onChange?: (value: string) => void;
  errors: SpecError[];
  readOnly?: boolean;
  label: string;
}

/** Errors by line number (1-based). */
export function errorsByLine(errors: SpecError[]): Map<number, SpecError[]> {
  const map = new Map<number, SpecError[]>();
  for (const e of errors) {
    if (!e.line) continue;
    map.set(e.line, [...(map.get(e.line) ?? []), e]);
  }
  return map;
}

export const SpecEditor = forwardRef<HTMLTextAreaElement, SpecEditorProps>(function SpecEditor(
  { value, onChange, errors, readOnly, label },
  ref,
) {
  const count = Math.max(1, value.split('\n').length);
  const byLine = errorsByLine(errors);
  return (
    <div className="spec-editor" data-testid="spec-editor">
      <div className="spec-gutter" aria-hidden="true">
        {Array.from({ length: count }, (_, i) => {
          const line = i + 1;
          const here = byLine.get(line);
          return (
            <div
              key={line}
              className={here ? 'gutter-line error' : 'gutter-line'}
              data-line={line}
              title={here ? here.map((e) => e.message).join('\n') : undefined}
            >
              {line}
            </div>
          );
        })}
      </div>
      <div className="spec-text">
        {[...byLine.keys()]
          .filter((line) => line <= count)
          .map((line) => (
            <div
              key={line}
              className="line-mark"
              data-testid="error-line"
              data-line={line}
              style={{ top: `calc(var(--editor-pad) + ${line - 1} * var(--editor-line))` }}
            />
          ))}
        <textarea
          ref={ref}
          id="spec-editor"
          aria-label={label}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange?.(e.target.value)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          rows={count + 1}
        />
      </div>
    </div>
  );
});

/** Puts the caret at the start of `line` (1-based) and scrolls it into view. */
export function focusLine(area: HTMLTextAreaElement | null, line: number, column = 1): void {
  if (!area) return;
  const lines = area.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, Math.min(column - 1, (lines[line - 1] ?? '').length));
  area.focus();
  area.setSelectionRange(offset, offset);
}
