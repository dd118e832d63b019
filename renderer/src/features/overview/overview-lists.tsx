import type { ReactNode } from 'react';
import { outcomeDescriptions, outcomeLabels, type Outcome } from '../../../../shared/audit';
import type { AuditOverview } from '../../../../shared/audit-query';
import type { TimeRange } from '../../components/time-range';
import { Visible } from '../../components/visible';
import { formatLatency } from '../../lib/format';
import { auditHref, type AuditView } from '../audit/audit-view';
import { outcomeSets } from '../audit/outcome-groups';

interface Item {
  key: string;
  label: ReactNode;
  detail?: ReactNode;
  value: number;
  href: string;
  testId?: string;
}

/** A ranked list, each line a link into the Audit page, with a bar for its share of the largest. */
function RankedList({
  title,
  items,
  empty,
  id,
}: {
  title: string;
  items: Item[];
  empty: string;
  id: string;
}) {
  const largest = Math.max(1, ...items.map((item) => item.value));
  return (
    <section className="panel overview-panel" aria-labelledby={id}>
      <h2 id={id} className="panel-heading">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ol className="ranked">
          {items.map((item) => (
            <li key={item.key} data-testid={item.testId}>
              <a className="ranked-link" href={item.href}>
                <span className="ranked-label">{item.label}</span>
                {item.detail ? <span className="ranked-detail">{item.detail}</span> : null}
                <span className="ranked-value">{item.value.toLocaleString()}</span>
                <span className="ranked-bar" aria-hidden="true">
                  <span style={{ width: `${(item.value / largest) * 100}%` }} />
                </span>
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function OverviewLists({ overview, range }: { overview: AuditOverview; range: TimeRange }) {
  const link = (view: Partial<AuditView>) => auditHref({ kind: 'call', range, ...view });
  const decisions: Outcome[] = [
    ...outcomeSets.denials.outcomes,
    'approval_timeout',
    'approved',
    'refused',
    'withdrawn',
  ];
  return (
    <div className="overview-lists">
      <RankedList
        id="top-tools"
        title="Top tools"
        empty="No tool was called in this range."
        items={overview.topTools.map((tool) => ({
          key: `${tool.server}\u0000${tool.tool}`,
          label: <Visible text={tool.tool} />,
          detail: <Visible text={tool.server} />,
          value: tool.calls,
          href: link({ server: tool.server, tool: tool.tool }),
          testId: 'top-tool',
        }))}
      />
      <RankedList
        id="by-client"
        title="Calls per client"
        empty="No client called a tool in this range."
        items={overview.clients.map((client) => ({
          key: client.client,
          label: <Visible text={client.client} />,
          value: client.calls,
          href: link({ client: client.client }),
          testId: 'client-calls',
        }))}
      />
      <RankedList
        id="decisions"
        title="Denials and approvals"
        empty="Nothing was denied or asked about in this range."
        items={decisions
          .filter((outcome) => (overview.byOutcome[outcome] ?? 0) > 0)
          .map((outcome) => ({
            key: outcome,
            label: <span title={outcomeDescriptions[outcome]}>{outcomeLabels[outcome]}</span>,
            value: overview.byOutcome[outcome] ?? 0,
            href: link({ outcomes: [outcome] }),
            testId: 'decision-count',
          }))}
      />
      <ServersTable overview={overview} link={link} />
    </div>
  );
}

/** Every server with calls, slowest first (by mean latency of the calls that reached it). */
function ServersTable({
  overview,
  link,
}: {
  overview: AuditOverview;
  link: (view: Partial<AuditView>) => string;
}) {
  return (
    <section className="panel overview-panel overview-servers" aria-labelledby="servers-heading">
      <h2 id="servers-heading" className="panel-heading">
        Servers, slowest first
      </h2>
      {overview.servers.length === 0 ? (
        <p className="muted">No server was called in this range.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col" className="num">
                  Mean
                </th>
                <th scope="col" className="num">
                  Slowest
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.servers.map((server) => (
                <tr key={server.server} data-testid="server-latency" data-server={server.server}>
                  <th scope="row">
                    <a href={link({ server: server.server })}>
                      <Visible text={server.server} />
                    </a>
                  </th>
                  <td className="num">{server.calls.toLocaleString()}</td>
                  <td className="num">
                    {server.errors > 0 ? (
                      <a
                        href={link({ server: server.server, outcomes: ['server_error', 'timed_out'] })}
                        aria-label={`${server.errors.toLocaleString()} failed calls of this server`}
                      >
                        {server.errors.toLocaleString()}
                      </a>
                    ) : (
                      0
                    )}
                  </td>
                  <td className="num">{formatLatency(server.meanLatencyMs)}</td>
                  <td className="num">{formatLatency(server.maxLatencyMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
