import { describe, expect, it } from 'vitest';
import {
  auditHref,
  emptyView,
  filterKey,
  toAuditFilter,
  viewFromParams,
  viewToParams,
  type AuditView,
} from '../../../renderer/src/features/audit/audit-view';
import { hashQuery } from '../../../renderer/src/components/use-hash-params';

const HOUR = 3_600_000;
const parse = (query: string) => viewFromParams(new URLSearchParams(query));

describe('the Audit page link', () => {
  it('round-trips every filter, the range and the open row', () => {
    const view: AuditView = {
      text: 'invoice draft*',
      kind: 'call',
      client: 'claude desktop',
      server: 'git&hub=1',
      tool: 'read_file',
      decision: 'approve',
      outcomes: ['rejected', 'denied'],
      sessionId: 's-1',
      range: { kind: 'custom', since: 1_000, until: 2_000 },
      row: 42,
    };
    const back = parse(viewToParams(view).toString());
    expect(back.problems).toEqual([]);
    // Outcomes come back in the schema's order, so one set always reads the same.
    expect(back.view).toEqual({ ...view, outcomes: ['denied', 'rejected'] });
  });

  it('keeps a preset as a preset, so an old link to "the last hour" means the last hour', () => {
    const { view } = parse('range=1h');
    expect(view.range).toEqual({ kind: 'preset', preset: '1h' });
    expect(toAuditFilter(view, 10 * HOUR)).toEqual({ since: 9 * HOUR });
  });

  it('says what it left out of a link it cannot read, and shows the rest', () => {
    const { view, problems } = parse(
      'outcome=denied,sudo,rejected&decision=maybe&kind=both&range=1y&row=-3&client=' + 'x'.repeat(501),
    );
    expect(view.outcomes).toEqual(['denied', 'rejected']);
    expect(view.decision).toBeUndefined();
    expect(view.kind).toBeUndefined();
    expect(view.range).toEqual({ kind: 'all' });
    expect(view.row).toBeUndefined();
    expect(view.client).toBeUndefined();
    expect(problems).toEqual([
      'The client in the link is longer than 500 characters; it was left out.',
      '"maybe" is not a decision (allow, deny, approve).',
      '"both" is not a kind of row (call or admin).',
      '"sudo" is not an outcome; it was left out.',
      'The time range "1y" is not one of all, 1h, 24h, 7d, 30d.',
      '"-3" is not a row number.',
    ]);
  });

  it('refuses a range that ends before it starts, and times that are not numbers', () => {
    expect(parse('since=2000&until=1000').problems).toEqual([
      'The time range ends before it starts; it was left out.',
    ]);
    const junk = parse('since=1e400&until=12abc');
    expect(junk.view.range).toEqual({ kind: 'all' });
    expect(junk.problems).toHaveLength(2);
  });

  it('sends only the filters that are set, one outcome as itself and several as a list', () => {
    expect(toAuditFilter({ ...emptyView, text: '  ', outcomes: ['denied'] }, 0)).toEqual({
      outcome: 'denied',
    });
    expect(toAuditFilter({ ...emptyView, outcomes: ['rate_limited', 'denied'] }, 0)).toEqual({
      outcome: ['denied', 'rate_limited'],
    });
  });

  it('makes links other pages use, and the open row is not part of the filter', () => {
    expect(auditHref({ server: 'github', range: { kind: 'preset', preset: '24h' } })).toBe(
      '#/audit?server=github&range=24h',
    );
    expect(auditHref({})).toBe('#/audit');
    expect(filterKey({ ...emptyView, row: 3, call: 'c' })).toBe('');
    expect(hashQuery('#/audit?q=a%26b&row=2')).toBe('q=a%26b&row=2');
    expect(parse(hashQuery('#/audit?q=a%26b')).view.text).toBe('a&b');
  });
});
