import type { ApiHandlers } from '../dispatch';
import { approvalHandlers } from './approvals';
import { auditHandlers } from './audit';
import { clientHandlers } from './clients';
import type { HandlerContext } from './context';
import { policyHandlers } from './policy';
import { serverHandlers } from './servers';
import { statusHandlers } from './status';
import { toolHandlers } from './tools';
import { trustHandlers } from './trust';

export type { HandlerContext } from './context';

/** Every domain's handlers in one table; `ApiHandlers` makes a missing channel a compile error. */
export function createHandlers(ctx: HandlerContext): ApiHandlers {
  return {
    ...statusHandlers(ctx),
    ...auditHandlers(ctx),
    ...policyHandlers(ctx),
    ...serverHandlers(ctx),
    ...toolHandlers(ctx),
    ...approvalHandlers(ctx),
    ...clientHandlers(ctx),
    ...trustHandlers(ctx),
  };
}
