import { homedir } from 'node:os';
import { nodeFiles, type FileLookup } from './files';

/** The machine a policy's paths are resolved on: its files, its rules for names, whose `~` the policy means. */
export interface PathSystem {
  files: FileLookup;
  platform: NodeJS.Platform;
  /** What `~` means in the policy's own folders: the person's home. */
  home: string;
}

export function localSystem(): PathSystem {
  return { files: nodeFiles, platform: process.platform, home: homedir() };
}
