import type { ApiClient, ApiResult } from '../../shared/api';
import type { ServerDefinition } from '../../shared/servers';
import { errorText, type ShowMessageBox } from './dialogs';

type ClientReport = ApiResult<'clients:list'>[number];
type ConnectResult = ApiResult<'clients:connect'>;

/** One client's dry run: what connecting it would change, or why it could not be worked out. */
export interface ConnectPlan {
  client: ClientReport;
  result?: ConnectResult;
  error?: string;
}

export interface ConnectClientsOptions {
  api: Pick<ApiClient, 'clients:list' | 'clients:connect'>;
  showMessageBox: ShowMessageBox;
}

export type ConnectOutcome = 'nothing to do' | 'cancelled' | 'connected' | 'failed';

const CONNECT = 0;

/**
 * "Connect clients…": a dry run for every client with unprotected servers, one dialog listing in
 * full what the gateway will run for each, and the real connect only once the person confirms it.
 */
export async function connectClients({
  api,
  showMessageBox,
}: ConnectClientsOptions): Promise<ConnectOutcome> {
  let clients: ClientReport[];
  try {
    clients = await api['clients:list']({});
  } catch (error) {
    await showError(
      showMessageBox,
      'The MCP clients on this computer could not be listed.',
      errorText(error),
    );
    return 'failed';
  }
  const candidates = clients.filter(
    (client) => client.exists && !client.error && client.servers.some((server) => !server.protected),
  );
  if (candidates.length === 0) {
    await showMessageBox({
      type: 'info',
      title: 'Connect clients',
      message: 'There is nothing to connect.',
      detail: describeNothingToDo(clients),
      buttons: ['OK'],
    });
    return 'nothing to do';
  }

  const plans: ConnectPlan[] = [];
  for (const client of candidates) {
    try {
      plans.push({ client, result: await api['clients:connect']({ client: client.id, dryRun: true }) });
    } catch (error) {
      plans.push({ client, error: errorText(error) });
    }
  }
  const ready = plans.filter((plan) => (plan.result?.changed.length ?? 0) > 0);
  if (ready.length === 0) {
    await showMessageBox({
      type: 'info',
      title: 'Connect clients',
      message: 'Portcullis cannot connect any of the unprotected servers.',
      detail: describePlans(plans),
      buttons: ['OK'],
    });
    return 'nothing to do';
  }

  const servers = ready.reduce((sum, plan) => sum + (plan.result?.changed.length ?? 0), 0);
  const { response } = await showMessageBox({
    type: 'question',
    title: 'Connect clients',
    message: `Route ${count(servers, 'server')} in ${count(ready.length, 'client')} through Portcullis?`,
    detail: describePlans(plans),
    buttons: ['Connect', 'Cancel'],
    defaultId: CONNECT,
    cancelId: 1,
    noLink: true,
  });
  if (response !== CONNECT) return 'cancelled';

  const lines: string[] = [];
  let failed = false;
  for (const plan of ready) {
    try {
      const result = await api['clients:connect']({ client: plan.client.id, dryRun: false });
      lines.push(describeConnected(plan.client, result));
    } catch (error) {
      failed = true;
      lines.push(`${plan.client.name}: not connected: ${errorText(error)}`);
    }
  }
  await showMessageBox({
    type: failed ? 'warning' : 'info',
    title: 'Connect clients',
    message: failed ? 'Some clients could not be connected.' : 'Connected.',
    detail: `${lines.join('\n\n')}\n\nRestart the connected clients so that they start their servers through Portcullis.`,
    buttons: ['OK'],
  });
  return failed ? 'failed' : 'connected';
}

/** The confirmation's text: per client, each server and exactly what the gateway will run for it. */
export function describePlans(plans: readonly ConnectPlan[]): string {
  const blocks = plans.map(({ client, result, error }) => {
    const lines = [`${client.name} — ${client.configPath}`];
    if (error !== undefined) lines.push(`  could not be read: ${error}`);
    for (const { server, definition } of result?.changed ?? []) {
      lines.push(`  ${server}`, ...describeDefinition(definition).map((line) => `    ${line}`));
    }
    for (const { server, reason } of result?.skipped ?? []) lines.push(`  ${server}: left alone (${reason})`);
    return lines.join('\n');
  });
  blocks.push(
    'Each entry is rewritten to start the Portcullis shim; the original file is kept, and disconnecting restores it exactly.',
  );
  return blocks.join('\n\n');
}

/** What the gateway will run (or reach) for a server, untruncated. */
export function describeDefinition(definition: ServerDefinition): string[] {
  const lines: string[] = [];
  if (definition.transport === 'stdio') {
    lines.push(`runs: ${formatCommand(definition.command ?? '', definition.args)}`);
    if (definition.cwd) lines.push(`in: ${definition.cwd}`);
    if (definition.envKeys.length > 0)
      lines.push(`environment from the config: ${definition.envKeys.join(', ')}`);
  } else {
    lines.push(`connects to (${definition.transport}): ${definition.url ?? ''}`);
    if (definition.headerKeys.length > 0)
      lines.push(`headers from the config: ${definition.headerKeys.join(', ')}`);
  }
  return lines;
}

/** A command line as text: plain words as they are, anything else in double quotes. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((word) => (/^[\w@%+=:,./~-]+$/.test(word) ? word : JSON.stringify(word)))
    .join(' ');
}

function describeConnected(client: ClientReport, result: ConnectResult): string {
  const servers = result.changed.map((change) => change.server);
  const lines = [
    servers.length > 0
      ? `${client.name}: ${servers.join(', ')} now ${servers.length === 1 ? 'runs' : 'run'} through Portcullis.`
      : `${client.name}: nothing changed${result.note ? ` (${result.note})` : ''}.`,
  ];
  if (result.backupPath) lines.push(`The original config is kept at ${result.backupPath}`);
  return lines.join('\n');
}

function describeNothingToDo(clients: readonly ClientReport[]): string {
  const found = clients.filter((client) => client.exists);
  if (found.length === 0) {
    return `No MCP client configs were found. Looked for:\n${clients.map((c) => `  ${c.name}: ${c.configPath}`).join('\n')}`;
  }
  return found
    .map((client) =>
      client.error
        ? `${client.name}: ${client.configPath} could not be read: ${client.error}`
        : `${client.name}: ${client.servers.length === 0 ? 'no servers' : 'every server is already protected'}.`,
    )
    .join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function showError(showMessageBox: ShowMessageBox, message: string, detail: string): Promise<void> {
  await showMessageBox({ type: 'error', title: 'Connect clients', message, detail, buttons: ['OK'] });
}
