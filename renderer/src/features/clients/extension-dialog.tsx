import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { FileDiff } from './file-diff';
import { commandLine } from './server-state';
import { useNativeModal } from './use-native-modal';

export interface ExtensionTarget {
  client: string;
  clientName: string;
  extension: string;
  name: string;
  action: 'protect' | 'unprotect';
}

/** Protect an extension, or give it back, after seeing what the gateway would run and both files' diffs. */
export function ExtensionDialog({ target, onClose }: { target: ExtensionTarget; onClose(): void }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { ref, initial: cancelRef } = useNativeModal<HTMLButtonElement>();
  const titleId = useId();
  const args = { client: target.client, extension: target.extension, action: target.action };
  const preview = useQuery({
    queryKey: ['clients:extension', args],
    queryFn: () => client['clients:extension']({ ...args, dryRun: true }),
    gcTime: 0,
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
  const apply = useMutation({
    mutationFn: async () => {
      const done = await client['clients:extension']({ ...args, dryRun: false });
      await Promise.all(
        [queryKeys.clients, queryKeys.clientsStatus, queryKeys.clientServers].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
      return done;
    },
  });
  const protect = target.action === 'protect';
  const definition = preview.data?.definition;
  return (
    <dialog
      ref={ref}
      className="change-dialog"
      aria-labelledby={titleId}
      data-testid="extension-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!apply.isPending) onClose();
      }}
    >
      <h2 id={titleId}>
        {protect ? 'Protect ' : 'Give back '}
        <Visible text={target.name} />
        {protect ? '' : ` to ${target.clientName}`}
      </h2>
      <div className="change-body" tabIndex={0} role="region" aria-label="What changes">
        {apply.data ? (
          <p role="status" data-testid="change-done">
            {protect
              ? `Done: ${target.name} now runs through Portcullis as the config entry "${apply.data.key}", and the extension is switched off.`
              : `Done: ${target.name} is an extension again, and its config entry is gone.`}{' '}
            Start Claude Desktop again to use it.
          </p>
        ) : preview.isPending ? (
          <p className="muted">Working out what would change…</p>
        ) : preview.isError ? (
          <ErrorNotice title="This cannot be done." error={preview.error} />
        ) : (
          <>
            {preview.data.note ? (
              <p className="extension-note">
                <Visible text={preview.data.note} />
              </p>
            ) : null}
            {definition ? (
              <section aria-label="What the gateway will run">
                <h4>The gateway will run exactly this, and nothing else</h4>
                <p data-testid="will-run">
                  <code className="mono">
                    <Visible
                      text={
                        definition.transport === 'stdio'
                          ? commandLine(definition.command, definition.args)
                          : `${definition.transport} ${definition.url ?? ''}`
                      }
                    />
                  </code>
                </p>
              </section>
            ) : null}
            {preview.data.files.map((file) =>
              file.oldText !== undefined && file.newText !== undefined ? (
                <FileDiff key={file.path} path={file.path} before={file.oldText} after={file.newText} />
              ) : null,
            )}
          </>
        )}
        {apply.isError ? <ErrorNotice title="Nothing was changed." error={apply.error} /> : null}
      </div>
      <div className="change-actions">
        {apply.data ? (
          <button
            type="button"
            className="button button-primary"
            data-testid="change-close"
            onClick={onClose}
          >
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className={`button ${protect ? 'button-primary' : 'button-danger'}`}
              data-testid="change-confirm"
              disabled={!preview.data || apply.isPending}
              onClick={() => apply.mutate()}
            >
              {apply.isPending ? 'Writing…' : protect ? 'Protect it' : 'Give it back'}
            </button>
            <button
              ref={cancelRef}
              type="button"
              className="button"
              disabled={apply.isPending}
              onClick={onClose}
            >
              Cancel
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
