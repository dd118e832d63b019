import type { ReactNode } from 'react';
import { describeOutcome, type AuditRow } from '../../../../shared/audit';
import { JsonText } from '../../components/json-text';
import { Visible, VisibleLines } from '../../components/visible';
import { formatBytes, formatDateTime, formatLatency } from '../../lib/format';
import { auditHref } from './audit-view';

const decisionWords = {
  allow: 'allow: the policy let it through',
  deny: 'deny: the policy refused it',
  approve: 'approve: it waited for the person',
} as const;
const scopeWords = {
  once: 'this call only',
  session: 'the rest of the session',
  always: 'always (a policy rule)',
};

type Field = [label: string, value: ReactNode, mono?: boolean];

/** One row in full: what happened, why it was decided so, what was sent and answered, its place in the chain. */
export function AuditDetail({ row }: { row: AuditRow }) {
  const call = row.kind === 'call';
  const decision: Field[] = [
    ['Decision', row.decision ? decisionWords[row.decision] : null],
    ['Rule', row.rule === null ? null : <Visible text={row.rule} />, true],
    ['Reason', row.reason === null ? null : <Visible text={row.reason} />],
    ['Answered by', row.approver === null ? null : <Visible text={row.approver} />],
    ['Covered', row.scope ? scopeWords[row.scope] : null],
    ['A draft in shadow would have', row.shadow === null ? null : <ShadowText shadow={row.shadow} />],
  ];
  const what: Field[] = [
    ['Recorded', formatDateTime(row.ts)],
    ['Client', row.client === null ? null : <Visible text={row.client} />],
    ['Server', row.server === null ? null : <Visible text={row.server} />],
    [call ? 'Tool' : 'Event', <Visible key="t" text={call ? row.tool : row.event} />, true],
    ['Latency', row.latencyMs === null ? null : formatLatency(row.latencyMs)],
    ['Result size', row.resultBytes === null ? null : formatBytes(row.resultBytes)],
    [
      'Session',
      row.sessionId === null ? null : (
        <a href={auditHref({ sessionId: row.sessionId })} title="Every row of this session">
          <Visible text={row.sessionId} />
        </a>
      ),
      true,
    ],
    ['Call id', row.callId === null ? null : <Visible text={row.callId} />, true],
  ];
  // Older rows have no outcome: for them, isError on a call that was let through is all there is.
  const error =
    row.error ??
    (row.isError && !row.outcome && row.decision !== 'deny' ? 'The tool reported an error.' : null);
  return (
    <div className="detail audit-detail" data-testid="audit-detail">
      <p className="detail-sentence" data-testid="audit-outcome">
        <Visible text={describeOutcome(row)} />
      </p>
      {call ? <Fields title="The decision" fields={decision} /> : null}
      <Fields title={call ? 'The call' : 'The event'} fields={what} />
      {row.detail !== null ? (
        <section>
          <h3 className="detail-heading">Detail</h3>
          <p className="detail-text">
            <Visible text={row.detail} />
          </p>
        </section>
      ) : null}
      {row.args !== null ? (
        <section>
          <h3 className="detail-heading">Arguments (secrets redacted)</h3>
          <JsonText text={row.args} />
        </section>
      ) : null}
      {error !== null ? (
        <section>
          <h3 className="detail-heading">Error</h3>
          <pre className="detail-code" data-testid="audit-error">
            <VisibleLines text={error} />
          </pre>
        </section>
      ) : null}
      {row.resultPreview !== null ? (
        <section>
          <h3 className="detail-heading">Result (the start of it, secrets redacted)</h3>
          <pre className="detail-code">
            <VisibleLines text={row.resultPreview} />
          </pre>
        </section>
      ) : null}
      <section>
        <h3 className="detail-heading">Place in the hash chain</h3>
        <dl className="detail-fields detail-chain">
          <div>
            <dt>Row</dt>
            <dd className="mono">#{row.id}</dd>
          </div>
          <div>
            <dt>Hash</dt>
            <dd className="mono" data-testid="audit-hash">
              {row.hash}
            </dd>
          </div>
          <div>
            <dt>Previous hash</dt>
            <dd className="mono">{row.prevHash}</dd>
          </div>
        </dl>
      </section>
    </div>
  );
}

function Fields({ title, fields }: { title: string; fields: Field[] }) {
  const shown = fields.filter(([, value]) => value !== null && value !== '');
  if (shown.length === 0) return null;
  return (
    <section>
      <h3 className="detail-heading">{title}</h3>
      <dl className="detail-fields">
        {shown.map(([label, value, mono]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className={mono ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ShadowText({ shadow }: { shadow: string }) {
  return <Visible text={shadowWords(shadow)} />;
}

/** `{"action":"deny","rule":"tools.x","reason":"…"}` as `deny — by tools.x — …`; other text as it is. */
function shadowWords(shadow: string): string {
  let parsed: { action?: unknown; rule?: unknown; reason?: unknown };
  try {
    parsed = JSON.parse(shadow) as typeof parsed;
  } catch {
    return shadow;
  }
  if (typeof parsed !== 'object' || parsed === null) return shadow;
  const words = [
    parsed.action,
    typeof parsed.rule === 'string' ? `by ${parsed.rule}` : undefined,
    parsed.reason,
  ]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' — ');
  return words || shadow;
}
