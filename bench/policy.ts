/**
 * Policy evaluation speed: a 1,000-rule policy (exact names, globs, server and client scopes,
 * argument conditions and limits) decided through `PolicyService.decide`, the call the gateway
 * makes for every tools/call. Target (the policy issue): under 20 µs per call at the median.
 */
import { PolicyService } from '../main/policy/policy-service';
import { openStore } from '../main/store';

export interface PolicyBenchResult {
  rules: number;
  calls: number;
  p50us: number;
  p99us: number;
  met: boolean;
}

const TARGET_US = 20;

export function thousandRulePolicy(): { document: object; rules: number } {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const tools: Record<string, unknown> = {};
  for (const i of range(300)) tools[`tool_${i}`] = i % 3 === 0 ? { action: 'deny', reason: 'r' } : {};
  for (const i of range(100)) tools[`family_${i}_*`] = { limits: [{ window: 'minute', max: 1_000_000 }] };
  for (const i of range(50)) {
    tools[`write_${i}`] = [
      { when: { path: { path_prefix: `/tmp/${i}` } } },
      { when: { path: { regex: '\\.md$' }, size: { lte: 1000 } } },
      { action: 'approve' },
    ];
  }
  const servers: Record<string, unknown> = {};
  for (const s of range(20)) {
    const scoped: Record<string, unknown> = {};
    for (const i of range(15)) scoped[`srv_tool_${i}`] = { action: i % 2 ? 'allow' : 'deny' };
    for (const i of range(5)) scoped[`srv_glob_${i}_*`] = {};
    servers[`server_${s}`] = { default: 'approve', tools: scoped };
  }
  const clients: Record<string, unknown> = {};
  for (const c of range(5)) {
    clients[`client_${c}`] = {
      tools: Object.fromEntries(range(10).map((i) => [`client_tool_${i}`, {}])),
      servers: { server_0: { tools: { special: { action: 'deny' } } } },
    };
  }
  const document = {
    version: '1',
    default: 'deny',
    all_tools: { limits: [{ window: 'second', max: 1_000_000, scope: 'global' }] },
    tools,
    servers,
    clients,
  };
  return { document, rules: countRules(document) };
}

/** Every rule in a document: one per tool entry, or per element of an entry's list. */
function countRules(scope: unknown): number {
  if (!scope || typeof scope !== 'object') return 0;
  const { tools, servers, clients } = scope as Record<string, Record<string, unknown> | undefined>;
  const own = Object.values(tools ?? {}).reduce<number>((n, e) => n + (Array.isArray(e) ? e.length : 1), 0);
  const nested = [...Object.values(servers ?? {}), ...Object.values(clients ?? {})].reduce<number>(
    (n, s) => n + countRules(s),
    0,
  );
  return own + nested;
}

export function benchPolicy(calls = 200_000): PolicyBenchResult {
  const { document, rules } = thousandRulePolicy();
  const store = openStore(':memory:');
  const policy = new PolicyService(store);
  policy.save(JSON.stringify(document), 'bench');
  const names = [
    'tool_7',
    'tool_299',
    'family_42_go',
    'write_3',
    'srv_tool_4',
    'srv_glob_2_x',
    'client_tool_1',
    'unknown',
    'special',
  ];
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const call = {
      client: `client_${i % 7}`,
      server: `server_${i % 23}`,
      tool: names[i % names.length]!,
      args: { path: i % 2 ? `/tmp/${i % 50}/a.txt` : '/home/x/notes.md', size: i % 2000 },
    };
    const t = process.hrtime.bigint();
    const verdict = policy.decide(call);
    if (verdict.decision.action === 'allow') verdict.commit();
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  store.close();
  samples.sort();
  const p50us = samples[Math.floor(calls / 2)]!;
  return { rules, calls, p50us, p99us: samples[Math.floor(calls * 0.99)]!, met: p50us < TARGET_US };
}
