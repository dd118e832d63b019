import type { ServerTrust } from '../../../../shared/trust';
import { ErrorNotice } from '../../components/error-notice';
import { formatTime } from '../../lib/format';
import { ChangesTable } from './changes-table';
import { warningLabels } from './labels';
import { useServerAccept } from './use-trust';
import { Visible } from '../../components/visible';

/** One registered server: its whole definition, its warnings, and (when held) what changed. */
export function ServerCard({ server }: { server: ServerTrust }) {
  const accept = useServerAccept(server);
  const { definition } = server;
  const headingId = `server-${server.client}-${server.name}`.replace(/[^\w-]/g, '_');
  const held = server.state === 'held';
  return (
    <article
      className={`trust-card${held ? ' trust-card-held' : ''}`}
      aria-labelledby={headingId}
      data-testid="trust-server"
      data-server={server.name}
      data-state={server.state}
    >
      <header className="trust-card-header">
        <h3 id={headingId}>
          <Visible text={server.name} />
        </h3>
        <span className="muted">
          for <Visible text={server.client} />
        </span>
        <span className={`badge ${held ? 'badge-deny' : 'badge-allow'}`}>{held ? 'Held' : 'Accepted'}</span>
      </header>
      <dl className="trust-definition">
        <dt>Transport</dt>
        <dd>{definition.transport}</dd>
        {definition.command !== undefined ? (
          <>
            <dt>Runs</dt>
            <dd className="trust-argv" data-testid="trust-command">
              {[definition.command, ...definition.args].map((arg, i) => (
                <code key={i} className="trust-arg">
                  <Visible text={arg} />
                </code>
              ))}
            </dd>
          </>
        ) : null}
        {definition.cwd !== undefined ? (
          <>
            <dt>Working folder</dt>
            <dd className="mono">
              <Visible text={definition.cwd} />
            </dd>
          </>
        ) : null}
        {definition.url !== undefined ? (
          <>
            <dt>URL</dt>
            <dd className="mono">
              <Visible text={definition.url} />
            </dd>
          </>
        ) : null}
        <dt>Environment</dt>
        <dd>{names(definition.envKeys, 'no variables (values are never kept)')}</dd>
        {definition.headerKeys.length > 0 ? (
          <>
            <dt>Headers</dt>
            <dd>{names(definition.headerKeys, '')}</dd>
          </>
        ) : null}
      </dl>
      {server.warnings.length > 0 ? (
        <ul className="trust-warnings" aria-label="Warnings">
          {server.warnings.map((warning, i) => (
            <li key={i} data-kind={warning.kind}>
              <strong>{warningLabels[warning.kind]}</strong>: {warning.detail} —{' '}
              <code>
                <Visible text={warning.text} />
              </code>
            </li>
          ))}
        </ul>
      ) : null}
      {held ? (
        <>
          <p className="trust-explain">
            {server.accepted
              ? `Its definition changed since it was accepted (${formatTime(server.accepted.at)}, by ${server.accepted.by}). Sessions are refused until you accept the definition above.`
              : 'Its definition was never accepted. Sessions are refused until you accept the definition above.'}
          </p>
          {server.changes.length > 0 ? (
            <ChangesTable changes={server.changes} caption="What changed since it was accepted" />
          ) : null}
          {accept.isError ? <ErrorNotice title="Not accepted." error={accept.error} /> : null}
          <div className="trust-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={accept.isPending}
              onClick={() => accept.mutate()}
            >
              Accept this definition
            </button>
            <span className="muted mono" title="The fingerprint of the definition shown">
              {server.fingerprint.slice(0, 12)}
            </span>
          </div>
        </>
      ) : null}
    </article>
  );
}

function names(keys: readonly string[], none: string) {
  if (keys.length === 0) return <span className="muted">{none}</span>;
  return keys.map((key, i) => (
    <code key={i} className="trust-arg">
      <Visible text={key} />
    </code>
  ));
}
