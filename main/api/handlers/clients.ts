import { adminEntry } from '../../../shared/audit';
import { ApiError } from '../../../shared/api';
import { ConfigParseError, UnknownClientError } from '../../clients';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

export function clientHandlers(
  ctx: HandlerContext,
): Pick<ApiHandlers, 'clients:list' | 'clients:connect' | 'clients:disconnect'> {
  const clients = () => {
    if (!ctx.clients)
      throw new ApiError(
        'unavailable',
        'Connecting clients is not available here; use `npx portcullis connect`.',
      );
    return ctx.clients;
  };
  return {
    'clients:list': () => clients().list(),
    'clients:connect': async ({ client, dryRun }, caller) => {
      const result = await refusals(() => clients().connect(client, { dryRun }));
      if (!result.dryRun && result.changed.length > 0) {
        const where = result.files.filter((file) => file.changed.length > 0).map((file) => file.configPath);
        ctx.store.audit.appendNow(
          adminEntry(
            'client.connected',
            `${result.changed.map((c) => c.server).join(', ')} in ${where.join(', ')} (from ${caller.via})`,
            client,
          ),
        );
      }
      return result;
    },
    'clients:disconnect': async ({ client }, caller) => {
      const result = await refusals(() => clients().disconnect(client));
      if (result.mode !== 'nothing') {
        const what = result.files.map((file) => `${file.mode} restore of ${file.configPath}`).join('; ');
        ctx.store.audit.appendNow(adminEntry('client.disconnected', `${what} (from ${caller.via})`, client));
      }
      return result;
    },
  };
}

/** A config that does not parse, or a client we do not know, is the caller's to fix: say so plainly. */
async function refusals<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConfigParseError || error instanceof UnknownClientError) {
      throw new ApiError('invalid_argument', error.message);
    }
    throw error;
  }
}
