import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../../renderer/src/features/audit/cli-command';
import { emptyView } from '../../../renderer/src/features/audit/audit-view';

describe('the export command a person copies into a terminal', () => {
  it('quotes what a client or server named', () => {
    expect(auditCommand({ ...emptyView, server: '$(id)' }, 'jsonl')).toBe(
      "npx portcullis audit --server '$(id)' --format jsonl > audit.jsonl",
    );
  });

  it('says the same filter as the page, in the CLI flags', () => {
    expect(
      auditCommand(
        {
          ...emptyView,
          text: 'invoice',
          client: 'cursor',
          outcomes: ['denied', 'rejected'],
          range: { kind: 'preset', preset: '7d' },
        },
        'csv',
      ),
    ).toBe(
      'npx portcullis audit --search invoice --client cursor --outcome denied,rejected --since 168h --format csv > audit.csv',
    );
    expect(auditCommand({ ...emptyView, range: { kind: 'custom', since: 0, until: 1000 } }, 'jsonl')).toBe(
      'npx portcullis audit --since 1970-01-01T00:00:00.000Z --until 1970-01-01T00:00:01.000Z --format jsonl > audit.jsonl',
    );
  });
});
