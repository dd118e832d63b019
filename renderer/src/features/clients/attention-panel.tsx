import { Visible } from '../../components/visible';
import type { ProtectionIssue } from '../../../../shared/clients';

const what: Record<ProtectionIssue['kind'], string> = {
  reverted: 'its original entry is back: it runs without Portcullis',
  dropped: 'it was removed from the config',
  unprotected: 'added outside Portcullis: not protected',
  unreadable: 'the config file cannot be read',
};

/**
 * What the watcher found in connected configs and has not fixed by itself: new servers, drift
 * waiting for an answer (repairs set to ask, or an entry that kept being changed back), files that
 * cannot be read. Each with the one action that answers it.
 */
export function AttentionPanel({
  issues,
  onProtect,
  onRepair,
  onLeave,
  busy,
}: {
  issues: ProtectionIssue[];
  onProtect(issue: ProtectionIssue): void;
  onRepair(issue: ProtectionIssue): void;
  onLeave(issue: ProtectionIssue): void;
  busy: boolean;
}) {
  if (issues.length === 0) return null;
  return (
    <section className="panel attention-panel" aria-labelledby="attention-heading" data-testid="attention">
      <h2 id="attention-heading" className="panel-heading">
        Needs attention <span className="count">{issues.length}</span>
      </h2>
      <ul className="attention-list">
        {issues.map((issue, index) => (
          <li
            key={`${issue.client}\u0000${issue.configPath}\u0000${issue.server}\u0000${index}`}
            data-testid="attention-item"
            data-server={issue.server}
            data-kind={issue.kind}
          >
            <div>
              <strong>
                <Visible text={issue.server || issue.configPath} />
              </strong>{' '}
              in {issue.clientName}: {what[issue.kind]}
              {issue.held ? ' (it kept being changed back, so Portcullis stopped repairing it)' : ''}.
              {issue.detail ? (
                <p className="muted small">
                  <Visible text={issue.detail} />
                </p>
              ) : null}
            </div>
            <div className="action-group">
              {issue.kind === 'unprotected' ? (
                <button
                  type="button"
                  className="button button-small button-primary"
                  aria-label={`Protect ${issue.server}`}
                  disabled={busy}
                  onClick={() => onProtect(issue)}
                >
                  Protect…
                </button>
              ) : null}
              {issue.kind === 'reverted' || issue.kind === 'dropped' ? (
                <>
                  <button
                    type="button"
                    className="button button-small button-primary"
                    aria-label={`Repair ${issue.server}`}
                    disabled={busy}
                    onClick={() => onRepair(issue)}
                  >
                    Repair
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`${issue.kind === 'dropped' ? 'Leave removed:' : 'Stop protecting'} ${issue.server}`}
                    disabled={busy}
                    onClick={() => onLeave(issue)}
                  >
                    {issue.kind === 'dropped' ? 'Leave removed…' : 'Stop protecting…'}
                  </button>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
