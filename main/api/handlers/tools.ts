import type { Classification, SeenTool } from '../../../shared/tools';
import { baseRisk, classifyTool } from '../../policy/risk';
import { overrideKey } from '../../store/tool-store';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';
import { trustOf } from './trust';

export function toolHandlers(ctx: HandlerContext): Pick<ApiHandlers, 'tools:list' | 'tools:classify'> {
  return {
    'tools:list': () => seenTools(ctx),
    'tools:classify': ({ server, tool, category, risk, reason }) => {
      if (category === undefined && risk === undefined) {
        ctx.store.tools.setOverride(server, tool, undefined);
        ctx.emit?.({ type: 'tools', server });
        return {};
      }
      const chosen = category ?? automaticClassification(ctx.store, server, tool).category;
      ctx.store.tools.setOverride(server, tool, {
        category: chosen,
        // A category given alone brings its usual risk, so the two never contradict each other.
        risk: risk ?? baseRisk(chosen),
        reason: reason ?? 'set by the person',
      });
      ctx.emit?.({ type: 'tools', server });
      return {};
    },
  };
}

/** Every tool seen, with its classification (the person's override first) and how the policy decides it. */
export function seenTools(ctx: HandlerContext): SeenTool[] {
  const overrides = ctx.store.tools.overrides();
  const trust = trustOf(ctx);
  return ctx.store.tools.list().map((row) => {
    const automatic = classifyTool(row);
    const override = overrides.get(overrideKey(row.server, row.name));
    const { limits: _limits, ...decision } = ctx.policy.test({
      client: row.client,
      server: row.server,
      tool: row.name,
      args: {},
      flags: trust.flags(row.client, row.server, row.name),
    });
    return {
      client: row.client,
      server: row.server,
      name: row.name,
      ...(row.title === undefined ? {} : { title: row.title }),
      ...(row.description === undefined ? {} : { description: row.description }),
      ...(row.annotations === undefined ? {} : { annotations: row.annotations }),
      firstSeen: row.firstSeen,
      lastSeen: row.lastSeen,
      automatic,
      classification: override ?? automatic,
      overridden: override !== undefined,
      decision,
      policy: ctx.policy.toolPolicy(row.client, row.server, row.name),
    };
  });
}

/** A tool's classification in effect: the person's override, else the automatic one from what was seen. */
export function classificationOf(
  store: HandlerContext['store'],
  server: string,
  tool: string,
): Classification {
  return store.tools.override(server, tool) ?? automaticClassification(store, server, tool);
}

/** What Portcullis works out on its own, from the tool as last listed (or its name alone, if never listed). */
function automaticClassification(
  store: HandlerContext['store'],
  server: string,
  tool: string,
): Classification {
  return classifyTool(store.tools.find(server, tool) ?? { name: tool });
}
