/**
 * Frames an attacker would send to get a tools/call past the policy: mutations of real tools/call
 * requests with ids of every JSON type, batches, duplicate keys, look-alike methods, Unicode tricks
 * in names, raw bytes no JSON parser agrees on, and line breaks a forgiving server splits at.
 * Deterministic for a seed, so a failure can be replayed.
 */
export function attackFrames(count: number, seed = 1): Buffer[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const frames: Buffer[] = [];
  let next = 1;
  const freshId = () => String(next++);

  const makers: (() => Buffer | string)[] = [
    // A plain call with every kind of id, method spelling and name trick.
    () =>
      request({ id: pick([...IDS, freshId()]), method: pick(METHODS), name: pick(NAMES), args: pick(ARGS) }),
    // Duplicate keys: the governed value first (a first-wins parser) or last (last-wins).
    () => {
      const key = pick(['method', 'name', 'arguments', 'id', 'params'] as const);
      return duplicated(key, random() < 0.5, freshId());
    },
    // params of the wrong shape.
    () => `{"jsonrpc":"2.0","id":${freshId()},"method":"tools/call","params":${pick(BAD_PARAMS)}}`,
    // Batches of valid-looking calls, mixed with other requests.
    () => {
      const size = 1 + Math.floor(random() * 4);
      const parts = Array.from({ length: size }, () =>
        random() < 0.7
          ? request({ id: freshId(), method: pick(METHODS), name: pick(NAMES), args: pick(ARGS) })
          : `{"jsonrpc":"2.0","id":${freshId()},"method":"ping"}`,
      );
      return `[${parts.join(',')}]`;
    },
    // A call smuggled after a line break a forgiving reader splits at.
    () => smuggled(pick(['\r', '\u2028', '\u2029', '\u0085']), freshId()),
    // Bytes and syntax parsers disagree on.
    () => pick(RAW_TRICKS)(freshId()),
    // Deep nesting, which would overflow a recursive encoder.
    () => {
      const depth = pick([63, 64, 65, 200, 5000]);
      return `{"jsonrpc":"2.0","id":${freshId()},"method":"tools/call","params":{"name":"delete_file","arguments":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
    },
  ];

  while (frames.length < count) {
    const made = pick(makers)();
    frames.push(typeof made === 'string' ? Buffer.from(made, 'utf8') : made);
  }
  return frames;
}

/** JSON text of an id, or undefined to leave the id out. */
const IDS: (string | undefined)[] = [
  '1',
  '"abc"',
  'null',
  'true',
  'false',
  '{"a":1}',
  '[1]',
  '1.5',
  '-0',
  '1e400',
  '9007199254740993',
  '""',
  '"\\u0000"',
  `"${'x'.repeat(300)}"`,
  undefined,
];

/** JSON string bodies (already escaped) of methods. */
const METHODS = [
  'tools/call',
  'tools/call',
  'tools/call',
  'Tools/Call',
  'TOOLS/CALL',
  ' tools/call',
  'tools/call ',
  'tools\\u002fcall',
  'tools\\/call',
  '\\u0074ools/call',
  'ｔｏｏｌｓ/ｃａｌｌ',
  'tools/call\\u200b',
  '\\u200btools/call',
  'tools.call',
  'tools_call',
  'tools\\\\call',
  'tools//call',
  '/tools/call',
  'tools/call\\u0000',
  'tools/ca\\u00adll',
];

const NAMES = [
  'delete_file',
  'delete_file',
  'echo',
  'Delete_File',
  'delete_file\\u200b',
  '\\u202edelete_file',
  'delete\\u2066_file',
  'dele\\u0301te_file',
  'cafe\\u0301',
  'delete_file\\n',
  'delete_file\\r\\n',
  'delete_file\\ud800',
  'ｄｅｌｅｔｅ_file',
  'delete_file ',
  '\\u0000delete_file',
  'delete_file\\u00ad',
  'x'.repeat(300),
];

/** JSON text of arguments, or undefined to leave them out. */
const ARGS: (string | undefined)[] = [
  '{}',
  '{"path":"/etc/passwd"}',
  '{"message":"hi"}',
  '[]',
  '"{}"',
  'null',
  '7',
  undefined,
];

const BAD_PARAMS = [
  '[]',
  '"delete_file"',
  'null',
  '{}',
  '{"name":7}',
  '{"name":["delete_file"]}',
  '{"name":null}',
];

function request(r: {
  id: string | undefined;
  method: string;
  name: string;
  args: string | undefined;
}): string {
  const id = r.id === undefined ? '' : `"id":${r.id},`;
  const args = r.args === undefined ? '' : `,"arguments":${r.args}`;
  return `{"jsonrpc":"2.0",${id}"method":"${r.method}","params":{"name":"${r.name}"${args}}}`;
}

function duplicated(
  key: 'method' | 'name' | 'arguments' | 'id' | 'params',
  governedFirst: boolean,
  id: string,
): string {
  const pair = (a: string, b: string) => (governedFirst ? `${a},${b}` : `${b},${a}`);
  switch (key) {
    case 'method':
      return `{"jsonrpc":"2.0","id":${id},${pair('"method":"tools/call"', '"method":"ping"')},"params":{"name":"delete_file"}}`;
    case 'name':
      return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{${pair('"name":"delete_file"', '"name":"echo"')}}}`;
    case 'arguments':
      return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"echo",${pair('"arguments":{"path":"/etc/passwd"}', '"arguments":{}')}}}`;
    case 'id':
      return `{"jsonrpc":"2.0",${pair(`"id":${id}`, '"id":null')},"method":"tools/call","params":{"name":"delete_file"}}`;
    case 'params':
      return `{"jsonrpc":"2.0","id":${id},"method":"tools/call",${pair('"params":{"name":"delete_file"}', '"params":{"name":"echo"}')}}`;
  }
}

/**
 * One valid JSON message whose tail, after `breaker`, is a complete tools/call for a forgiving
 * parser (single quotes need no escaping inside a JSON string).
 */
function smuggled(breaker: string, id: string): string {
  if (breaker === '\r') {
    return `{"jsonrpc":"2.0","id":${id},"method":"ping","params":\r{"jsonrpc":"2.0","id":"s${id}","method":"tools/call","params":{"name":"delete_file"}}}`;
  }
  return `{"jsonrpc":"2.0","id":${id},"method":"ping","params":{"note":"x${breaker}{'jsonrpc':'2.0','id':'s${id}','method':'tools/call','params':{'name':'delete_file'}}"}}`;
}

const RAW_TRICKS: ((id: string) => Buffer | string)[] = [
  (id) => `\ufeff{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"delete_file"}}`,
  (id) => `{"jsonrpc":"2.0","id":${id},/* c */"method":"tools/call","params":{"name":"delete_file"}}`,
  (id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"delete_file",},}`,
  (id) => `{'jsonrpc':'2.0','id':${id},'method':'tools/call','params':{'name':'delete_file'}}`,
  (id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"delete_file"}} trailing`,
  (id) => `{"jsonrpc":"2.0","id":NaN,"method":"tools/call","params":{"name":"delete_file"},"x":${id}}`,
  (id) =>
    Buffer.concat([
      Buffer.from(`{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"delete`),
      Buffer.from([0xff]),
      Buffer.from('_file"}}'),
    ]),
  (id) =>
    Buffer.concat([
      Buffer.from(`{"jsonrpc":"2.0","id":${id},"method":"tools/c`),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('all","params":{"name":"delete_file"}}'),
    ]),
  (id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"delete_file"}}\u0000`,
  (id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call"\t,\t"params"\t:{"name":"delete_file"}}`,
  () => '[]',
  () => '[[]]',
  () => '{}',
];

/** A small, well-known seeded generator (public domain). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
