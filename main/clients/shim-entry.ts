/** Which client and server a config entry written by `connect` stands for. */
export interface ShimIdentity {
  client: string;
  server: string;
}

/** The arguments every shim entry carries after its program: what `parseShimEntry` reads back. */
export function shimArgs(client: string, server: string, dataDir: string): string[] {
  return ['shim', '--client', client, '--server', server, '--data-dir', dataDir];
}

/**
 * Recognise an entry that runs the Portcullis shim. The shim's own path varies by install (a
 * packaged app, a checkout in any folder, npx), so the path proves nothing; what connect always
 * writes is the argument run `shim --client <id> --server <name>`, and that is what is matched.
 */
export function parseShimEntry(entry: unknown): ShimIdentity | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return null;
  const { command, args } = entry as { command?: unknown; args?: unknown };
  if (typeof command !== 'string' || !Array.isArray(args)) return null;
  if (!args.every((arg): arg is string => typeof arg === 'string')) return null;
  for (let i = 0; i + 4 < args.length; i++) {
    if (args[i] !== 'shim' || args[i + 1] !== '--client' || args[i + 3] !== '--server') continue;
    const client = args[i + 2]!;
    const server = args[i + 4]!;
    if (client === '' || server === '' || client.startsWith('--') || server.startsWith('--')) return null;
    return { client, server };
  }
  return null;
}
