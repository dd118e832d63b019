import type { ClientReport } from './use-clients';

/** What the person does for the client to pick a change up. */
export function restartAdvice(name: string, restart: ClientReport['restart']): string {
  switch (restart) {
    case 'restart':
      return `Restart ${name} so that it starts its servers the new way.`;
    case 'reload':
      return `Reload ${name}'s window (or restart it) so that it starts its servers the new way.`;
    case 'automatic':
      return `${name} picks the change up by itself.`;
  }
}

/** When a change to the client's config takes effect, in a few words for the client's summary. */
export function takesEffect(name: string, restart: ClientReport['restart']): string {
  switch (restart) {
    case 'restart':
      return `Changes take effect when ${name} restarts.`;
    case 'reload':
      return `Changes take effect when ${name}'s window reloads.`;
    case 'automatic':
      return `${name} picks changes up by itself.`;
  }
}
