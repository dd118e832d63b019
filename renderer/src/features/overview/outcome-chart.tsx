import type { AuditOverview } from '../../../../shared/audit-query';
import type { TimeRange } from '../../components/time-range';
import { auditHref } from '../audit/audit-view';
import { outcomeGroups } from '../audit/outcome-groups';
import { bucketLabel, niceMax, toBars } from './chart-scale';

const HEIGHT = 160;
const BAR = 10;
const GAP = 2;

/**
 * Calls by outcome over time: stacked bars drawn as SVG. The picture is for the eye; its summary
 * is its name for screen readers, and the same numbers are a table (each period a link into the
 * Audit page) one click away. Clicking a bar opens that period's rows.
 */
export function OutcomeChart({ overview }: { overview: AuditOverview }) {
  const bars = toBars(overview.series, overview.bucketMs);
  const span = overview.until - overview.since;
  const top = niceMax(Math.max(0, ...bars.map((bar) => bar.total)));
  const busiest = bars.reduce((best, bar) => (bar.total > best.total ? bar : best), bars[0]!);
  const width = bars.length * (BAR + GAP);
  const label = (start: number) => bucketLabel(start, overview.bucketMs, span);
  const periodHref = (start: number, end: number) =>
    auditHref({ kind: 'call', range: periodRange(start, end, overview) });
  const summary =
    overview.calls === 0
      ? 'No calls in this range.'
      : `${overview.calls.toLocaleString()} calls in ${bars.length} periods of ${duration(overview.bucketMs)}; ` +
        `the busiest began at ${label(busiest.start)} with ${busiest.total.toLocaleString()} calls.`;
  const used = Object.entries(outcomeGroups).filter(([group]) =>
    bars.some((bar) => bar.groups.some((g) => g.group === group)),
  );

  return (
    <figure className="chart" data-testid="outcome-chart">
      <figcaption className="chart-summary" data-testid="chart-summary">
        {summary}
      </figcaption>
      <div className="chart-plot">
        <div className="chart-axis" aria-hidden="true">
          <span>{top.toLocaleString()}</span>
          <span>{(top / 2).toLocaleString()}</span>
          <span>0</span>
        </div>
        <svg
          className="chart-svg"
          viewBox={`0 0 ${width} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Chart: ${summary}`}
        >
          <line x1="0" x2={width} y1={HEIGHT / 2} y2={HEIGHT / 2} className="chart-grid" />
          {bars.map((bar, index) => {
            let y = HEIGHT;
            return (
              <g
                key={bar.start}
                className="chart-bar"
                onClick={() => (window.location.hash = periodHref(bar.start, bar.end))}
              >
                <title>{`${label(bar.start)}: ${bar.total.toLocaleString()} calls`}</title>
                <rect x={index * (BAR + GAP)} y={0} width={BAR + GAP} height={HEIGHT} className="chart-hit" />
                {bar.groups.map(({ group, calls }) => {
                  const h = (calls / top) * HEIGHT;
                  y -= h;
                  return (
                    <rect
                      key={group}
                      x={index * (BAR + GAP)}
                      y={y}
                      width={BAR}
                      height={h}
                      className={`chart-fill-${group}`}
                    />
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="chart-times" aria-hidden="true">
        <span>{label(bars[0]!.start)}</span>
        <span>{label(bars[Math.floor(bars.length / 2)]!.start)}</span>
        <span>{label(bars[bars.length - 1]!.start)}</span>
      </div>
      <ul className="chart-legend" aria-label="Outcomes in the chart">
        {used.map(([group, { label: name }]) => (
          <li key={group}>
            <span className={`chart-swatch chart-fill-${group}`} aria-hidden="true" />
            {name}
          </li>
        ))}
      </ul>
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        <table className="data-table">
          <caption className="visually-hidden">Calls by outcome per period</caption>
          <thead>
            <tr>
              <th scope="col">Period from</th>
              <th scope="col" className="num">
                Calls
              </th>
              {used.map(([group, { label: name }]) => (
                <th key={group} scope="col" className="num">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.start}>
                <th scope="row">
                  <a href={periodHref(bar.start, bar.end)}>{label(bar.start)}</a>
                </th>
                <td className="num">{bar.total.toLocaleString()}</td>
                {used.map(([group]) => (
                  <td key={group} className="num">
                    {(bar.groups.find((g) => g.group === group)?.calls ?? 0).toLocaleString()}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** A bar's period, clipped to the range (the first and last buckets may reach outside it). */
function periodRange(start: number, end: number, overview: AuditOverview): TimeRange {
  return { kind: 'custom', since: Math.max(start, overview.since), until: Math.min(end, overview.until) };
}

function duration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return minutes === 1 ? 'a minute' : `${minutes} minutes`;
  const hours = minutes / 60;
  if (hours < 24) return hours === 1 ? 'an hour' : `${hours} hours`;
  const days = hours / 24;
  return days === 1 ? 'a day' : `${days} days`;
}
