import { useState } from 'react';
import { needsReview, reviewCount } from '../../../../shared/trust';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { pluralize } from '../../lib/format';
import { ServerCard } from './server-card';
import { ToolCard } from './tool-card';
import { useHoldNewTools, useTrust } from './use-trust';
import './trust.css';

type ToolFilter = 'review' | 'all';

/**
 * Servers and tools the person has to trust: every registered server's definition in full, held
 * when it changes; every tool's pin, held when its server describes it differently; what the
 * scanner found in descriptions and schemas.
 */
export function TrustPage() {
  const query = useTrust();
  const [filter, setFilter] = useState<ToolFilter>('review');
  const overview = query.data;
  const counts = reviewCount(overview);
  const held = overview ? overview.servers.filter((s) => s.state === 'held') : [];
  const accepted = overview ? overview.servers.filter((s) => s.state !== 'held') : [];
  const tools = overview ? overview.tools.filter((t) => filter === 'all' || needsReview(t)) : [];

  return (
    <section className="page" aria-labelledby="trust-heading">
      <header className="page-header">
        <h1 id="trust-heading">Trust</h1>
        <p className="page-subtitle">
          What each server runs, accepted once; each tool's definition, pinned when first seen. A change holds
          the server or the tool until you accept it. Tool descriptions are scanned for text aimed at the
          model.
        </p>
      </header>
      {overview === undefined ? (
        query.isError ? (
          <ErrorNotice
            title="Could not load trust."
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          <p className="trust-summary" aria-live="polite" data-testid="trust-summary">
            {counts.servers + counts.tools === 0
              ? 'Nothing waits for you.'
              : `${pluralize(counts.servers, 'server')} held · ${pluralize(counts.tools, 'tool')} to review`}
          </p>
          <section className="trust-section" aria-labelledby="trust-servers">
            <h2 id="trust-servers">Servers</h2>
            {held.length + accepted.length === 0 ? (
              <EmptyState title="No servers registered yet.">
                Connect a client with <code>npx portcullis connect claude-desktop</code>: each server's
                command is shown in full, and connecting accepts it.
              </EmptyState>
            ) : (
              <>
                {held.length > 0 ? (
                  <div className="trust-list">
                    {held.map((server) => (
                      <ServerCard key={`${server.client}\u0000${server.name}`} server={server} />
                    ))}
                  </div>
                ) : null}
                {accepted.length > 0 ? (
                  <details className="trust-accepted" open={held.length === 0 && accepted.length <= 3}>
                    <summary>
                      {pluralize(accepted.length, 'accepted server')}: what each runs, and any warnings
                    </summary>
                    <div className="trust-list">
                      {accepted.map((server) => (
                        <ServerCard key={`${server.client}\u0000${server.name}`} server={server} />
                      ))}
                    </div>
                  </details>
                ) : null}
              </>
            )}
          </section>
          <section className="trust-section" aria-labelledby="trust-tools">
            <div className="trust-section-header">
              <h2 id="trust-tools">Tools</h2>
              <fieldset className="trust-filter">
                <legend className="visually-hidden">Show</legend>
                <label>
                  <input
                    type="radio"
                    name="trust-filter"
                    checked={filter === 'review'}
                    onChange={() => setFilter('review')}
                  />
                  Needs review ({counts.tools})
                </label>
                <label>
                  <input
                    type="radio"
                    name="trust-filter"
                    checked={filter === 'all'}
                    onChange={() => setFilter('all')}
                  />
                  All ({overview.tools.length})
                </label>
              </fieldset>
            </div>
            <HoldNewToolsSetting saved={overview.holdNewTools} />
            {tools.length === 0 ? (
              <EmptyState
                title={filter === 'review' ? 'No tool needs review.' : 'No tools seen yet.'}
                testId="trust-tools-empty"
              >
                {filter === 'review'
                  ? 'Changed definitions, new tools and suspicious descriptions show here.'
                  : "Tools are pinned when a client lists a server's tools through Portcullis."}
              </EmptyState>
            ) : (
              <div className="trust-list">
                {tools.map((tool) => (
                  <ToolCard key={`${tool.client}\u0000${tool.server}\u0000${tool.tool}`} tool={tool} />
                ))}
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}

/** New tools on a known server: flagged and run as the policy says, or held like a changed tool. */
function HoldNewToolsSetting({ saved }: { saved: boolean }) {
  const save = useHoldNewTools();
  // The choice shows at once, and until the saved setting has been read back.
  const [choice, setChoice] = useState<boolean>();
  return (
    <div className="trust-setting">
      <label className="choice">
        <input
          type="checkbox"
          data-testid="hold-new-tools"
          checked={choice ?? saved}
          disabled={save.isPending}
          onChange={(event) => {
            setChoice(event.target.checked);
            save.mutate(event.target.checked, { onSettled: () => setChoice(undefined) });
          }}
        />{' '}
        Hold tools that appear on a server I already use until I review them
      </label>
      <p className="muted">
        {(choice ?? saved)
          ? 'A new tool is hidden from clients and its calls wait for your review, like a changed one.'
          : 'A new tool is flagged here and runs as the policy says (a policy can act on the flag). Tools held already stay held until you review them.'}
      </p>
      {save.isError ? <ErrorNotice title="The setting was not changed." error={save.error} /> : null}
    </div>
  );
}
