import type { ApiClient, ApiResult } from '../../shared/api';
import type { ServerDefinition } from '../../shared/servers';
import { visibleParts, visibleText } from '../../shared/visible-text';
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
  /** Only these servers of this client (the tray's action for one server found unprotected). */
  only?: { client: string; servers: string[] };
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
  only,
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
    (client) =>
      client.exists &&
      !client.error &&
      (only ? client.id === only.client : true) &&
      client.servers.some((server) => !server.protected && (!only || only.servers.includes(server.name))),
  );
  const selection = (client: ClientReport) =>
    only && client.id === only.client ? { servers: only.servers } : {};
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
      plans.push({
        client,
        result: await api['clients:connect']({ client: client.id, dryRun: true, ...selection(client) }),
      });
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
      const result = await api['clients:connect']({
        client: plan.client.id,
        dryRun: false,
        ...selection(plan.client),
      });
      lines.push(describeConnected(plan.client, result));
    } catch (error) {
      failed = true;
      lines.push(`${visibleText(plan.client.name)}: not connected: ${errorText(error)}`);
    }
  }
  await showMessageBox({
    type: failed ? 'warning' : 'info',
    title: 'Connect clients',
    message: failed ? 'Some clients could not be connected.' : 'Connected.',
    detail: `${lines.join('\n\n')}\n\n${restartAdvice(ready.map((plan) => plan.client))}`,
    buttons: ['OK'],
  });
  return failed ? 'failed' : 'connected';
}

/**
 * The confirmation's text: per client, each server and exactly what the gateway will run for it.
 * Names, commands and paths come from config files: each is shown in its visible form, so what the
 * person confirms is what will run, character for character.
 */
export function describePlans(plans: readonly ConnectPlan[]): string {
  const blocks = plans.map(({ client, result, error }) => {
    const lines = [`${visibleText(client.name)} — ${visibleText(client.configPath)}`];
    if (error !== undefined) lines.push(`  could not be read: ${error}`);
    for (const { server, definition } of result?.changed ?? []) {
      lines.push(`  ${visibleText(server)}`, ...describeDefinition(definition).map((line) => `    ${line}`));
    }
    for (const { server, reason, remedy } of result?.skipped ?? []) {
      lines.push(`  ${visibleText(server)}: left alone (${visibleText(reason)})`);
      if (remedy) lines.push(`    what you can do: ${visibleText(remedy)}`);
    }
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
    if (definition.cwd) lines.push(`in: ${visibleText(definition.cwd)}`);
    if (definition.envKeys.length > 0)
      lines.push(`environment from the config: ${definition.envKeys.map(visibleText).join(', ')}`);
  } else {
    lines.push(`connects to (${definition.transport}): ${visibleText(definition.url ?? '')}`);
    if (definition.headerKeys.length > 0)
      lines.push(`headers from the config: ${definition.headerKeys.map(visibleText).join(', ')}`);
  }
  return lines;
}

/**
 * A command line as text: plain words as they are, anything else in double quotes with `"` and `\`
 * escaped and every character that would not show as itself written as an escape.
 */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((word) => (/^[\w@%+=:,./~-]+$/.test(word) ? word : quoted(word))).join(' ');
}

function quoted(word: string): string {
  return `"${visibleParts(word, 'json')
    .map((part) => part.text)
    .join('')}"`;
}

function describeConnected(client: ClientReport, result: ConnectResult): string {
  const servers = result.changed.map((change) => change.server);
  const lines = [
    servers.length > 0
      ? `${visibleText(client.name)}: ${servers.map(visibleText).join(', ')} now ${servers.length === 1 ? 'runs' : 'run'} through Portcullis.`
      : `${visibleText(client.name)}: nothing changed${result.note ? ` (${visibleText(result.note)})` : ''}.`,
  ];
  if (result.backupPath) lines.push(`The original config is kept at ${visibleText(result.backupPath)}`);
  return lines.join('\n');
}

/** What the person does next, for the clients that were connected: restart, reload, or nothing. */
function restartAdvice(clients: readonly ClientReport[]): string {
  const restart = clients.filter((client) => client.restart === 'restart').map((client) => client.name);
  const reload = clients.filter((client) => client.restart === 'reload').map((client) => client.name);
  const lines = [];
  if (restart.length > 0)
    lines.push(`Restart ${restart.join(', ')} so that they start their servers through Portcullis.`);
  if (reload.length > 0) lines.push(`Reload the windows of ${reload.join(', ')} (or restart them).`);
  if (lines.length === 0) lines.push('The clients pick the change up by themselves.');
  return lines.join('\n');
}

function describeNothingToDo(clients: readonly ClientReport[]): string {
  const found = clients.filter((client) => client.exists);
  if (found.length === 0) {
    return `No MCP client configs were found. Looked for:\n${clients.map((c) => `  ${visibleText(c.name)}: ${visibleText(c.configPath)}`).join('\n')}`;
  }
  return found
    .map((client) =>
      client.error
        ? `${visibleText(client.name)}: ${visibleText(client.configPath)} could not be read: ${visibleText(client.error)}`
        : `${visibleText(client.name)}: ${client.servers.length === 0 ? 'no servers' : 'every server is already protected'}.`,
    )
    .join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function showError(showMessageBox: ShowMessageBox, message: string, detail: string): Promise<void> {
  await showMessageBox({ type: 'error', title: 'Connect clients', message, detail, buttons: ['OK'] });
}
