import type { PolicyIssue } from '../../shared/policy';
import { toPointer } from './pointer';
import { compileRegex } from './regex';

/**
 * Regular expressions the engine cannot run, each located by JSON pointer. This runs on the main
 * side beside the schema: the RE2 engine stays out of the renderer's bundle, and the person still
 * sees exactly which pattern was refused and why. It reads the document as written (before or
 * despite schema errors), so every problem is reported at once; what is not where a rule's
 * conditions belong is left to the schema.
 */
export function patternIssues(document: unknown): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const scope = (at: string[], s: unknown) => {
    for (const [tool, entry] of entries(field(s, 'tools'))) {
      const rules = Array.isArray(entry)
        ? entry.map((r, i) => [r, [String(i)]] as const)
        : [[entry, []] as const];
      for (const [rule, index] of rules) {
        for (const key of ['when', 'require', 'deny_if']) {
          for (const [argument, matcher] of entries(field(rule, key))) {
            matcherIssues(matcher, [...at, 'tools', tool, ...index, key, argument], issues);
          }
        }
      }
    }
  };
  scope([], document);
  for (const [name, s] of entries(field(document, 'servers'))) scope(['servers', name], s);
  for (const [name, c] of entries(field(document, 'clients'))) {
    scope(['clients', name], c);
    for (const [server, s] of entries(field(c, 'servers'))) scope(['clients', name, 'servers', server], s);
  }
  return issues;
}

function matcherIssues(matcher: unknown, at: string[], issues: PolicyIssue[]): void {
  const regex = field(matcher, 'regex');
  if (typeof regex === 'string') {
    const compiled = compileRegex(regex);
    if (!compiled.ok) issues.push({ pointer: toPointer([...at, 'regex']), message: compiled.problem });
  }
  const not = field(matcher, 'not');
  if (not !== undefined) matcherIssues(not, [...at, 'not'], issues);
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function entries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}
