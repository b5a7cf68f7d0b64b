export function StatusPill(props: { testId: string; label: string; value: string; tone: 'good' | 'bad' | 'neutral'; title: string }): React.JSX.Element {
  return (
    <span className={`pill ${props.tone}`} title={props.title} data-testid={props.testId}>
      <span className="dot" aria-hidden="true" />
      {props.label}: <strong>{props.value}</strong>
    </span>
  );
}
