import { z } from 'zod';
import { approvalOutcomeSchema, approvalSchema } from './approvals';
import { decisionSchema, outcomeSchema } from './audit';
import { protectionNoticeSchema } from './clients';
import { sessionInfoSchema } from './servers';

/** `waiting`: held for the person's approval. */
export const liveCallStatusSchema = z.enum(['pending', 'waiting', 'ok', 'error', 'denied']);

/** A tool call as the Live page shows it: first when it arrives, again when it completes. */
export const liveCallSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  client: z.string(),
  server: z.string(),
  tool: z.string(),
  /** Redacted and shortened arguments, for display only. */
  argsPreview: z.string(),
  startedAt: z.number(),
  decision: decisionSchema,
  rule: z.string(),
  reason: z.string().optional(),
  status: liveCallStatusSchema,
  /** What a draft policy in shadow mode would have decided. */
  shadow: z.object({ action: z.enum(['allow', 'deny', 'approve']), rule: z.string() }).optional(),
  latencyMs: z.number().optional(),
  resultBytes: z.number().int().optional(),
  /** How the call ended, once it has (the audit log's words; its audit row has `callId` = `id`). */
  outcome: outcomeSchema.optional(),
});
export type LiveCall = z.infer<typeof liveCallSchema>;

export const gatewayEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), call: liveCallSchema }),
  z.object({
    type: z.literal('session'),
    state: z.enum(['opened', 'closed']),
    session: sessionInfoSchema,
  }),
  z.object({ type: z.literal('policy'), revision: z.number().int() }),
  z.object({ type: z.literal('audit'), lastId: z.number().int() }),
  /** A server listed its tools (new tools may have been seen). */
  z.object({ type: z.literal('tools'), server: z.string() }),
  /** A call started waiting for the person, or stopped waiting (answered, timed out, withdrawn). */
  z.object({
    type: z.literal('approval'),
    state: z.enum(['requested', 'resolved']),
    approval: approvalSchema,
    outcome: approvalOutcomeSchema.optional(),
  }),
  /** Protection was paused or resumed. */
  z.object({ type: z.literal('protection'), pausedUntil: z.number().nullable() }),
  /**
   * Trust in a server or a tool changed (docs/trust.md): `review`, a definition now waits for the
   * person; `waiting`, a call waits for that review; `held`, a call or a session was refused
   * because of it; `accepted`, `rejected`, the person's answer. `message` says what happened, for
   * a notification.
   */
  z.object({
    type: z.literal('trust'),
    change: z.enum(['review', 'waiting', 'held', 'accepted', 'rejected']),
    client: z.string(),
    server: z.string(),
    tool: z.string().optional(),
    message: z.string(),
  }),
  /**
   * A client config changed, or what is protected did: the clients list and the protection status
   * may be stale. `notice` is set when the person should be told (a repair, a new server).
   */
  z.object({ type: z.literal('clients'), notice: protectionNoticeSchema.optional() }),
]);
export type GatewayEvent = z.infer<typeof gatewayEventSchema>;
