import { useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { useSaveProtectionSettings } from './use-clients';

/** The two answers to "a client took protection away": put it back at once, or ask; and new servers. */
export function ProtectionSettings({
  settings,
}: {
  settings: { repairMode: 'auto' | 'ask'; protectNewServers: boolean };
}) {
  const save = useSaveProtectionSettings();
  // The choice shows at once, and until the saved settings have been read back.
  const [choice, setChoice] = useState<Partial<typeof settings>>();
  const current = { ...settings, ...choice };
  const change = (patch: Partial<typeof settings>) => {
    setChoice(patch);
    save.mutate(patch, { onSettled: () => setChoice(undefined) });
  };
  return (
    <section className="panel protection-settings" aria-labelledby="protection-settings-heading">
      <h2 id="protection-settings-heading" className="panel-heading">
        When a client takes protection away
      </h2>
      <fieldset className="choice-group">
        <legend className="visually-hidden">When a client reverts or drops a protected entry</legend>
        <label>
          <input
            type="radio"
            name="repair-mode"
            value="auto"
            data-testid="repair-auto"
            checked={current.repairMode === 'auto'}
            disabled={save.isPending}
            onChange={() => change({ repairMode: 'auto' })}
          />{' '}
          Put it back at once, and tell me
        </label>
        <label>
          <input
            type="radio"
            name="repair-mode"
            value="ask"
            data-testid="repair-ask"
            checked={current.repairMode === 'ask'}
            disabled={save.isPending}
            onChange={() => change({ repairMode: 'ask' })}
          />{' '}
          Ask me first
        </label>
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          data-testid="protect-new"
          checked={current.protectNewServers}
          disabled={save.isPending}
          onChange={(event) => change({ protectNewServers: event.target.checked })}
        />{' '}
        Protect servers added to a connected client without asking
      </label>
      {save.isError ? <ErrorNotice title="The setting was not changed." error={save.error} /> : null}
    </section>
  );
}
