import type { ClientAdapter } from '../client-adapter';
import { claudeDesktop } from '../claude-desktop';
import { cursor } from '../cursor';
import { antigravity, claudeCode, codex, geminiCli, openCode } from './agents';
import { continueDev, goose, lmStudio } from './apps';
import { cline, vscode, windsurf, zed } from './editors';

/** Every client Portcullis knows, in the order `clients` lists them. */
export const builtInAdapters: readonly ClientAdapter[] = [
  claudeDesktop,
  cursor,
  vscode,
  windsurf,
  claudeCode,
  cline,
  zed,
  geminiCli,
  antigravity,
  codex,
  lmStudio,
  continueDev,
  goose,
  openCode,
];
