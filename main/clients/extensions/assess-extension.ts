import type { ExtensionReport } from '../../../shared/clients';
import { resolveCommand } from '../../gateway/resolve-command';
import type { HostEnvironment } from '../../paths';
import type { ExtensionState } from './extension-state';
import { commandPath, type FoundExtension } from './read-extensions';
import { resolveMcpConfig } from './resolve-config';

export interface Assessed {
  report: ExtensionReport;
  /** What protecting it would add to the config, when it can be protected. */
  entry?: { command: string; args: string[]; env: Record<string, string> };
}

/**
 * One extension as the Clients page shows it: what it runs (the manifest's command with its
 * variables filled in), and whether Portcullis can protect it. It can when everything it runs is
 * known and no secret would have to be copied out of Claude Desktop's keychain, when it is switched
 * on, and when its command can be found; protecting it moves that command into a shim entry in
 * claude_desktop_config.json and switches the extension off (see protect-extension.ts).
 */
export async function assessExtension(
  extension: FoundExtension,
  host: HostEnvironment,
  state: ExtensionState | undefined,
  searchPath: string | undefined,
): Promise<Assessed> {
  const manifest = extension.manifest;
  const report: ExtensionReport = {
    id: extension.id,
    name: manifest?.display_name ?? manifest?.name ?? extension.id,
    ...((extension.version ?? manifest?.version) ? { version: extension.version ?? manifest?.version } : {}),
    enabled: extension.enabled ?? null,
    ...(extension.signature ? { signature: extension.signature } : {}),
    state: 'unprotected',
    ...(manifest?.server.mcp_config
      ? { declared: { command: manifest.server.mcp_config.command, args: manifest.server.mcp_config.args } }
      : {}),
  };
  if (state) {
    report.key = state.key;
    if (extension.enabled === true)
      return {
        report: {
          ...report,
          state: 'drifted',
          problem: 'Claude Desktop switched the extension back on: it runs without Portcullis as well',
          remedy: 'Quit Claude Desktop, then Repair (or switch the extension off in its settings).',
        },
      };
    return { report: { ...report, state: 'protected' } };
  }
  if (!manifest || extension.problem)
    return cannot(report, extension.problem ?? 'its manifest cannot be read');
  if (extension.enabled !== true)
    return cannot(
      report,
      'it is switched off in Claude Desktop, so nothing runs',
      'Switch it on there first if you want it protected.',
    );
  const resolved = resolveMcpConfig({ manifest, dir: extension.dir, host, userConfig: extension.userConfig });
  if (!resolved.ok) return cannot(report, resolved.reason, resolved.remedy);
  const command = commandPath(manifest, resolved.command, extension.dir, host.platform);
  report.runs = { command, args: resolved.args };
  const found = await resolveCommand(
    command,
    { ...resolved.env, PATH: searchPath ?? '' },
    { platform: host.platform, cwd: extension.dir },
  );
  if (!found.path)
    return cannot(
      report,
      manifest.server.type === 'node' || manifest.server.type === 'python'
        ? `Claude Desktop runs it with its own built-in ${manifest.server.type === 'node' ? 'Node.js' : 'Python'}; "${command}" is not on your PATH for Portcullis to run it with`
        : `"${command}" cannot be found`,
      manifest.server.type === 'node'
        ? 'Install Node.js so that "node" is on your PATH, then protect it.'
        : undefined,
    );
  return {
    report: {
      ...report,
      remedy: 'Quit Claude Desktop before protecting it: it rewrites extension settings when it quits.',
    },
    entry: { command, args: resolved.args, env: resolved.env },
  };
}

function cannot(report: ExtensionReport, problem: string, remedy?: string): Assessed {
  return { report: { ...report, state: 'cannot-protect', problem, ...(remedy ? { remedy } : {}) } };
}
