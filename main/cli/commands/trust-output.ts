import { escapeJsonText } from '../output';
import type { DefinitionChange, Finding, ServerTrust, ToolTrust } from '../../../shared/trust';

/**
 * Server-controlled text for a terminal: quoted as JSON (controls, quotes and backslashes
 * escaped), and every character a person would not see written as a `\uXXXX` escape (the shared
 * visible form). An escape sequence in a description cannot reach the terminal.
 */
export function quoted(text: string): string {
  return escapeJsonText(JSON.stringify(text));
}

/** JSON text (already escaped for controls) with the characters JSON leaves alone made visible. */
export const hidden = escapeJsonText;

/** A name or a path, shown bare when it is plain, quoted when it is not. */
export function name(text: string): string {
  return /^[\w./@:~+-]+$/.test(text) ? text : quoted(text);
}

const states: Record<ToolTrust['state'], string> = {
  trusted: 'trusted',
  changed: 'CHANGED: its calls are held until you accept the new definition',
  new: 'NEW on a known server: its calls are held until you accept it',
  rejected: 'REJECTED: its calls are held',
};

export function toolBlock(tool: ToolTrust): string {
  const lines = [
    `${name(tool.client)} / ${name(tool.server)} / ${name(tool.tool)}: ${states[tool.state]}`,
    `  definition ${tool.hash.slice(0, 12)}${tool.pinned ? ` (trusted before: ${tool.pinned.hash.slice(0, 12)}, ${tool.pinned.by})` : ''}`,
  ];
  if (tool.flags.length > 0) lines.push(`  flagged: ${tool.flags.join(', ')}`);
  if (tool.changes.length > 0) lines.push('  changed:', ...changeLines(tool.changes));
  if (tool.findings.length > 0) lines.push('  findings:', ...tool.findings.flatMap(findingLines));
  return lines.join('\n');
}

export function serverBlock(server: ServerTrust): string {
  const { definition } = server;
  const lines = [
    `${name(server.client)} / ${name(server.name)}: ${server.state === 'held' ? 'HELD: sessions are refused until you accept its definition' : 'accepted'}`,
    `  transport    ${definition.transport}`,
  ];
  if (definition.command !== undefined)
    lines.push(`  runs         ${[definition.command, ...definition.args].map(quoted).join(' ')}`);
  if (definition.cwd !== undefined) lines.push(`  in           ${quoted(definition.cwd)}`);
  if (definition.url !== undefined) lines.push(`  url          ${quoted(definition.url)}`);
  lines.push(
    `  environment  ${definition.envKeys.map(name).join(', ') || '(no variables; values are never kept)'}`,
  );
  if (definition.headerKeys.length > 0)
    lines.push(`  headers      ${definition.headerKeys.map(name).join(', ')}`);
  lines.push(`  fingerprint  ${server.fingerprint.slice(0, 12)}`);
  if (server.accepted && server.state === 'held')
    lines.push(
      `  accepted     ${new Date(server.accepted.at).toISOString()} by ${server.accepted.by}, as ${server.accepted.fingerprint.slice(0, 12)}`,
    );
  if (server.changes.length > 0) lines.push('  changed:', ...changeLines(server.changes));
  for (const warning of server.warnings) lines.push(`  warning: ${warning.detail}: ${quoted(warning.text)}`);
  return lines.join('\n');
}

function changeLines(changes: readonly DefinitionChange[]): string[] {
  return changes.flatMap((change) => [
    `    ${name(change.path)}`,
    ...(change.before === undefined ? [] : [`      - ${hidden(change.before)}`]),
    ...(change.after === undefined ? [] : [`      + ${hidden(change.after)}`]),
  ]);
}

function findingLines(finding: Finding): string[] {
  return [
    `    ${finding.kind} in ${name(finding.field)}: ${finding.detail}`,
    `      ${quoted(finding.text)}`,
  ];
}
