import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ZodError } from 'zod';
import { policyDocumentSchema, type PolicyDocument, type PolicyIssue } from '../../shared/policy';

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
  if (errors.length > 0) {
    return { ok: false, issues: errors.map((e) => ({ pointer: '', message: syntaxMessage(text, e) })) };
  }
  const value: unknown = JSON.parse(text);
  return validatePolicy(value);
}

export function validatePolicy(value: unknown): ParsedPolicy {
  const result = policyDocumentSchema.safeParse(value);
  if (result.success) return { ok: true, document: result.data };
  return { ok: false, issues: zodIssues(result.error) };
}

function zodIssues(error: ZodError): PolicyIssue[] {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String);
      // Unknown keys are reported on their parent; point at the key itself, which is what the person wrote.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          pointer: toPointer([...path, key]),
          message: `Unknown key "${key}"${knownKeysHint(path)}.`,
        }));
      }
      return [{ pointer: toPointer(path), message: issue.message }];
    })
    .flat();
}

function knownKeysHint(path: string[]): string {
  if (path.length === 0) return ' (expected version, default, tools)';
  if (path.length === 2 && path[0] === 'tools') return ' (a tool rule takes action and reason)';
  return '';
}

export function toPointer(path: readonly string[]): string {
  return path.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function syntaxMessage(text: string, error: ParseError): string {
  const before = text.slice(0, error.offset);
  const line = before.split('\n').length;
  const column = error.offset - before.lastIndexOf('\n');
  return `JSON syntax error at line ${line}, column ${column}: ${printParseErrorCode(error.error)}`;
}
