/**
 * The worst decisions this bench can construct (issue 7, item 3): catastrophic regexes on values at
 * the cap, globs that would backtrack against names at the cap, many globs in one scope, deep paths
 * through chains of symlinks, and conditions on every argument. Each case is decided through
 * `PolicyService.decide`, the call the gateway makes, with a fresh value each time so that no cache
 * makes a later call cheaper than the first. Target: every decision under 1 ms.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_EXAMINED_CHARS,
  MAX_EXAMINED_CHARS_PER_CALL,
  MAX_SYMLINK_HOPS,
  MAX_TOOL_NAME_CHARS,
} from '../main/policy/caps';
import type { CallContext } from '../main/policy/evaluate';
import { PolicyService } from '../main/policy/policy-service';
import { compileRegex } from '../main/policy/regex';
import { openStore } from '../main/store';

export interface WorstCase {
  name: string;
  decisions: number;
  p50us: number;
  p99us: number;
  maxUs: number;
  /**
   * The costliest decision, each timed as the fastest of 5 runs: the engine's own worst case, without
   * the garbage collector's pauses and a busy machine's waits that `maxUs` also holds.
   */
  worstUs: number;
  /** What the policy said, to show the case was decided (not refused for another reason). */
  outcome: string;
}

export const WORST_TARGET_US = 1000;
const DECISIONS = Number(process.env.BENCH_WORST_DECISIONS ?? 300);

/** A reproducible pseudo-random text over an alphabet, different for each seed. */
function noise(length: number, alphabet: string, seed: number): string {
  let x = seed * 7919 + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[(x >> 8) % alphabet.length];
  }
  return out;
}

/** Text on which `a[ab]{k}c` never matches but keeps moving to another of its DFA's states. */
function thrashText(k: number, length: number, seed: number): string {
  let out = '';
  for (let chunk = 0; out.length < length; chunk++) out += `${noise(k - 1, 'ab', seed * 1000 + chunk)}c`;
  return out.slice(0, length);
}

interface Case {
  name: string;
  tools: Record<string, unknown>;
  call(i: number): CallContext;
}

function regexCase(name: string, regex: string, value: (i: number) => string): Case {
  return {
    name: `regex ${name}`,
    tools: { q: { deny_if: { text: { regex } } } },
    call: (i) => ({ client: 'c', server: 's', tool: 'q', args: { text: value(i) } }),
  };
}

function cases(folder: string): Case[] {
  const N = MAX_EXAMINED_CHARS;
  const name = MAX_TOOL_NAME_CHARS;
  const starGlob = `${'*a'.repeat(60)}*b`;
  const manyGlobs = Object.fromEntries(
    Array.from({ length: 200 }, (_, g) => [`${'*a'.repeat(20 + (g % 40))}*${'?'.repeat(g % 7)}b${g}`, {}]),
  );
  const deep = join(folder, 'chain', 'link0', ...Array.from({ length: 150 }, (_, i) => `d${i}`));
  const place = {
    cwd: join(folder, 'chain'),
    roots: [`file://${join(folder, 'chain', 'link0')}`],
    allowed: [join(folder, 'chain', 'real'), folder],
    home: folder,
  };
  const everyArgument: Record<string, unknown> = {};
  for (let a = 0; a < 16; a++) {
    everyArgument[`arg${a}`] = [
      { regex: '(a+)+$' },
      { glob: '*a*a*a*a*b' },
      { path_prefix: join(folder, 'chain') },
    ][a % 3];
  }
  return [
    regexCase('(a+)+$', '(a+)+$', (i) => `${'a'.repeat(N - 1 - (i % 7))}${'!'.repeat(1 + (i % 7))}`),
    regexCase('(a|aa)*b', '(a|aa)*b', (i) => noise(N, 'a', i)),
    regexCase('(.*a){20}$', '(.*a){20}$', (i) => `${'a'.repeat(N - 1)}${noise(1, 'bcd', i)}`),
    regexCase('^(([a-z])+.)+[A-Z]([a-z])+$', '^(([a-z])+.)+[A-Z]([a-z])+$', (i) => noise(N, 'abc', i)),
    regexCase('(x+x+)+y', '(x+x+)+y', (i) => `${'x'.repeat(N - 1)}${noise(1, 'z', i)}`),
    // The largest DFAs the import accepts, walked by text that visits a new state at every character.
    regexCase('a[ab]{10}c (2,053 states)', 'a[ab]{10}c', (i) => thrashText(10, N, i)),
    regexCase(
      '(?:a|b)*a(?:a|b){10}$ (4,096 states)',
      '(?:a|b)*a(?:a|b){10}$',
      (i) => `${noise(N - 1, 'ab', i)}c`,
    ),
    regexCase('AKIA[0-9A-Z]{16} (3,619 states)', 'AKIA[0-9A-Z]{16}', (i) =>
      Array.from({ length: N / 16 }, (_, j) => `AKIA${noise(11, 'AKI9', i * 999 + j)}x`).join(''),
    ),
    regexCase('(?i)\\p{L}[\\p{L}\\d]{5}! (1,379 character classes)', '(?i)\\p{L}[\\p{L}\\d]{5}!', (i) =>
      noise(N, 'aéЖ1 ', i),
    ),
    {
      name: `4 of those on one call (${MAX_EXAMINED_CHARS_PER_CALL} characters: the per-call budget)`,
      tools: {
        q: [
          { when: { a: { regex: 'a[ab]{10}c' } }, action: 'deny' },
          { when: { b: { regex: '(?:a|b)*a(?:a|b){10}$' } }, action: 'deny' },
          { when: { c: { regex: 'AKIA[0-9A-Z]{16}' } }, action: 'deny' },
          { deny_if: { d: { regex: '(a+)+$' } } },
        ],
      },
      call: (i) => ({
        client: 'c',
        server: 's',
        tool: 'q',
        args: {
          a: thrashText(10, N, i),
          b: `${noise(N - 1, 'ab', i)}c`,
          c: noise(N, 'AKI9x', i),
          d: `${'a'.repeat(N - 1)}!`,
        },
      }),
    },
    {
      name: `glob ${starGlob.slice(0, 12)}…*b on a ${name}-character name`,
      tools: { [starGlob]: { action: 'deny' } },
      call: (i) => ({ client: 'c', server: 's', tool: `${noise(name - 1, 'a', i)}c`, args: {} }),
    },
    {
      name: `200 globs in one scope, none matching a ${name}-character name`,
      tools: manyGlobs,
      call: (i) => ({ client: 'c', server: 's', tool: noise(name, 'ab', i), args: {} }),
    },
    {
      name: `path through ${MAX_SYMLINK_HOPS} symlinks and 150 missing components, relative to 4 folders`,
      tools: {
        read: [
          { when: { path: { path_prefix: join(folder, 'chain', 'real') } }, action: 'allow' },
          { deny_if: { path: { path_prefix: folder } } },
        ],
      },
      call: (i) => ({
        client: 'c',
        server: 's',
        tool: 'read',
        args: { path: i % 2 ? deep.slice(0, deep.length - (i % 40)) : `link0/../real/d${i}/x` },
        place,
      }),
    },
    {
      // Every condition holds, so none cuts the others short: all 16 are examined, up to the budget.
      name: `conditions on 16 arguments that all hold (regex, glob, path_prefix; ${MAX_EXAMINED_CHARS_PER_CALL} characters)`,
      tools: { q: { require: everyArgument } },
      call: (i) => ({
        client: 'c',
        server: 's',
        tool: 'q',
        args: Object.fromEntries(
          Object.keys(everyArgument).map((k, a) => [
            k,
            a % 3 === 0
              ? 'a'.repeat(N / 4 - 64)
              : a % 3 === 1
                ? `${noise(N / 4 - 65, 'ab', i + a)}b`
                : join(folder, 'chain', 'link0', `f${i}`),
          ]),
        ),
        place,
      }),
    },
  ];
}

/** A chain of MAX_SYMLINK_HOPS symlinks, link0 → link1 → … → real, for paths to walk through. */
function symlinkChain(): string {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-bench-')));
  const chain = join(folder, 'chain');
  mkdirSync(join(chain, 'real'), { recursive: true });
  for (let i = 0; i < MAX_SYMLINK_HOPS - 1; i++) {
    symlinkSync(i === MAX_SYMLINK_HOPS - 2 ? 'real' : `link${i + 1}`, join(chain, `link${i}`));
  }
  return folder;
}

/** Patterns that would be the worst of all; the import refuses them, and says so quickly. */
export const REFUSED_PATTERNS = [
  'a[ab]{120}c',
  '(?:a|b)*a(?:a|b){120}$',
  '(?i)\\p{L}[\\p{L}\\d]{60}!',
  '(x{1,99}){1,10}y',
];

export function refusedAtImport(): { pattern: string; ms: number; problem: string }[] {
  return REFUSED_PATTERNS.map((pattern) => {
    const t = process.hrtime.bigint();
    const compiled = compileRegex(pattern);
    return {
      pattern,
      ms: Number(process.hrtime.bigint() - t) / 1e6,
      problem: compiled.ok ? 'ACCEPTED' : compiled.problem.split(/[;:(]/)[0]!.trim(),
    };
  });
}

export function benchWorstCase(): WorstCase[] {
  const folder = symlinkChain();
  try {
    return cases(folder).map((c) => {
      const store = openStore(':memory:');
      const policy = new PolicyService(store);
      policy.save(JSON.stringify({ version: '1', default: 'allow', tools: c.tools }), 'bench');
      const outcomes = new Map<string, number>();
      // Warm the JIT on other values, so the figures are the engine's, not the compiler's.
      for (let i = 0; i < 20; i++) policy.decide(c.call(DECISIONS + i));
      const samples = new Float64Array(DECISIONS);
      let worstUs = 0;
      for (let i = 0; i < DECISIONS; i++) {
        const call = c.call(i);
        let fastest = Infinity;
        let decision = policy.decide(call).decision;
        for (let run = 0; run < 5; run++) {
          const t = process.hrtime.bigint();
          decision = policy.decide(call).decision;
          const us = Number(process.hrtime.bigint() - t) / 1000;
          if (run === 0) samples[i] = us;
          fastest = Math.min(fastest, us);
        }
        worstUs = Math.max(worstUs, fastest);
        const key = `${decision.action} (${decision.rule})`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      store.close();
      samples.sort();
      return {
        name: c.name,
        decisions: DECISIONS,
        p50us: samples[Math.floor(DECISIONS / 2)]!,
        p99us: samples[Math.floor(DECISIONS * 0.99)]!,
        maxUs: samples[DECISIONS - 1]!,
        worstUs,
        outcome: [...outcomes].map(([k, n]) => `${n}× ${k}`).join(', '),
      };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
