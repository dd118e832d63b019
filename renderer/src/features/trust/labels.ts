import type { FlagKind, ServerWarningKind, ToolTrustState } from '../../../../shared/trust';

export const flagLabels: Record<FlagKind, string> = {
  instructions: 'Instructions to the model',
  concealment: 'Hides things from you',
  'cross-reference': "Steers other servers' tools",
  'secret-path': 'Names secret files',
  'hidden-characters': 'Hidden characters',
  'long-description': 'Very long description',
  shadowing: 'Same name as another server’s tool',
  'new-tool': 'New on a known server',
};

export const warningLabels: Record<ServerWarningKind, string> = {
  shell: 'Shell or inline code',
  privilege: 'Elevated privileges',
  'download-and-run': 'Downloads and runs code',
  'unusual-command': 'Unusual program location',
  'outside-home': 'Outside your home folder',
  'code-environment': 'Loads extra code',
  destructive: 'Destructive command',
  'insecure-url': 'No TLS',
};

export const toolStateLabels: Record<ToolTrustState, string> = {
  trusted: 'Trusted',
  changed: 'Changed — held',
  new: 'New — held',
  rejected: 'Rejected — held',
};
