import { useEffect, useRef, useState } from 'react';
import type { SnoozePreset } from '../../shared/snooze-args.js';

const presets: Array<{ preset: SnoozePreset; label: string }> = [
  { preset: '15m', label: '15 minutes' },
  { preset: '1h', label: '1 hour' },
  { preset: 'tomorrow', label: 'Until tomorrow 08:00' },
];

/** "Snooze" with its lengths as a menu button: arrows move, Enter picks, Escape or Tab closes. */
export function SnoozeMenu(props: { disabled: boolean; onSnooze: (preset: SnoozePreset) => void }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const items = useRef<Array<HTMLButtonElement | null>>([]);
  useEffect(() => {
    if (open) items.current[0]?.focus();
  }, [open]);

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };
  const onMenuKey = (e: React.KeyboardEvent): void => {
    const at = items.current.findIndex((el) => el === document.activeElement);
    const move = (to: number): void => items.current[(to + presets.length) % presets.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(presets.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') return close(false);
    else return;
    e.preventDefault();
  };

  return (
    <div className="snooze-menu" onBlur={(e) => open && !e.currentTarget.contains(e.relatedTarget as Node | null) && close(false)}>
      <button ref={trigger} type="button" className="small" aria-haspopup="menu" aria-expanded={open} aria-controls="snooze-menu-list"
        disabled={props.disabled} data-testid="snooze-button" onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'ArrowDown' && !open && (e.preventDefault(), setOpen(true))}>
        Snooze <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id="snooze-menu-list" role="menu" aria-label="Snooze for" onKeyDown={onMenuKey}>
          {presets.map((p, i) => (
            <li key={p.preset} role="none">
              <button ref={(el) => { items.current[i] = el; }} type="button" role="menuitem" tabIndex={-1} data-testid={`snooze-${p.preset}`}
                onClick={() => {
                  close(true);
                  props.onSnooze(p.preset);
                }}>
                {p.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
