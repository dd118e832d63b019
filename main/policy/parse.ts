import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ZodError } from 'zod';
import { policyDocumentSchema, type PolicyDocument, type PolicyIssue } from '../../shared/policy';
import { patternIssues } from './patterns';
import { toPointer } from './pointer';

export type ParsedPolicy = { ok: true; document: PolicyDocument } | { ok: false; issues: PolicyIssue[] };

/**
 * Reads a policy document from JSON text. Every problem is located by JSON pointer so the CLI, the
 * API and the editor can all point at it; a syntax error also names its line and column.
 */
export function parsePolicy(text: string): ParsedPolicy {
  const errors: ParseError[] = [];
  // parseTree is used for its precise error positions; the value itself comes from JSON.parse so
  // that exactly standard JSON is accepted.
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  // Only the first: the parser's later errors follow from it, and read as nonsense on their own.
  const [first] = errors;
  if (first) return { ok: false, issues: [{ pointer: '', message: syntaxMessage(text, first) }] };
  const value: unknown = JSON.parse(text);
  // Validation would drop a "__proto__" key without a word, and with it any rule written under it.
  const forbidden = findProtoKeys(value, []);
  if (forbidden.length > 0) {
    return {
      ok: false,
      issues: forbidden.map((path) => ({
        pointer: toPointer(path),
        message: 'The key "__proto__" cannot be used in a policy.',
      })),
    };
  }
  return validatePolicy(value);
}

function findProtoKeys(value: unknown, path: string[]): string[][] {
  if (!value || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => [
    ...(key === '__proto__' ? [[...path, key]] : []),
    ...findProtoKeys((value as Record<string, unknown>)[key], [...path, key]),
  ]);
}

export function validatePolicy(value: unknown): ParsedPolicy {
  const result = policyDocumentSchema.safeParse(value);
  const patterns = patternIssues(value);
  if (result.success && patterns.length === 0) return { ok: true, document: result.data };
  return { ok: false, issues: [...(result.success ? [] : zodIssues(result.error)), ...patterns] };
}

function zodIssues(error: ZodError): PolicyIssue[] {
  return error.issues.flatMap((issue) => toPolicyIssues(issue, []));
}

type Issue = ZodError['issues'][number];

function toPolicyIssues(issue: Issue, base: PropertyKey[]): PolicyIssue[] {
  const path = [...base, ...issue.path].map(String);
  // Unknown keys are reported on their parent; point at the key itself, which is what the person wrote.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      pointer: toPointer([...path, key]),
      message: `Unknown key "${key}"${knownKeysHint(path)}.`,
    }));
  }
  // A value that may take several shapes (a rule or a list of rules; a literal or a test object):
  // report the problems of the shape it was written in, not a bare "invalid input".
  if (issue.code === 'invalid_union') {
    const branch = issue.errors.find(
      (issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    );
    if (branch) return branch.flatMap((i) => toPolicyIssues(i, path));
  }
  return [{ pointer: toPointer(path), message: issue.message }];
}

function knownKeysHint(path: string[]): string {
  const [parent, grandparent] = [path.at(-2), path.at(-3)];
  if (path.length === 0)
    return ' (expected version, default, reason, hide, tools, all_tools, servers, clients, name, description)';
  if (parent === 'limits') return ' (a limit takes counter, window, max, scope, on_exceed)';
  if (path.at(-1) === 'rate_limit')
    return ' (a rate_limit block takes max, window and counter; it counts per session)';
  if (parent === 'tools' || (grandparent === 'tools' && /^\d+$/.test(path.at(-1)!))) {
    return ' (a tool rule takes action, reason, limits, rate_limit, when, require, deny_if)';
  }
  if (parent === 'servers' || path.at(-1) === 'servers' || parent === 'clients') {
    return ' (a scope takes default, reason, tools, all_tools, and for a client, servers)';
  }
  return '';
}

/** What each of the JSON parser's error codes (by name) means, for a person reading their own document. */
const syntaxWords: Record<string, string> = {
  InvalidSymbol:
    'unexpected text. Outside double quotes JSON has only numbers, true, false, null, { } [ ] , and : (is a word missing its quotes?)',
  InvalidNumberFormat:
    'this number is not written as JSON writes numbers (no leading zeros, no + sign, digits after a decimal point)',
  PropertyNameExpected: 'a key in double quotes is expected here. JSON allows no comma before a closing }',
  ValueExpected:
    'a value is expected here: text in double quotes, a number, true, false, null, an object or a list. JSON allows no comma before a closing ]',
  ColonExpected: 'a colon is expected between a key and its value',
  CommaExpected:
    'a comma is expected here, between two entries (is one missing at the end of the line before?)',
  CloseBraceExpected: 'a closing } is expected: an object is left open',
  CloseBracketExpected: 'a closing ] is expected: a list is left open',
  EndOfFileExpected: 'the document should end here, after its closing }',
  InvalidCommentToken: 'a policy is plain JSON, which has no comments',
  UnexpectedEndOfComment: 'a comment is not closed (and a policy is plain JSON, which has no comments)',
  UnexpectedEndOfString: 'text is not closed: a double quote is missing',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a \\u escape needs four hexadecimal digits',
  InvalidEscapeCharacter:
    'not an escape JSON knows: write \\\\ for a backslash, \\" for a quote, or \\n, \\t, \\uXXXX',
  InvalidCharacter: 'a tab or line break inside double quotes must be written as an escape, \\t or \\n',
};

function syntaxMessage(text: string, error: ParseError): string {
  const before = text.slice(0, error.offset);
  const line = before.split('\n').length;
  const column = error.offset - before.lastIndexOf('\n');
  return `Not valid JSON at line ${line}, column ${column}: ${syntaxWords[printParseErrorCode(error.error)] ?? 'the JSON is malformed here'}.`;
}
