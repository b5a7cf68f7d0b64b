import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LedgerSeriesPoint } from '../../shared/ledger-status.js';
import { fullTime, timeAxis } from './credits-axis.js';


/** Cumulative credits earned and spent over time (hourly buckets from the ledger). */
export function CreditsChart({ series }: { series: LedgerSeriesPoint[] }): React.JSX.Element {
  const axis = timeAxis(series.map((p) => p.t));
  return (
    <div className="chart" data-testid="credits-chart" role="img" aria-label={`Credits over time, ${series.length} points`}>
      <ResponsiveContainer width="100%" height={160}>
        <AreaChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={axis.domain} ticks={axis.ticks} tickFormatter={axis.format} stroke="var(--muted)" fontSize={11} />
          <YAxis stroke="var(--muted)" fontSize={11} />
          <Tooltip labelFormatter={(t) => fullTime(Number(t))} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          <Legend />
          <Area type="stepAfter" dataKey="earned" name="Earned" stroke="var(--good)" fill="var(--good)" fillOpacity={0.15} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="spent" name="Spent" stroke="var(--bad)" fill="var(--bad)" fillOpacity={0.1} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
