import type { PolicyDecision, ToolPolicy } from '../../../../shared/policy';
import type { Classification, SeenTool } from '../../../../shared/tools';

/** How a decision reads on the page; `hidden` is a denial that also leaves the tool out of tools/list. */
export type DecisionKind = 'allow' | 'deny' | 'approve' | 'hidden';

export function decisionKind(decision: Pick<PolicyDecision, 'action' | 'hidden'>): DecisionKind {
  return decision.hidden ? 'hidden' : decision.action;
}

export const decisionLabels: Record<DecisionKind, string> = {
  allow: 'allowed',
  deny: 'denied',
  approve: 'asks first',
  hidden: 'hidden',
};

/** One tool on one server, as every client that listed it sees it. */
export interface ToolSummary {
  server: string;
  name: string;
  title?: string;
  description?: string;
  classification: Classification;
  automatic: Classification;
  overridden: boolean;
  /** Per client, in client order: a client-scoped rule can decide the same tool differently. */
  decisions: { client: string; decision: PolicyDecision; policy: ToolPolicy }[];
  lastSeen: number;
}

export interface ServerGroup {
  server: string;
  /** The clients that listed this server's tools through Portcullis. */
  clients: string[];
  tools: ToolSummary[];
}

const byText = (a: string, b: string) => a.localeCompare(b);

/** `tools:list` (one row per client, server and tool) grouped by server, then by tool name. */
export function groupToolsByServer(tools: readonly SeenTool[]): ServerGroup[] {
  const servers = new Map<string, Map<string, ToolSummary>>();
  for (const tool of tools) {
    const byName = servers.get(tool.server) ?? new Map<string, ToolSummary>();
    servers.set(tool.server, byName);
    const existing = byName.get(tool.name);
    const decision = { client: tool.client, decision: tool.decision, policy: tool.policy };
    if (existing) {
      existing.decisions.push(decision);
      // The newest listing describes the tool as it is now.
      if (tool.lastSeen > existing.lastSeen) {
        Object.assign(existing, describe(tool));
        existing.lastSeen = tool.lastSeen;
      }
      continue;
    }
    // Classification is per server and tool, so every client's row carries the same one.
    byName.set(tool.name, {
      server: tool.server,
      name: tool.name,
      ...describe(tool),
      classification: tool.classification,
      automatic: tool.automatic,
      overridden: tool.overridden,
      decisions: [decision],
      lastSeen: tool.lastSeen,
    });
  }
  return [...servers.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([server, byName]) => {
      const summaries = [...byName.values()].sort((a, b) => byText(a.name, b.name));
      for (const summary of summaries) summary.decisions.sort((a, b) => byText(a.client, b.client));
      const clients = new Set(summaries.flatMap((t) => t.decisions.map((d) => d.client)));
      return { server, clients: [...clients].sort(byText), tools: summaries };
    });
}

function describe(tool: SeenTool): Pick<ToolSummary, 'title' | 'description'> {
  return {
    ...(tool.title === undefined ? {} : { title: tool.title }),
    ...(tool.description === undefined ? {} : { description: tool.description }),
  };
}

/** One rule governing a tool for some of its clients, with how it decides a call now. */
export interface Governed {
  clients: string[];
  policy: ToolPolicy;
  /** Now: a full limit makes this a denial while `policy.action` is still the rule's. */
  decision: PolicyDecision;
}

/** The rules that govern a tool, merged where clients share one: one entry when they all do. */
export function governingRules(summary: Pick<ToolSummary, 'decisions'>): Governed[] {
  const out: Governed[] = [];
  for (const { client, decision, policy } of summary.decisions) {
    const same = out.find(
      (g) =>
        g.policy.rule === policy.rule &&
        g.policy.action === policy.action &&
        decisionKind(g.decision) === decisionKind(decision) &&
        g.decision.rule === decision.rule,
    );
    if (same) same.clients.push(client);
    else out.push({ clients: [client], policy, decision });
  }
  return out;
}
