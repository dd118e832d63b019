import { describe, expect, it } from 'vitest';
import { queryKeys } from '../../../renderer/src/api/query-keys';
import { keysForEvent } from '../../../renderer/src/app/invalidation';
import { navRoutes, parseRoute } from '../../../renderer/src/app/routes';
import {
  modalOpen,
  notificationFor,
  shouldNotify,
} from '../../../renderer/src/features/approvals/approval-alerts';
import { approval } from './factories';

describe('shouldNotify', () => {
  it('notifies only with permission, and only when the tab is hidden', () => {
    expect(shouldNotify('granted', true)).toBe(true);
    expect(shouldNotify('granted', false)).toBe(false);
    expect(shouldNotify('default', true)).toBe(false);
    expect(shouldNotify('denied', true)).toBe(false);
    expect(shouldNotify('unsupported', true)).toBe(false);
  });
});

describe('notificationFor', () => {
  it('shows hostile names escaped: a notification draws text as it is', () => {
    const note = notificationFor(
      approval({ id: 'h1', tool: 'invoice\u202Etxt.exe', server: 'fs\x1b[2J', client: 'cursor\nAllowed' }),
    );
    expect(note.title).toBe('Approve invoice\\u{202E}txt.exe on fs\\x1b[2J?');
    expect(note.body).toContain('cursor\\nAllowed is waiting');
    expect(`${note.title}${note.body}`).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('names the tool, server, client and risk, with one tag per approval', () => {
    const note = notificationFor(
      approval({ id: 'ab12', risk: { category: 'Destructive', risk: 'High', reason: '' } }),
    );
    expect(note.title).toBe('Approve get-sum on everything?');
    expect(note.body).toContain('claude-desktop is waiting (Destructive · High)');
    expect(note.body).toContain('Denied automatically at');
    expect(note.tag).toBe('portcullis-approval-ab12');
  });
});

describe('modalOpen', () => {
  it('is open while a call waits that was not put off', () => {
    expect(modalOpen([], [], false)).toBe(false);
    expect(modalOpen(['a'], [], false)).toBe(true);
    expect(modalOpen(['a', 'b'], ['a', 'b'], false)).toBe(false);
    // A call that arrives after "Decide later" opens it again.
    expect(modalOpen(['a', 'c'], ['a', 'b'], false)).toBe(true);
  });

  it('stays open while a failed answer is still to be read, even with nothing waiting', () => {
    expect(modalOpen([], [], true)).toBe(true);
  });
});

describe('approval routes and events', () => {
  it('has a popup route that the nav does not list', () => {
    expect(parseRoute('#/approvals-popup')).toBe('approvals-popup');
    expect(navRoutes.map((route) => route.id)).toEqual([
      'overview',
      'live',
      'policies',
      'trust',
      'audit',
      'clients',
    ]);
  });

  it('reads the queue and the status again after approval events, the status after protection events', () => {
    const event = { type: 'approval', state: 'requested', approval: approval({ id: 'a' }) } as const;
    expect(keysForEvent(event)).toEqual([queryKeys.status, queryKeys.approvals]);
    expect(keysForEvent({ type: 'protection', pausedUntil: 5 })).toEqual([queryKeys.status]);
  });
});
