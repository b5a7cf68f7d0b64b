import type { ReactNode } from 'react';

export function Panel(props: { title: string; testId: string; children: ReactNode; aside?: ReactNode }): React.JSX.Element {
  return (
    <section className="panel" data-testid={props.testId} aria-label={props.title}>
      <header>
        <h2>{props.title}</h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  );
}

/** An honest empty state: what will appear here, and why there is nothing yet. */
export function EmptyState(props: { what: string; why: string }): React.JSX.Element {
  return (
    <div className="empty" data-testid="empty-state">
      <p>{props.what}</p>
      <p className="why">{props.why}</p>
    </div>
  );
}
