import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

export function serverHandlers(ctx: HandlerContext): Pick<ApiHandlers, 'servers:list'> {
  return {
    'servers:list': () => ctx.store.servers.list(),
  };
}
