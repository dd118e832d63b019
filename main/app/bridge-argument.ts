/**
 * How the preload learns the IPC channel names.
 *
 * A sandboxed preload can load only `electron` and a few Node built-ins, so it cannot import
 * shared/api (which needs zod). The main process derives the table from shared/api and hands it
 * to the preload on the renderer's command line (`webPreferences.additionalArguments`), which the
 * sandboxed preload can read from `process.argv`. This module has no imports so that the preload
 * bundle stays a single, dependency-free file.
 */
export interface BridgeTable {
  /** API channel (`status:get`) → the IPC channel its handler listens on. */
  invoke: Record<string, string>;
  /** The IPC channel gateway events arrive on. */
  event: string;
}

const SWITCH = '--portcullis-bridge=';

/** URI-encoded JSON: no quotes or backslashes for a command line to mangle on any OS. */
export function encodeBridgeArgument(table: BridgeTable): string {
  return SWITCH + encodeURIComponent(JSON.stringify(table));
}

export function decodeBridgeArgument(argv: readonly string[]): BridgeTable | undefined {
  const argument = argv.find((value) => value.startsWith(SWITCH));
  if (argument === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(argument.slice(SWITCH.length)));
  } catch {
    return undefined;
  }
  return isBridgeTable(parsed) ? parsed : undefined;
}

function isBridgeTable(value: unknown): value is BridgeTable {
  if (typeof value !== 'object' || value === null) return false;
  const { invoke, event } = value as Partial<Record<keyof BridgeTable, unknown>>;
  return (
    typeof event === 'string' &&
    typeof invoke === 'object' &&
    invoke !== null &&
    !Array.isArray(invoke) &&
    Object.values(invoke).every((name) => typeof name === 'string')
  );
}
