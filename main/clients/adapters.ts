import type { ClientAdapter } from './client-adapter';
import { claudeDesktop } from './claude-desktop';
import { cursor } from './cursor';

export const builtInAdapters: readonly ClientAdapter[] = [claudeDesktop, cursor];
