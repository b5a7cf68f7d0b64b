import type { ReactNode } from 'react';

/** The sentence under a field: the core's refusal (announced) or a hint; the input points at it. */
function FieldNote(props: { id: string; error: string | undefined; hint: ReactNode | undefined; testId: string }): React.JSX.Element | null {
  if (props.error) return <span id={props.id} className="field-error" role="alert" data-testid={`settings-error-${props.testId}`}>{props.error}</span>;
  if (props.hint) return <span id={props.id} className="field-hint">{props.hint}</span>;
  return null;
}

interface InputProps<T> {
  /** The field path ("power.minBatteryPct"): ids and test ids derive from it. */
  path: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  error: string | undefined;
  hint?: ReactNode;
}

const idOf = (path: string): string => `settings-${path.replace(/\./g, '-')}`;

export function TextSetting(props: InputProps<string> & { type?: 'text' | 'url' | 'password' | 'number'; min?: number; max?: number }): React.JSX.Element {
  const id = idOf(props.path);
  const noteId = `${id}-note`;
  const described = props.error || props.hint ? noteId : undefined;
  return (
    <div className={`setting${props.error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        data-testid={`settings-field-${props.path}`}
        type={props.type ?? 'text'}
        value={props.value}
        min={props.min}
        max={props.max}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <FieldNote id={noteId} error={props.error} hint={props.hint} testId={props.path} />
    </div>
  );
}

export function CheckSetting(props: InputProps<boolean>): React.JSX.Element {
  const id = idOf(props.path);
  const noteId = `${id}-note`;
  const described = props.error || props.hint ? noteId : undefined;
  return (
    <div className={`setting check${props.error ? ' invalid' : ''}`}>
      <input
        id={id}
        data-testid={`settings-field-${props.path}`}
        type="checkbox"
        checked={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      <FieldNote id={noteId} error={props.error} hint={props.hint} testId={props.path} />
    </div>
  );
}
