import { useId } from 'react';
import type { ServerDefinition } from '../../../../shared/servers';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { pluralize } from '../../lib/format';
import { FileDiff } from './file-diff';
import { restartAdvice } from './restart';
import { commandLine } from './server-state';
import { useNativeModal } from './use-native-modal';
import { useApplyChange, usePreview, type Change, type Outcome } from './use-clients';

/**
 * Connect or disconnect, after seeing exactly what changes: each file's lines before and after
 * (secrets redacted) and, for connect, every command or URL the gateway will run. Nothing is
 * written until the person confirms; focus starts on Cancel.
 */
export function ChangeDialog({
  change,
  projects,
  onClose,
}: {
  change: Change;
  projects: readonly string[];
  onClose: () => void;
}) {
  const { ref, initial: cancelRef } = useNativeModal<HTMLButtonElement>();
  const titleId = useId();
  const preview = usePreview(change, projects);
  const apply = useApplyChange(projects);

  const connect = change.action === 'connect';
  const count = (preview.data ?? []).reduce((sum, outcome) => sum + changedCount(outcome), 0);
  const done = apply.data;
  return (
    <dialog
      ref={ref}
      className="change-dialog"
      aria-labelledby={titleId}
      data-testid="change-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!apply.isPending) onClose();
      }}
    >
      <h2 id={titleId}>
        {connect ? 'Protect ' : 'Stop protecting '}
        <Visible text={change.label} />
      </h2>
      {/* It scrolls: a keyboard reaches it to scroll it. */}
      <div className="change-body" tabIndex={0} role="region" aria-label="What changes">
        {done ? (
          done.map((outcome) => <Done key={outcome.target.clientId} outcome={outcome} />)
        ) : preview.isPending ? (
          <p className="muted">Working out what would change…</p>
        ) : preview.isError ? (
          <ErrorNotice title="Could not work out the change." error={preview.error} />
        ) : (
          preview.data.map((outcome) => (
            <ClientPreview
              key={outcome.target.clientId}
              outcome={outcome}
              several={preview.data.length > 1}
            />
          ))
        )}
        {apply.isError ? <ErrorNotice title="Nothing was changed." error={apply.error} /> : null}
      </div>
      <div className="change-actions">
        {done ? (
          <button
            type="button"
            className="button button-primary"
            onClick={onClose}
            data-testid="change-close"
          >
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className={`button ${connect ? 'button-primary' : 'button-danger'}`}
              data-testid="change-confirm"
              disabled={count === 0 || apply.isPending || preview.isFetching}
              onClick={() => apply.mutate(change)}
            >
              {apply.isPending
                ? 'Writing…'
                : `${connect ? 'Protect' : 'Restore'} ${pluralize(count, 'server')}`}
            </button>
            <button
              ref={cancelRef}
              type="button"
              className="button"
              data-testid="change-cancel"
              onClick={onClose}
              disabled={apply.isPending}
            >
              Cancel
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}

function changedCount(outcome: Outcome): number {
  if ('error' in outcome) return 0;
  return outcome.action === 'connect' ? outcome.result.changed.length : outcome.result.restored.length;
}

function ClientPreview({ outcome, several }: { outcome: Outcome; several: boolean }) {
  const heading = several ? <h3 className="change-client">{outcome.target.clientName}</h3> : null;
  if ('error' in outcome)
    return (
      <section className="change-client-section">
        {heading}
        <ErrorNotice
          title={`${outcome.target.clientName} cannot be changed.`}
          error={new Error(outcome.error)}
        />
      </section>
    );
  const files = outcome.result.files.filter(
    (file) => file.oldText !== undefined && file.newText !== undefined,
  );
  const note = outcome.result.note && changedCount(outcome) === 0 ? outcome.result.note : undefined;
  return (
    <section className="change-client-section" aria-label={outcome.target.clientName}>
      {heading}
      {note ? (
        <p>
          <Visible text={note} />
        </p>
      ) : null}
      {outcome.action === 'connect' ? (
        <>
          <WillRun changed={outcome.result.changed} />
          <LeftAlone items={outcome.result.skipped.map((skip) => ({ ...skip }))} />
        </>
      ) : (
        <LeftAlone items={outcome.result.leftAlone} />
      )}
      {files.map((file) => (
        <FileDiff key={file.configPath} path={file.configPath} before={file.oldText!} after={file.newText!} />
      ))}
      {changedCount(outcome) > 0 ? (
        <p className="muted small">
          The original file is kept, and disconnecting restores it.{' '}
          {restartAdvice(outcome.target.clientName, outcome.target.restart)}
        </p>
      ) : null}
    </section>
  );
}

function WillRun({ changed }: { changed: { server: string; definition: ServerDefinition }[] }) {
  if (changed.length === 0) return null;
  return (
    <section aria-label="What the gateway will run">
      <h4>The gateway will run exactly these, and nothing else</h4>
      <ul className="plain-list will-run" data-testid="will-run">
        {changed.map(({ server, definition }) => (
          <li key={server}>
            <strong>
              <Visible text={server} />
            </strong>
            :{' '}
            <code className="mono">
              <Visible
                text={
                  definition.transport === 'stdio'
                    ? commandLine(definition.command, definition.args)
                    : `${definition.transport} ${definition.url ?? ''}`
                }
              />
            </code>
            {definition.cwd ? (
              <span className="muted">
                {' '}
                in <Visible text={definition.cwd} />
              </span>
            ) : null}
            {definition.envKeys.length > 0 ? (
              <span className="muted">
                {' '}
                with <Visible text={definition.envKeys.join(', ')} /> from the config
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LeftAlone({ items }: { items: { server: string; reason: string; remedy?: string }[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-label="Left alone">
      <h4>Left alone</h4>
      <ul className="plain-list">
        {items.map((item, index) => (
          <li key={index}>
            <strong>
              <Visible text={item.server} />
            </strong>
            : <Visible text={item.reason} />
            {item.remedy ? (
              <span className="muted">
                {' '}
                — <Visible text={item.remedy} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Done({ outcome }: { outcome: Outcome }) {
  const name = outcome.target.clientName;
  if ('error' in outcome)
    return <ErrorNotice title={`${name} was not changed.`} error={new Error(outcome.error)} />;
  const count = changedCount(outcome);
  const errors = outcome.result.files.filter((file) => file.error);
  const text =
    outcome.action === 'connect'
      ? count === 0
        ? `${name}: nothing changed.`
        : `${name}: ${pluralize(count, 'server')} now ${count === 1 ? 'runs' : 'run'} through Portcullis.`
      : count === 0
        ? `${name}: nothing was restored.`
        : `${name}: ${pluralize(count, 'server')} restored${outcome.result.mode === 'exact' ? ', the file back to its original bytes' : ''}.`;
  return (
    <div role="status" data-testid="change-done">
      <p>
        {text} {count > 0 ? restartAdvice(name, outcome.target.restart) : null}
      </p>
      {errors.map((file) => (
        <p key={file.configPath} className="config-error">
          <Visible text={`${file.configPath}: ${file.error ?? ''}`} />
        </p>
      ))}
    </div>
  );
}
