import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from '../../../shared/policy';
import {
  catchAllIndex,
  describeEntryChange,
  entryAction,
  readPolicy,
  entryAt,
  summarizeRule,
  withEntryAt,
  withToolAction,
  type PolicyInput,
} from '../../../renderer/src/features/policies/policy-edit';
import {
  detectFormatting,
  formatPolicyText,
  writeEntry,
} from '../../../renderer/src/features/policies/policy-text';

const base: PolicyInput = {
  version: '1',
  default: 'allow',
  tools: { echo: { action: 'deny' } },
  servers: { github: { default: 'approve', tools: { get_issue: {} } } },
};

describe('withEntryAt', () => {
  it('adds a rule at servers.<server>.tools.<tool>, creating the scopes, without touching the input', () => {
    const before = structuredClone(base);
    const next = withEntryAt(base, { server: 'everything', tool: 'echo' }, { action: 'allow' });
    expect(next.servers?.everything).toEqual({ tools: { echo: { action: 'allow' } } });
    expect(next.servers?.github).toBe(base.servers?.github);
    expect(next.tools).toBe(base.tools);
    expect(base).toEqual(before);
  });

  it('replaces a rule and keeps the rest of the scope', () => {
    const next = withEntryAt(base, { server: 'github', tool: 'get_issue' }, { action: 'deny', reason: 'no' });
    expect(next.servers?.github).toEqual({
      default: 'approve',
      tools: { get_issue: { action: 'deny', reason: 'no' } },
    });
  });

  it('prunes the scopes a removal leaves empty, and only those', () => {
    const one = withEntryAt(base, { server: 'everything', tool: 'echo' }, { action: 'allow' });
    expect(withEntryAt(one, { server: 'everything', tool: 'echo' }, undefined)).toEqual(base);
    const github = withEntryAt(base, { server: 'github', tool: 'get_issue' }, undefined);
    expect(github.servers).toEqual({ github: { default: 'approve' } });
    const bare = withEntryAt(
      { version: '1', default: 'deny', servers: { s: { tools: { t: {} } } } },
      { server: 's', tool: 't' },
      undefined,
    );
    expect(bare).toEqual({ version: '1', default: 'deny' });
  });

  it('treats names like __proto__ and constructor as plain keys', () => {
    const next = withEntryAt(base, { server: '__proto__', tool: 'constructor' }, { action: 'deny' });
    expect(Object.keys(next.servers!)).toContain('__proto__');
    expect(entryAt(next, { server: '__proto__', tool: 'constructor' })).toEqual({ action: 'deny' });
    expect(entryAt(base, { server: 'github', tool: 'constructor' })).toBeUndefined();
    expect(JSON.parse(JSON.stringify(next)).servers.__proto__).toEqual({
      tools: { constructor: { action: 'deny' } },
    });
  });
});

describe('withToolAction', () => {
  it('writes a new rule with just the action when the server scope has none', () => {
    expect(
      entryAt(withToolAction(base, { server: 'everything', tool: 'echo' }, 'deny'), {
        server: 'everything',
        tool: 'echo',
      }),
    ).toEqual({ action: 'deny' });
  });

  it('changes only the action of an existing rule', () => {
    const doc = withEntryAt(
      base,
      { server: 's', tool: 't' },
      {
        reason: 'slow down',
        limits: [{ window: 'minute', max: 5 }],
        require: { path: { prefix: '/tmp' } },
      },
    );
    expect(
      entryAt(withToolAction(doc, { server: 's', tool: 't' }, 'approve'), { server: 's', tool: 't' }),
    ).toEqual({
      action: 'approve',
      reason: 'slow down',
      limits: [{ window: 'minute', max: 5 }],
      require: { path: { prefix: '/tmp' } },
    });
  });

  it('changes the catch-all of several rules, or adds one after the conditional rules', () => {
    const conditional = { action: 'deny' as const, when: { path: { prefix: '/etc' } } };
    const withCatchAll = withEntryAt(base, { server: 's', tool: 't' }, [conditional, { action: 'allow' }]);
    expect(
      entryAt(withToolAction(withCatchAll, { server: 's', tool: 't' }, 'approve'), {
        server: 's',
        tool: 't',
      }),
    ).toEqual([conditional, { action: 'approve' }]);
    const onlyConditional = withEntryAt(base, { server: 's', tool: 't' }, [conditional]);
    expect(
      entryAt(withToolAction(onlyConditional, { server: 's', tool: 't' }, 'allow'), {
        server: 's',
        tool: 't',
      }),
    ).toEqual([conditional, { action: 'allow' }]);
  });

  it('hides a tool with conditional rules by adding a catch-all after them', () => {
    const doc = withEntryAt(base, { server: 's', tool: 't' }, { action: 'deny', when: { x: 1 } });
    const hidden = withToolAction(doc, { server: 's', tool: 't' }, 'hide');
    expect(entryAt(hidden, { server: 's', tool: 't' })).toEqual([
      { action: 'deny', when: { x: 1 } },
      { action: 'hide' },
    ]);
    expect(policyDocumentSchema.safeParse(hidden).success).toBe(true);
  });

  it('gives documents the gateway accepts', () => {
    const doc = withToolAction(
      withToolAction(base, { server: 'everything', tool: 'echo' }, 'hide'),
      { server: 'github', tool: 'get_issue' },
      'approve',
    );
    expect(policyDocumentSchema.safeParse(doc).success).toBe(true);
  });
});

describe('entries at every place', () => {
  const scoped: PolicyInput = {
    version: '1',
    default: 'allow',
    tools: { 'read_*': { action: 'deny', reason: 'no reads' } },
    clients: { cursor: { servers: { 'my.fs': { tools: { get: { action: 'allow' } } } } } },
  };

  it('reads and writes the top level, a client, and a client’s server, names with dots included', () => {
    expect(entryAt(scoped, { tool: 'read_*' })).toEqual({ action: 'deny', reason: 'no reads' });
    expect(entryAt(scoped, { client: 'cursor', server: 'my.fs', tool: 'get' })).toEqual({ action: 'allow' });
    const next = withToolAction(scoped, { tool: 'read_*' }, 'approve');
    expect(next.tools).toEqual({ 'read_*': { action: 'approve', reason: 'no reads' } });
    const client = withEntryAt(scoped, { client: 'claude', tool: 'x' }, {});
    expect(client.clients?.claude).toEqual({ tools: { x: {} } });
  });

  it('prunes a client scope a removal empties, but keeps the top-level tools', () => {
    const gone = withEntryAt(scoped, { client: 'cursor', server: 'my.fs', tool: 'get' }, undefined);
    expect(gone.clients).toBeUndefined();
    expect(withEntryAt(scoped, { tool: 'read_*' }, undefined).tools).toEqual({});
    const text = `${JSON.stringify(scoped, null, 2)}\n`;
    expect(
      JSON.parse(writeEntry(text, { client: 'cursor', server: 'my.fs', tool: 'get' }, undefined)),
    ).toEqual({
      version: '1',
      default: 'allow',
      tools: { 'read_*': { action: 'deny', reason: 'no reads' } },
    });
  });

  it('keeps the hosted word for approve when the action does not change', () => {
    const hosted: PolicyInput = {
      version: '1',
      default: 'deny',
      tools: { pay: { action: 'require_approval' } },
    };
    expect(withToolAction(hosted, { tool: 'pay' }, 'approve')).toEqual(hosted);
    expect(withToolAction(hosted, { tool: 'pay' }, 'deny').tools).toEqual({ pay: { action: 'deny' } });
  });
});

describe('reading entries', () => {
  it('finds the catch-all rule and what it does', () => {
    expect(catchAllIndex([{ when: { a: 1 } }, {}])).toBe(1);
    expect(catchAllIndex([{ when: { a: 1 } }])).toBe(-1);
    expect(entryAction(undefined)).toBeUndefined();
    expect(entryAction({})).toBe('allow');
    expect(entryAction([{ action: 'deny', when: { a: 1 } }, { action: 'approve' }])).toBe('approve');
  });

  it('reads only JSON objects as documents', () => {
    expect(readPolicy('{"version":"1"}')).toEqual({ version: '1' });
    expect(() => readPolicy('[]')).toThrow(/JSON object/);
    expect(() => readPolicy('{')).toThrow();
  });
});

describe('describing a change', () => {
  it('says what a rule does in a line', () => {
    expect(summarizeRule({})).toBe('allow');
    expect(
      summarizeRule({
        action: 'approve',
        reason: 'careful',
        limits: [{ window: 60, max: 3, scope: 'session', on_exceed: 'approve' }],
        when: { a: 1, b: 2 },
        deny_if: { c: 3 },
      }),
    ).toBe('approve · “careful” · 3 per 60 s per session, then ask · 3 conditions');
  });

  it('lists each difference between two entries', () => {
    expect(describeEntryChange(undefined, { action: 'deny' })).toEqual(['Added: deny']);
    expect(describeEntryChange({ action: 'deny' }, undefined)).toEqual(['Removed: deny']);
    expect(describeEntryChange({ action: 'allow' }, { action: 'deny', reason: 'no' })).toEqual([
      'action allow → deny',
      'reason “no”',
    ]);
    expect(
      describeEntryChange(
        { limits: [{ window: 'minute', max: 5 }] },
        { limits: [{ window: 'hour', max: 5 }], when: { a: 1 } },
      ),
    ).toEqual(['limits 5 per minute per grant → 5 per hour per grant', 'conditions 0 → 1']);
    expect(describeEntryChange({}, [{}, { action: 'deny' }])).toEqual(['Rules: allow → allow; then deny']);
    expect(describeEntryChange({ action: 'deny' }, { action: 'deny' })).toEqual([]);
  });
});

describe('writeEntry', () => {
  const text = `{
    "version": "1",
    "default": "allow",
    "tools": {
        "echo": { "action": "deny" }
    }
}
`;

  it('edits the text in place, keeping the indentation and everything else', () => {
    const next = writeEntry(text, { server: 'everything', tool: 'echo' }, { action: 'allow' });
    expect(next.startsWith(text.slice(0, text.lastIndexOf('}') - 1))).toBe(true);
    expect(next).toContain(
      '        "everything": {\n            "tools": {\n                "echo": {\n                    "action": "allow"',
    );
    expect(readPolicy(next)).toEqual(
      withEntryAt(readPolicy(text), { server: 'everything', tool: 'echo' }, { action: 'allow' }),
    );
  });

  it('replaces an existing rule without moving it', () => {
    const once = writeEntry(text, { server: 'everything', tool: 'echo' }, { action: 'allow' });
    const twice = writeEntry(once, { server: 'everything', tool: 'echo' }, { action: 'deny' });
    expect(twice).toBe(once.replace('"action": "allow"', '"action": "deny"'));
  });

  it('removes a rule and the scopes left empty, giving back the original text', () => {
    const added = writeEntry(text, { server: 'everything', tool: 'echo' }, { action: 'allow' });
    expect(writeEntry(added, { server: 'everything', tool: 'echo' }, undefined)).toBe(text);
  });

  it('keeps tabs and CRLF line ends', () => {
    const tabbed = '{\r\n\t"version": "1",\r\n\t"default": "deny"\r\n}';
    expect(detectFormatting(tabbed)).toEqual({ insertSpaces: false, tabSize: 1, eol: '\r\n' });
    const next = writeEntry(tabbed, { server: 's', tool: 't' }, {});
    expect(next).toContain('\r\n\t"servers": {\r\n\t\t"s": {');
    expect(next).not.toMatch(/[^\r]\n/);
  });

  it('writes the document out again when the text has duplicate keys it cannot edit in place', () => {
    const duplicated = '{"version":"1","default":"allow","servers":{"s":{}},"servers":{"x":{}}}';
    const next = writeEntry(duplicated, { server: 's', tool: 't' }, { action: 'deny' });
    expect(JSON.parse(next)).toEqual({
      version: '1',
      default: 'allow',
      servers: { x: {}, s: { tools: { t: { action: 'deny' } } } },
    });
  });

  it('formats valid JSON and leaves anything else alone', () => {
    expect(formatPolicyText('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
    expect(formatPolicyText('{"a":')).toBe('{"a":');
  });
});
