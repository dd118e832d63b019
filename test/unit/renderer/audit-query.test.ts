import { describe, expect, it } from 'vitest';
import {
  AUDIT_PAGE_SIZE,
  emptyFilters,
  flattenPages,
  hasActiveFilters,
  nextBeforeId,
  parseDecisionFilter,
  toAuditQuery,
} from '../../../renderer/src/features/audit/audit-query';
import { auditRow } from './factories';

describe('toAuditQuery', () => {
  it('sends only the filters that are set, trimmed', () => {
    expect(toAuditQuery({ client: ' cursor ', server: '', tool: '  ', decision: 'deny' }, undefined)).toEqual(
      {
        limit: AUDIT_PAGE_SIZE,
        client: 'cursor',
        decision: 'deny',
      },
    );
  });

  it('adds beforeId for older pages', () => {
    expect(toAuditQuery(emptyFilters, 41, 10)).toEqual({ limit: 10, beforeId: 41 });
  });
});

describe('hasActiveFilters', () => {
  it('ignores blank text', () => {
    expect(hasActiveFilters(emptyFilters)).toBe(false);
    expect(hasActiveFilters({ ...emptyFilters, tool: '   ' })).toBe(false);
    expect(hasActiveFilters({ ...emptyFilters, tool: 'echo' })).toBe(true);
    expect(hasActiveFilters({ ...emptyFilters, decision: 'allow' })).toBe(true);
  });
});

describe('parseDecisionFilter', () => {
  it('accepts only known decisions', () => {
    expect(parseDecisionFilter('allow')).toBe('allow');
    expect(parseDecisionFilter('deny')).toBe('deny');
    expect(parseDecisionFilter('approve')).toBe('');
  });
});

describe('nextBeforeId', () => {
  it('pages below the oldest id of a full page', () => {
    const page = [auditRow({ id: 30 }), auditRow({ id: 12 }), auditRow({ id: 20 })];
    expect(nextBeforeId(page, 3)).toBe(12);
  });

  it('stops after a short page', () => {
    expect(nextBeforeId([auditRow({ id: 5 })], 3)).toBeUndefined();
    expect(nextBeforeId([], 3)).toBeUndefined();
  });
});

describe('flattenPages', () => {
  it('joins pages newest first without duplicates', () => {
    const pages = [
      [auditRow({ id: 9 }), auditRow({ id: 8 })],
      [auditRow({ id: 8, rule: 'stale copy' }), auditRow({ id: 3 })],
    ];
    const rows = flattenPages(pages);
    expect(rows.map((row) => row.id)).toEqual([9, 8, 3]);
    expect(rows[1]!.rule).toBe('default');
  });
});
