import { signalBars } from './device-words.js';

/** Four bars for the signal strength; the image's label says the bars and dBm for screen readers. */
export function SignalBars({ rssi }: { rssi: number | null }): React.JSX.Element {
  if (rssi === null) return <span className="signal-none">—</span>;
  const bars = signalBars(rssi);
  const label = `signal ${bars} of 4 bars, ${rssi} dBm`;
  return (
    <span className="signal" data-bars={bars}>
      <span className="bars" role="img" aria-label={label} title={label}>
        {[1, 2, 3, 4].map((b) => <span key={b} className={b <= bars ? 'bar on' : 'bar'} style={{ height: `${b * 25}%` }} />)}
      </span>
      <span className="sub" aria-hidden="true">{rssi} dBm</span>
    </span>
  );
}
