import type { Random } from './random';
import type { ModelServer } from './servers';

/** A YAML scalar: plain where safe, otherwise single or double quoted, at random. */
function scalar(value: string | number | boolean, random: Random): string {
  if (typeof value !== 'string') return String(value);
  if (
    /^[A-Za-z/][\w./@-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value) &&
    random.chance(0.6)
  )
    return value;
  if (!/['\\\n]/.test(value) && random.chance(0.4)) return `'${value}'`;
  return JSON.stringify(value);
}

function list(items: string[], random: Random, indent: string, eol: string): string {
  if (items.length === 0) return ' []';
  if (random.chance(0.5)) return ` [${items.map((item) => scalar(item, random)).join(', ')}]`;
  return items.map((item) => `${eol}${indent}- ${scalar(item, random)}`).join('');
}

function map(
  values: Record<string, string>,
  random: Random,
  indent: string,
  eol: string,
  anchor?: string,
): string {
  const a = anchor ? ` &${anchor}` : '';
  if (Object.keys(values).length === 0) return `${a} {}`;
  if (random.chance(0.4))
    return `${a} {${Object.entries(values)
      .map(([k, v]) => `${k}: ${scalar(v, random)}`)
      .join(', ')}}`;
  return `${a}${Object.entries(values)
    .map(([k, v]) => `${eol}${indent}${k}: ${scalar(v, random)}`)
    .join('')}`;
}

export interface YamlResult {
  text: string;
  /** Entries that share an anchor and must be left alone. */
  anchored: string[];
}

/** Continue's `mcpServers` list, or Goose's `extensions` map, with comments and anchors. */
export function renderYaml(
  client: 'continue' | 'goose',
  servers: ModelServer[],
  random: Random,
  eol: string,
): YamlResult {
  const lines: string[] = [];
  const anchored: string[] = [];
  if (random.chance(0.5)) lines.push('# generated for the Portcullis corpus');
  if (client === 'continue') lines.push('name: My assistant', 'version: 1.0.0', 'schema: v1');
  else lines.push('GOOSE_PROVIDER: openai', 'GOOSE_MODEL: gpt-4o # the default');
  const shared = random.chance(0.4);
  if (shared) lines.push('x-timeout: &t 300');
  const key = client === 'continue' ? 'mcpServers' : 'extensions';
  if (servers.length === 0) {
    lines.push(`${key}: ${client === 'continue' ? '[]' : '{}'}`);
    return { text: lines.join(eol) + eol, anchored };
  }
  lines.push(`${key}:`);
  let anchorUsed = false;
  for (const server of servers) {
    if (random.chance(0.3))
      lines.push(`  # ${server.name}: ${random.pick(['work', 'personal', 'ünïcode note'])}`);
    const anchorHere =
      shared && !anchorUsed && !server.remote && random.chance(0.3) && Object.keys(server.env).length > 0;
    if (anchorHere) anchored.push(server.name);
    const envAnchor = anchorHere ? 'sharedenv' : undefined;
    if (client === 'continue') {
      const indent = '    ';
      const first = `  - name: ${scalar(server.name, random)}`;
      const body = server.remote
        ? [
            `${indent}type: ${random.pick(['sse', 'streamable-http'])}`,
            `${indent}url: ${scalar(server.url, random)}`,
          ]
        : [
            `${indent}command: ${scalar(server.command, random)}${random.chance(0.2) ? ' # runner' : ''}`,
            `${indent}args:${list(server.args, random, `${indent}  `, eol)}`,
            ...(Object.keys(server.env).length > 0 || anchorHere
              ? [`${indent}env:${map(server.env, random, `${indent}  `, eol, envAnchor)}`]
              : []),
          ];
      lines.push([first, ...body].join(eol));
    } else {
      const indent = '    ';
      const head = `  ${scalar(server.name, random)}:`;
      const common = [
        `${indent}enabled: ${random.chance(0.8)}`,
        `${indent}name: ${scalar(server.name, random)}`,
      ];
      const body = server.remote
        ? [
            `${indent}type: ${random.pick(['sse', 'streamable_http'])}`,
            ...common,
            `${indent}uri: ${scalar(server.url, random)}`,
            ...(Object.keys(server.headers).length > 0
              ? [`${indent}headers:${map(server.headers, random, `${indent}  `, eol)}`]
              : []),
          ]
        : [
            `${indent}type: stdio`,
            ...common,
            `${indent}cmd: ${scalar(server.command, random)}`,
            `${indent}args:${list(server.args, random, `${indent}  `, eol)}`,
            `${indent}envs:${map(server.env, random, `${indent}  `, eol, envAnchor)}`,
            `${indent}env_keys: []`,
          ];
      if (shared && random.chance(0.4)) body.push(`${indent}timeout: *t`);
      else if (random.chance(0.3)) body.push(`${indent}timeout: ${random.int(10, 600)}`);
      lines.push([head, ...body].join(eol));
    }
    if (anchorHere) anchorUsed = true;
  }
  if (anchorUsed && client === 'goose')
    lines.push(
      `  alias-user:${eol}    type: stdio${eol}    cmd: uvx${eol}    args: [mcp-server-time]${eol}    envs: *sharedenv`,
    );
  if (anchorUsed && client === 'continue')
    lines.push(`  - name: alias-user${eol}    command: uvx${eol}    env: *sharedenv`);
  if (random.chance(0.3)) lines.push('# the end');
  return { text: lines.join(eol) + (random.chance(0.9) ? eol : ''), anchored };
}
