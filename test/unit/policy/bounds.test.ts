import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_PATH_LOOKUPS_PER_CALL,
  MAX_ARGUMENT_DEPTH,
  MAX_EXAMINED_CHARS,
  MAX_EXAMINED_CHARS_PER_CALL,
  MAX_TOOL_NAME_CHARS,
  checkToolName,
} from '../../../main/policy/caps';
import { compilePolicy } from '../../../main/policy/compile';
import { evaluate, type CallContext } from '../../../main/policy/evaluate';
import { bySpecificity, compileGlob, globMatches } from '../../../main/policy/glob';
import { parsePolicy } from '../../../main/policy/parse';
import type { Place } from '../../../main/policy/paths';

let root: string;
const at = (...parts: string[]) => join(root, ...parts);

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-bounds-')));
  for (const dir of ['ws/project', 'ws/secret/inner']) mkdirSync(at(...dir.split('/')), { recursive: true });
  writeFileSync(at('ws', 'project', 'notes.txt'), 'notes');
  writeFileSync(at('ws', 'secret', 'key.txt'), 'key');
  symlinkSync('../secret', at('ws', 'project', 'link-out'));
  symlinkSync('../secret/inner', at('ws', 'project', 'jump'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function decide(document: object, tool: string, args: Record<string, unknown>, place?: Place) {
  const parsed = parsePolicy(JSON.stringify({ version: '1', default: 'allow', ...document }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const call: CallContext = { client: 'c', server: 's', tool, args, ...(place ? { place } : {}) };
  return evaluate(compilePolicy(parsed.document), call).decision;
}

const project = (): Place => ({ cwd: at('ws', 'project'), roots: [], allowed: [], home: at('home') });

describe('three-valued path conditions', () => {
  const requireProject = () => ({
    tools: { read: { require: { path: { path_prefix: at('ws', 'project') } } } },
  });
  const denySecret = () => ({ tools: { read: { deny_if: { path: { path_prefix: at('ws', 'secret') } } } } });

  it('require passes only when every file the path may name is inside', () => {
    expect(decide(requireProject(), 'read', { path: 'notes.txt' }, project()).action).toBe('allow');
    const outside = decide(requireProject(), 'read', { path: 'link-out/key.txt' }, project());
    expect(outside).toMatchObject({ action: 'deny', rule: 'tools.read.require' });
    expect(outside.reason).toBe("the arguments do not meet the rule's require conditions");
  });

  it('require fails, saying why, when the path cannot be resolved with certainty', () => {
    const noPlace = decide(requireProject(), 'read', { path: 'notes.txt' });
    expect(noPlace).toMatchObject({ action: 'deny', rule: 'tools.read.require' });
    expect(noPlace.reason).toMatch(/could not be resolved with certainty: "path" is relative/);
    const twoWays = decide(requireProject(), 'read', { path: 'jump/../key.txt' }, project());
    expect(twoWays.action).toBe('deny');
    expect(twoWays.reason).toMatch(/"path" may name .* or .*, depending on how the server reads it/);
  });

  it('deny_if matches on true and on unknown', () => {
    expect(decide(denySecret(), 'read', { path: 'notes.txt' }, project()).action).toBe('allow');
    const linked = decide(denySecret(), 'read', { path: at('ws', 'project', 'link-out', 'key.txt') });
    expect(linked).toMatchObject({ action: 'deny', rule: 'tools.read.deny_if' });
    expect(linked.reason).toBe('the arguments match a deny_if condition');
    const unsure = decide(denySecret(), 'read', { path: 'jump/../key.txt' }, project());
    expect(unsure).toMatchObject({ action: 'deny', rule: 'tools.read.deny_if' });
    expect(unsure.reason).toMatch(
      /^the arguments may match a deny_if condition; the path could not be resolved/,
    );
  });

  it('not keeps unknown, and all-of is false as soon as any part is false', () => {
    const notSecret = {
      tools: { read: { require: { path: { not: { path_prefix: at('ws', 'secret') } } } } },
    };
    expect(decide(notSecret, 'read', { path: 'notes.txt' }, project()).action).toBe('allow');
    expect(decide(notSecret, 'read', { path: 'link-out/key.txt' }, project()).action).toBe('deny');
    expect(decide(notSecret, 'read', { path: 'jump/../key.txt' }, project()).reason).toMatch(/certainty/);
    // A false part decides all-of even when the path part is unknown.
    const both = {
      tools: {
        read: [
          { when: { path: { path_prefix: at('ws', 'secret') }, mode: 'write' }, action: 'deny' },
          { action: 'allow', reason: 'fell through' },
        ],
      },
    };
    expect(decide(both, 'read', { path: 'jump/../key.txt', mode: 'read' }, project())).toMatchObject({
      action: 'allow',
      reason: 'fell through',
    });
  });

  it('when: unknown applies a rule that denies or asks, and passes over one that allows', () => {
    const rules = (action: string) => ({
      tools: {
        read: [
          { when: { path: { path_prefix: at('ws', 'project') } }, action },
          { action: 'approve', reason: 'anything else needs a person' },
        ],
      },
    });
    const path = { path: 'jump/../key.txt' };
    expect(decide(rules('allow'), 'read', path, project())).toMatchObject({
      action: 'approve',
      rule: 'tools.read[1]',
      reason: 'anything else needs a person',
    });
    const denied = decide(rules('deny'), 'read', path, project());
    expect(denied).toMatchObject({ action: 'deny', rule: 'tools.read[0]' });
    expect(denied.reason).toMatch(/^the rule's when conditions may match; the path could not be resolved/);
    expect(decide(rules('approve'), 'read', path, project())).toMatchObject({
      action: 'approve',
      rule: 'tools.read[0]',
    });
    // Certain either way: the first rule applies or not, as before.
    expect(decide(rules('allow'), 'read', { path: 'notes.txt' }, project())).toMatchObject({
      action: 'allow',
    });
  });

  it('canonicalises the policy’s own folder: a symlinked or ~ folder means where it leads', () => {
    const viaLink = {
      tools: { read: { deny_if: { path: { path_prefix: at('ws', 'project', 'link-out') } } } },
    };
    expect(decide(viaLink, 'read', { path: at('ws', 'secret', 'key.txt') }).action).toBe('deny');
  });

  it('refuses a relative path_prefix in the policy, by pointer', () => {
    const parsed = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: { x: { require: { p: { path_prefix: 'src' } } } },
      }),
    );
    expect(parsed).toMatchObject({ ok: false, issues: [{ pointer: '/tools/x/require/p/path_prefix' }] });
  });
});

describe('bounds', () => {
  it('refuses a tool name over the cap, through the same rule the gateway uses', () => {
    const long = 'x'.repeat(MAX_TOOL_NAME_CHARS + 1);
    expect(checkToolName('x'.repeat(MAX_TOOL_NAME_CHARS))).toBeUndefined();
    expect(checkToolName(long)).toBe(`the tool name is 257 characters; Portcullis accepts at most 256`);
    expect(decide({}, long, {})).toEqual({ action: 'deny', rule: 'bounds', reason: checkToolName(long) });
  });

  it('refuses arguments nested deeper than the cap', () => {
    const nest = (depth: number) => {
      let value: unknown = 'leaf';
      for (let i = 1; i < depth; i++) value = [value];
      return value as Record<string, unknown>;
    };
    // The arguments object is the first level; nest(n) adds n - 1 arrays.
    expect(decide({}, 't', { a: nest(MAX_ARGUMENT_DEPTH) }).action).toBe('allow');
    expect(decide({}, 't', { a: nest(MAX_ARGUMENT_DEPTH + 1) })).toMatchObject({
      action: 'deny',
      rule: 'bounds',
      reason: `the arguments nest more than ${MAX_ARGUMENT_DEPTH} levels deep; Portcullis examines at most ${MAX_ARGUMENT_DEPTH}`,
    });
  });

  it('refuses a value too long to examine, naming the argument and the cap, only when a test examines it', () => {
    const policy = { tools: { write: { deny_if: { content: { regex: 'BEGIN PRIVATE KEY' } } } } };
    expect(decide(policy, 'write', { content: 'x'.repeat(70_000), other: 1 })).toEqual({
      action: 'deny',
      rule: 'tools.write.deny_if',
      reason: `the argument "content" is 70000 characters; conditions examine at most ${MAX_EXAMINED_CHARS}`,
    });
    expect(decide(policy, 'write', { content: 'x'.repeat(MAX_EXAMINED_CHARS) }).action).toBe('allow');
    expect(decide(policy, 'other', { content: 'x'.repeat(70_000) }).action).toBe('allow');
  });

  it('refuses a call whose conditions would examine more than the per-call budget', () => {
    const scans = Array.from({ length: 5 }, (_, i) => ({
      when: { q: { regex: `^never${i}` } },
      action: 'deny',
    }));
    const policy = { tools: { query: [...scans, {}] } };
    const value = 'y'.repeat(MAX_EXAMINED_CHARS_PER_CALL / 4);
    const refused = decide(policy, 'query', { q: value });
    expect(refused).toMatchObject({ action: 'deny', rule: 'tools.query[4].when' });
    expect(refused.reason).toMatch(`more than ${MAX_EXAMINED_CHARS_PER_CALL} characters`);
    expect(decide(policy, 'query', { q: 'short' }).action).toBe('allow');
  });
});

describe('file-system lookups per decision', () => {
  it('makes the paths of one call unknown once they need more lookups than one decision may make', () => {
    const trees = ['d', 'e', 'f'].map((name) => at('deep', ...Array.from({ length: 200 }, () => name)));
    for (const tree of trees) mkdirSync(tree, { recursive: true });
    const require = Object.fromEntries(['a', 'b', 'c'].map((k) => [k, { path_prefix: at('deep') }]));
    const args = { a: `${trees[0]}/x`, b: `${trees[1]}/x`, c: `${trees[2]}/x` };
    const refused = decide({ tools: { t: { require } } }, 't', args);
    expect(refused.action).toBe('deny');
    expect(refused.reason).toMatch(
      `"c" needs more than the ${MAX_PATH_LOOKUPS_PER_CALL} file-system lookups one decision may make`,
    );
    // Two of them fit, and so does the same tree named three times (lookups are shared).
    expect(decide({ tools: { t: { require } } }, 't', { ...args, c: `${trees[0]}/y` }).action).toBe('allow');
  });
});

describe('regex on RE2', () => {
  const regexIssues = (tools: object) => {
    const parsed = parsePolicy(JSON.stringify({ version: '1', default: 'deny', tools }));
    return parsed.ok ? [] : parsed.issues;
  };

  it('refuses at import, by pointer, what RE2 cannot run: lookaround, backreferences, huge programs', () => {
    const issues = regexIssues({
      look: { when: { q: { regex: 'a(?=b)' } } },
      back: [{ require: { q: { not: { regex: '(a)\\1' } } } }],
      huge: { deny_if: { q: { regex: '(x{1,99}){1,10}y' } } },
      thrash: { deny_if: { q: { regex: 'a[ab]{20}c' } } },
      fine: { when: { q: { regex: '(?i)^select\\b' } } },
    });
    expect(issues.map((i) => i.pointer)).toEqual([
      '/tools/look/when/q/regex',
      '/tools/back/0/require/q/not/regex',
      '/tools/huge/deny_if/q/regex',
      '/tools/thrash/deny_if/q/regex',
    ]);
    expect(issues[0]!.message).toMatch(
      /^Not a valid regular expression \(RE2 syntax: no lookaround, no backreferences\)/,
    );
    expect(issues[2]!.message).toMatch(/compiles to \d+ steps; at most 256/);
    expect(issues[3]!.message).toMatch(/needs more than 4096 matching states/);
  });

  it('reports pattern problems together with schema problems', () => {
    const issues = regexIssues({ a: { action: 'explode', when: { q: { regex: '(?<=x)y' } } } });
    expect(issues.map((i) => i.pointer).sort()).toEqual(['/tools/a/action', '/tools/a/when/q/regex']);
  });

  it('decides catastrophic patterns on inputs at the cap, with RE2 semantics', () => {
    const policy = (regex: string) => ({ tools: { t: { deny_if: { q: { regex } } } } });
    const input = `${'a'.repeat(MAX_EXAMINED_CHARS - 1)}!`;
    expect(decide(policy('(a+)+$'), 't', { q: input }).action).toBe('allow');
    expect(decide(policy('(a|aa)*b'), 't', { q: input }).action).toBe('allow');
    expect(decide(policy('(a|aa)*!'), 't', { q: input }).action).toBe('deny');
    expect(decide(policy('(?i)DROP\\s+TABLE'), 't', { q: 'drop  table x' }).action).toBe('deny');
  });
});

describe('linear globs', () => {
  /** The old RegExp-backed reading of a glob: the reference the linear matcher must agree with. */
  const reference = (pattern: string) =>
    new RegExp(
      `^${Array.from(pattern, (c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('')}$`,
      'su',
    );

  it('agrees with the RegExp reading on random patterns and names', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >> 8) % n;
    };
    const alphabet = ['a', 'b', '*', '?', 'é', '😀'];
    for (let i = 0; i < 3000; i++) {
      const pattern = Array.from({ length: next(8) }, () => alphabet[next(6)]).join('');
      const name =
        Array.from({ length: next(10) }, () => alphabet[next(2)] ?? 'a').join('') + ['', 'é', '😀'][next(3)];
      expect(globMatches(compileGlob(pattern), name), `${pattern} ~ ${name}`).toBe(
        reference(pattern).test(name),
      );
    }
  });

  it('matches pieces longer than one word and `?` as one code point', () => {
    const long = `${'ab'.repeat(40)}?c`;
    expect(globMatches(compileGlob(`x*${long}*`), `xzz${'ab'.repeat(40)}Qcend`)).toBe(true);
    expect(globMatches(compileGlob(`x*${long}*`), `xzz${'ab'.repeat(39)}Qcend`)).toBe(false);
    expect(globMatches(compileGlob('a?b'), 'a😀b')).toBe(true);
    expect(globMatches(compileGlob('*a*a*a*a*a*a*a*a*a*b'), 'a'.repeat(MAX_TOOL_NAME_CHARS))).toBe(false);
    expect(globMatches(compileGlob('*a*a*a*a*a*a*a*a*a*b'), `${'a'.repeat(MAX_TOOL_NAME_CHARS - 1)}b`)).toBe(
      true,
    );
  });

  it('keeps the specificity order', () => {
    const sorted = ['*', 'get_*', 'get_?', 'get_*_x', '?et_*'].map(compileGlob).sort(bySpecificity);
    expect(sorted.map((g) => g.pattern)).toEqual(['get_*_x', 'get_*', 'get_?', '?et_*', '*']);
  });
});
