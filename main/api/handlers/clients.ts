import { adminEntry } from '../../../shared/audit';
import { ApiError } from '../../../shared/api';
import { ConfigParseError, UnknownClientError, type ClientsService } from '../../clients';
import { redactText } from '../../redact';
import { ExtensionRefusal } from '../../clients/extensions/protect-extension';
import { groupServers } from '../../clients/server-groups';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

type ClientChannels =
  | 'clients:list'
  | 'clients:servers'
  | 'clients:connect'
  | 'clients:disconnect'
  | 'clients:repair'
  | 'clients:extension'
  | 'clients:status'
  | 'clients:settings';

export function clientHandlers(ctx: HandlerContext): Pick<ApiHandlers, ClientChannels> {
  const clients = (projects: readonly string[] = []): ClientsService => {
    if (!ctx.clients)
      throw new ApiError(
        'unavailable',
        'Connecting clients is not available here; use `npx portcullis connect`.',
      );
    return projects.length > 0 && ctx.clientsFor ? ctx.clientsFor(projects) : ctx.clients;
  };
  // The watcher looks again at once, so the dashboard's status is right when this call returns.
  const changed = async (client: string) => ctx.monitor?.refresh(client);
  return {
    'clients:list': ({ projects }) => clients(projects).list(),
    'clients:servers': async ({ projects }) =>
      groupServers(await clients(projects).list(), ctx.store.servers.list()),
    'clients:connect': async ({ client, dryRun, servers, projects }, caller) => {
      const result = await refusals(() =>
        clients(projects).connect(client, { dryRun, ...(servers ? { servers } : {}) }),
      );
      if (!result.dryRun && result.changed.length > 0) {
        const where = result.files.filter((file) => file.changed.length > 0).map((file) => file.configPath);
        ctx.store.audit.appendNow(
          adminEntry(
            'client.connected',
            `${result.changed.map((c) => c.server).join(', ')} in ${where.join(', ')} (from ${caller.via})`,
            client,
          ),
        );
        await changed(client);
      }
      return {
        ...result,
        ...(result.newText !== undefined ? { newText: redactText(result.newText) } : {}),
        files: result.files.map((file) => ({ ...file, ...previewTexts(file) })),
      };
    },
    'clients:disconnect': async ({ client, dryRun, servers }, caller) => {
      const result = await refusals(() =>
        clients().disconnect(client, { dryRun, ...(servers ? { servers } : {}) }),
      );
      if (!dryRun && result.mode !== 'nothing') {
        const what = result.files.map((file) => `${file.mode} restore of ${file.configPath}`).join('; ');
        const which = servers ? `${servers.join(', ')}: ` : '';
        ctx.store.audit.appendNow(
          adminEntry('client.disconnected', `${which}${what} (from ${caller.via})`, client),
        );
      }
      if (!dryRun) await changed(client);
      return { ...result, files: result.files.map((file) => ({ ...file, ...previewTexts(file) })) };
    },
    'clients:repair': async ({ client, servers }, caller) => {
      const result = await refusals(() => clients().repair(client, servers ? { servers } : {}));
      for (const file of result.files) {
        if (file.reapplied.length === 0) continue;
        const what = file.reapplied.map(({ server, how }) => `${server} (${how})`).join(', ');
        ctx.store.audit.appendNow(
          adminEntry(
            'client.repaired',
            `re-applied ${what} in ${file.configPath} (from ${caller.via})`,
            client,
          ),
        );
      }
      await changed(client);
      return result;
    },
    'clients:extension': async ({ client, extension, action, dryRun }, caller) => {
      const service = clients();
      const change = await refusals(() =>
        action === 'protect'
          ? service.protectExtension(client, extension, { dryRun })
          : service.unprotectExtension(client, extension, { dryRun }),
      );
      if (!dryRun) {
        ctx.store.audit.appendNow(
          adminEntry(
            action === 'protect' ? 'client.extension.protected' : 'client.extension.unprotected',
            `${extension} (config entry ${change.key}) (from ${caller.via})`,
            client,
          ),
        );
        await changed(client);
      }
      return {
        ...change,
        files: change.files.map((file) => ({ path: file.path, ...previewTexts(file) })),
      };
    },
    'clients:status': () =>
      ctx.monitor?.status() ?? {
        watching: false,
        checkedAt: null,
        issues: [],
        settings: protectionSettings(ctx),
      },
    'clients:settings': async (patch, caller) => {
      const keys = Object.keys(patch) as (keyof typeof patch)[];
      if (keys.length === 0) return protectionSettings(ctx);
      ctx.settings.set(patch);
      const now = protectionSettings(ctx);
      ctx.store.audit.appendNow(
        adminEntry(
          'settings.changed',
          `${keys.map((key) => `${key} = ${String(now[key])}`).join(', ')} (from ${caller.via})`,
        ),
      );
      await ctx.monitor?.refresh();
      return now;
    },
  };
}

function protectionSettings(ctx: HandlerContext) {
  const { repairMode, protectNewServers } = ctx.settings.get();
  return { repairMode, protectNewServers };
}

/**
 * A preview's texts are the person's config files, which hold tokens in `env` and headers: the
 * dashboard gets them with secrets redacted (both sides alike, so the diff still lines up).
 */
function previewTexts(file: { oldText?: string; newText?: string }) {
  return {
    ...(file.oldText !== undefined ? { oldText: redactText(file.oldText) } : {}),
    ...(file.newText !== undefined ? { newText: redactText(file.newText) } : {}),
  };
}

/** A config that does not parse, or a client we do not know, is the caller's to fix: say so plainly. */
async function refusals<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof ConfigParseError ||
      error instanceof UnknownClientError ||
      error instanceof ExtensionRefusal
    ) {
      throw new ApiError('invalid_argument', error.message);
    }
    throw error;
  }
}
