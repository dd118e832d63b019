import { shimArgs } from '../clients/shim-entry';
import type { ShimCommand } from '../clients/types';
import type { GatewayLauncher } from '../shim/connect';

/** What this start of the app is for: a shim that a client config runs, or the app itself. */
export type Launch =
  | { mode: 'shim'; /** The arguments after `shim`, as `runShimCommand` takes them. */ args: string[] }
  | {
      mode: 'app';
      /** Tray only, no dashboard: started by a shim or at login. */ background: boolean;
      dataDir?: string;
    };

/**
 * Reads `process.argv`. It starts with the executable and, when the app is not packaged, the app's
 * folder (`electron . shim …`); switches Chromium or the person add may come anywhere. A shim is
 * recognised by its first word, `shim`, exactly as `shimArgs` writes it.
 */
export function parseLaunch(argv: readonly string[], packaged: boolean): Launch {
  const words = argv.slice(1);
  const positional = words.map((word, i) => [word, i] as const).filter(([word]) => !word.startsWith('-'));
  const first = positional[packaged ? 0 : 1];
  if (first?.[0] === 'shim') return { mode: 'shim', args: words.slice(first[1] + 1) };
  const dataDir = optionValue(words, '--data-dir');
  return {
    mode: 'app',
    background: words.includes('--background'),
    ...(dataDir === undefined ? {} : { dataDir }),
  };
}

function optionValue(words: readonly string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === name) {
      const value = words[i + 1];
      return value === undefined || value.startsWith('--') ? undefined : value;
    }
    if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
  }
  return undefined;
}

export interface SelfInput {
  execPath: string;
  packaged: boolean;
  /** `app.getAppPath()`: the folder Electron runs when it is not packaged. */
  appPath: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

/** How something outside (a client config, a shim, a login item) starts this app again. */
export interface SelfCommand {
  command: string;
  /** The app's folder when unpackaged (the executable is then Electron itself); nothing when packaged. */
  args: string[];
}

export function selfCommand(input: SelfInput): SelfCommand {
  // An AppImage runs from a temporary mount that goes away when it exits; $APPIMAGE is the file
  // itself, the path that still works tomorrow and after the shim that started a gateway has ended.
  const appImage = input.platform === 'linux' ? input.env.APPIMAGE : undefined;
  return { command: appImage || input.execPath, args: input.packaged ? [] : [input.appPath] };
}

/** What rewritten client configs run: this app, in shim mode. */
export function desktopShimCommand(self: SelfCommand, dataDir: string): ShimCommand {
  return {
    command: self.command,
    args: (client, server) => [...self.args, ...shimArgs(client, server, dataDir)],
  };
}

/** How a shim started from this app starts the gateway when none answers: this app, in the tray. */
export function desktopGatewayLauncher(self: SelfCommand, dataDir: string): GatewayLauncher {
  return { command: self.command, args: [...self.args, '--background', '--data-dir', dataDir] };
}
