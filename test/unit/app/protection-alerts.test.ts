import { describe, expect, it, vi } from 'vitest';
import type { ProtectionNotice, ProtectionStatus } from '../../../shared/clients';
import { createProtectionAlerts, protectionNotice } from '../../../main/app/protection-alerts';
import type { UnprotectedItem } from '../../../main/app/tray';
import { fakeApi, fakeEvents } from './fakes';

/** Electron's Notification, as a small recording fake. */
function fakeNotifications() {
  const shown: {
    options: { title: string; body: string; silent?: boolean };
    click(): void;
    closed: boolean;
  }[] = [];
  class FakeNotification {
    private listeners: Record<string, () => void> = {};
    private readonly record: (typeof shown)[number];
    constructor(options: { title: string; body: string; silent?: boolean }) {
      this.record = { options, click: () => this.listeners.click?.(), closed: false };
    }
    static isSupported() {
      return true;
    }
    on(event: string, listener: () => void) {
      this.listeners[event] = listener;
    }
    show() {
      shown.push(this.record);
    }
    close() {
      this.record.closed = true;
      this.listeners.close?.();
    }
  }
  return { Notification: FakeNotification, shown };
}

const status = (issues: ProtectionStatus['issues']): ProtectionStatus => ({
  watching: true,
  checkedAt: 1,
  issues,
  settings: { repairMode: 'auto', protectNewServers: false },
});

const notice: ProtectionNotice = {
  kind: 'unprotected',
  client: 'cursor',
  clientName: 'Cursor',
  configPath: '/home/me/.cursor/mcp.json',
  servers: [{ server: 'ti\u202Eme', scope: 'user' }],
  message: 'ti\u202Eme was added to Cursor and is not protected.',
  at: 1,
};

describe('protection alerts in the desktop app', () => {
  it('keep the tray list in step with the watcher and notify, opening the Clients page on click', async () => {
    vi.useFakeTimers();
    try {
      const events = fakeEvents();
      let issues: ProtectionStatus['issues'] = [];
      const { api } = fakeApi({ 'clients:status': () => status(issues) });
      const updates: UnprotectedItem[][] = [];
      const tray = {
        update: (change: { unprotected?: readonly UnprotectedItem[] }) =>
          void updates.push([...(change.unprotected ?? [])]),
      };
      const { Notification, shown } = fakeNotifications();
      const openClients = vi.fn();
      const stop = createProtectionAlerts({ onEvent: events.onEvent, api, tray, Notification, openClients });
      await vi.runAllTimersAsync();
      expect(updates).toEqual([[]]);

      issues = [
        {
          client: 'cursor',
          clientName: 'Cursor',
          configPath: notice.configPath,
          server: 'time',
          scope: 'user',
          kind: 'unprotected',
        },
        {
          client: 'codex',
          clientName: 'Codex',
          configPath: '/c.toml',
          server: '',
          scope: '',
          kind: 'unreadable',
        },
      ];
      events.emit({ type: 'clients', notice });
      events.emit({ type: 'clients' });
      await vi.runAllTimersAsync();
      expect(updates.at(-1)).toEqual([
        { client: 'cursor', clientName: 'Cursor', server: 'time', kind: 'unprotected' },
      ]);
      // One read of the status for the burst, one notification for the one notice.
      expect(updates).toHaveLength(2);
      expect(shown.map((n) => n.options.title)).toEqual(['A server was added to Cursor']);
      // The name is shown in its visible form: a bidi control cannot reverse the sentence.
      expect(shown[0]?.options.body).toBe('ti\\u{202E}me was added to Cursor and is not protected.');
      shown[0]?.click();
      expect(openClients).toHaveBeenCalled();
      expect(shown[0]?.closed).toBe(true);

      stop();
      expect(events.listenerCount).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('has a title for every kind of notice', () => {
    for (const kind of ['repaired', 'drifted', 'unprotected', 'protected', 'stopped', 'unreadable'] as const)
      expect(protectionNotice({ ...notice, kind }).title).toContain('Cursor');
  });
});
