import { describe, expect, it } from 'vitest';
import { policyDocumentSchema, type PolicyDocumentInput } from '../../../shared/policy';
import type { Classification, RiskLevel, ToolCategory } from '../../../shared/tools';
import { baseRisk, classifyTool } from '../../../main/policy/risk';
import { suggestPolicy, type ClassifiedTool } from '../../../main/policy/suggest';

function seen(
  server: string,
  name: string,
  category: ToolCategory,
  risk = baseRisk(category),
): ClassifiedTool {
  const classification: Classification = { category, risk, reason: 'test' };
  return { server, name, classification };
}

/** Valid, and exactly what the schema would make of it: nothing filled in, nothing dropped. */
/** Valid, and written without the fields the schema fills in (as the published shape is written). */
function expectValid(document: PolicyDocumentInput): void {
  const parsed = policyDocumentSchema.safeParse(JSON.parse(JSON.stringify(document)));
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(JSON.stringify(document)).not.toContain('on_exceed');
}

const writeCap = { limits: [{ window: 'minute', max: 30, scope: 'grant' }] };

describe('suggestPolicy', () => {
  it.each<[ToolCategory, object]>([
    ['Read', {}],
    ['Write', writeCap],
    ['Destructive', { action: 'approve' }],
    ['Financial', { action: 'approve' }],
    ['Execute', { action: 'approve' }],
  ])('recommends for %s: %j', (category, rule) => {
    const document = suggestPolicy([seen('fs', 'tool', category)]);
    expect(document.servers?.fs?.tools?.tool).toEqual(rule);
    expectValid(document);
  });

  it.each<[ToolCategory, RiskLevel, object]>([
    ['Read', 'Medium', writeCap],
    ['Read', 'High', { action: 'approve' }],
    ['Write', 'High', { action: 'approve' }],
    // A person who rates a change Low is believed only as far as the category allows.
    ['Execute', 'Low', { action: 'approve' }],
    ['Write', 'Low', writeCap],
  ])('follows the stricter of category and risk: %s · %s → %j', (category, risk, rule) => {
    const document = suggestPolicy([seen('fs', 'tool', category, risk)]);
    expect(document.servers?.fs?.tools?.tool).toEqual(rule);
    expectValid(document);
  });

  it('asks before a call to a tool its server marks destructive, and caps reads of secrets', () => {
    const tools = [
      { name: 'conversations_add_message', annotations: { destructiveHint: true } },
      { name: 'get-env', description: 'Returns all environment variables' },
      { name: 'get_issue' },
    ].map((tool) => ({ server: 'srv', name: tool.name, classification: classifyTool(tool) }));
    expect(suggestPolicy(tools).servers?.srv?.tools).toEqual({
      conversations_add_message: { action: 'approve' },
      'get-env': writeCap,
      get_issue: {},
    });
  });

  it('writes the whole document: per-server rules, approve for the unseen, and where it came from', () => {
    const document = suggestPolicy([
      seen('github', 'create_issue', 'Write'),
      seen('fs', 'read_file', 'Read'),
      seen('github', 'delete_repository', 'Destructive'),
      seen('fs', 'write_file', 'Destructive'),
    ]);
    expect(document).toEqual({
      version: '1',
      description: 'Suggested from 4 tools on 2 servers.',
      default: 'approve',
      reason: 'This tool was not seen when the policy was suggested, so it needs approval.',
      tools: {},
      servers: {
        fs: { tools: { read_file: {}, write_file: { action: 'approve' } } },
        github: { tools: { create_issue: writeCap, delete_repository: { action: 'approve' } } },
      },
    });
    expectValid(document);
  });

  it('keeps a rule per server when the same name does different things', () => {
    const document = suggestPolicy([seen('local', 'run', 'Execute'), seen('ci', 'run', 'Read')]);
    expect(document.servers?.local?.tools?.run).toEqual({ action: 'approve' });
    expect(document.servers?.ci?.tools?.run).toEqual({});
    expect(document.tools).toEqual({});
  });

  it('gives the stricter rule to a tool listed twice', () => {
    const document = suggestPolicy([
      seen('fs', 'move_file', 'Write'),
      seen('fs', 'move_file', 'Destructive'),
      seen('fs', 'move_file', 'Read'),
    ]);
    expect(document.servers?.fs?.tools).toEqual({ move_file: { action: 'approve' } });
    expect(document.description).toBe('Suggested from 1 tool on 1 server.');
  });

  it('gives the same text whatever order the tools came in', () => {
    const tools = [
      seen('zeta', 'b', 'Write'),
      seen('alpha', 'z_tool', 'Read'),
      seen('alpha', 'A_tool', 'Execute'),
      seen('Beta', 'x', 'Financial'),
      seen('alpha', 'a_tool', 'Destructive'),
    ];
    const texts = new Set(
      [tools, [...tools].reverse(), [tools[2]!, tools[0]!, tools[4]!, tools[1]!, tools[3]!]].map((order) =>
        JSON.stringify(suggestPolicy(order)),
      ),
    );
    expect(texts.size).toBe(1);
    const document = suggestPolicy(tools);
    // Code-unit order, not the locale's: capitals first.
    expect(Object.keys(document.servers!)).toEqual(['Beta', 'alpha', 'zeta']);
    expect(Object.keys(document.servers!.alpha!.tools!)).toEqual(['A_tool', 'a_tool', 'z_tool']);
  });

  it('suggests only a default when nothing was seen', () => {
    const document = suggestPolicy([]);
    expect(document).toMatchObject({
      default: 'approve',
      description: 'Suggested from 0 tools on 0 servers.',
      servers: {},
    });
    expectValid(document);
  });

  it('leaves a name that would read as a glob to the default', () => {
    const document = suggestPolicy([
      seen('evil', '*', 'Read'),
      seen('evil', 'get_?', 'Read'),
      seen('evil', 'delete_file', 'Destructive'),
    ]);
    expect(document.servers?.evil?.tools).toEqual({ delete_file: { action: 'approve' } });
    expect(document.description).toBe(
      'Suggested from 3 tools on 1 server. 2 tools left to the default: a policy cannot name them.',
    );
    expectValid(document);
  });

  it('leaves names the schema would refuse to the default', () => {
    const document = suggestPolicy([
      seen('fs', '', 'Read'),
      seen('fs', 'x'.repeat(501), 'Read'),
      seen('', 'a', 'Read'),
    ]);
    expect(document.servers).toEqual({});
    expect(document.description).toMatch(
      /^Suggested from 3 tools on 2 servers\. 3 tools left to the default/,
    );
    expectValid(document);
  });

  it('leaves __proto__, which the schema would drop, to the default', () => {
    const document = suggestPolicy([
      seen('fs', '__proto__', 'Read'),
      seen('__proto__', 'read', 'Read'),
      seen('fs', 'constructor', 'Read'),
    ]);
    expect(document.servers).toEqual({ fs: { tools: { constructor: {} } } });
    expect(Object.getPrototypeOf(document.servers!.fs!.tools)).toBe(Object.prototype);
    expect(document.description).toMatch(
      /^Suggested from 3 tools on 2 servers\. 2 tools left to the default/,
    );
    expectValid(document);
  });

  it('turns the registry filesystem server into a policy a person can check', () => {
    const tools = [
      { name: 'read_text_file', annotations: { readOnlyHint: true, openWorldHint: false } },
      { name: 'create_directory', annotations: { readOnlyHint: false, destructiveHint: false } },
      { name: 'write_file', annotations: { readOnlyHint: false, destructiveHint: true } },
      { name: 'list_directory', annotations: { readOnlyHint: true } },
    ].map((tool) => ({ server: 'filesystem', name: tool.name, classification: classifyTool(tool) }));
    const document = suggestPolicy(tools);
    expect(document.servers?.filesystem?.tools).toEqual({
      create_directory: writeCap,
      list_directory: {},
      read_text_file: {},
      write_file: { action: 'approve' },
    });
    expectValid(document);
  });

  it('does not share rule objects between tools', () => {
    const document = suggestPolicy([seen('s', 'a', 'Write'), seen('s', 'b', 'Write')]);
    const tools = document.servers!.s!.tools!;
    expect(tools.a).not.toBe(tools.b);
  });
});
