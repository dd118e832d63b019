import { needsReview, type ToolTrust } from '../../../../shared/trust';
import { ErrorNotice } from '../../components/error-notice';
import { formatTime } from '../../lib/format';
import { ChangesTable } from './changes-table';
import { FindingsList } from './findings-list';
import { flagLabels, toolStateLabels } from './labels';
import { useToolAnswer } from './use-trust';
import { Visible, VisibleLines } from '../../components/visible';

const explanations: Record<Exclude<ToolTrust['state'], 'trusted'>, string> = {
  changed:
    'The server now describes this tool differently from the definition you trusted. Clients are not shown it, and its calls wait (as long as an approval would) until you accept the new definition.',
  new: 'This tool appeared on a server Portcullis already knew. Clients are not shown it, and its calls wait (as long as an approval would) until you accept it.',
  rejected:
    'You rejected the definition the server gives for this tool. Its calls stay refused until you accept a definition.',
};

/** One tool: what it says now, what changed, what the scanner found, and the answer. */
export function ToolCard({ tool }: { tool: ToolTrust }) {
  const answer = useToolAnswer(tool);
  const headingId = `tool-${tool.client}-${tool.server}-${tool.tool}`.replace(/[^\w-]/g, '_');
  const review = needsReview(tool);
  return (
    <article
      className={`trust-card${tool.state === 'trusted' ? '' : ' trust-card-held'}`}
      aria-labelledby={headingId}
      data-testid="trust-tool"
      data-tool={tool.tool}
      data-server={tool.server}
      data-state={tool.state}
    >
      <header className="trust-card-header">
        <h3 id={headingId} className="mono">
          <Visible text={tool.tool} />
        </h3>
        <span className="muted">
          on <Visible text={tool.server} /> for <Visible text={tool.client} />
        </span>
        <span
          className={`badge ${tool.state === 'trusted' ? 'badge-allow' : 'badge-deny'}`}
          data-testid="trust-tool-state"
        >
          {toolStateLabels[tool.state]}
        </span>
        {tool.flags.map((flag) => (
          <span key={flag} className="tag" data-flag={flag}>
            {flagLabels[flag]}
          </span>
        ))}
      </header>
      {tool.state !== 'trusted' ? <p className="trust-explain">{explanations[tool.state]}</p> : null}
      {tool.changes.length > 0 && tool.pinned ? (
        <ChangesTable
          changes={tool.changes}
          caption={`Changed since it was trusted (${formatTime(tool.pinned.at)}, ${tool.pinned.by})`}
        />
      ) : null}
      {tool.findings.length > 0 ? <FindingsList findings={tool.findings} /> : null}
      <details className="trust-details">
        <summary>Whole definition ({tool.hash.slice(0, 12)})</summary>
        <pre className="detail-code" data-testid="trust-definition">
          <VisibleLines text={tool.definition} />
        </pre>
      </details>
      {answer.isError ? <ErrorNotice title="Not saved." error={answer.error} /> : null}
      {review ? (
        <div className="trust-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={answer.isPending}
            onClick={() => answer.mutate('accept')}
          >
            {tool.state === 'trusted' ? 'Accept the findings' : 'Accept this definition'}
          </button>
          {tool.state !== 'rejected' ? (
            <button
              type="button"
              className="button button-danger"
              disabled={answer.isPending}
              onClick={() => answer.mutate('reject')}
            >
              Reject
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
