import { createApiClient, type ApiClient, type ApiEnvelope } from '../../shared/api';
import { createDispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { dataPaths } from '../paths';
import { PolicyService } from '../policy/policy-service';
import { readRuntimeInfo, type RuntimeInfo } from '../runtime-file';
import { readToken } from '../secrets';
import { openStore } from '../store';
import { openSettings } from '../store/settings';
import { version } from '../version';

export interface ApiAccess {
  api: ApiClient;
  /** The running gateway, when the API goes through it. */
  running: RuntimeInfo | undefined;
  close(): void;
}

/**
 * The CLI speaks the same typed API as the dashboard: through the running gateway when there is one
 * (so a policy change takes effect at once), otherwise in-process against the data folder.
 */
export function openApi(dataDir: string): ApiAccess {
  const paths = dataPaths(dataDir);
  const running = readRuntimeInfo(paths.runtime);
  if (running) {
    const token = readToken(paths.token);
    const api = createApiClient(async (channel, args) => {
      let response: Response;
      try {
        response = await fetch(new URL(`api/${channel}`, running.dashboardUrl), {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(args),
        });
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: `The gateway at ${running.dashboardUrl} did not answer: ${String(error)}`,
          },
        };
      }
      return (await response.json()) as ApiEnvelope<unknown>;
    });
    return { api, running, close: () => undefined };
  }

  const store = openStore(paths.database);
  const dispatch = createDispatch(
    createHandlers({
      store,
      policy: new PolicyService(store),
      settings: openSettings(dataDir),
      dataDir,
      version,
    }),
  );
  return {
    api: createApiClient((channel, args) => dispatch(channel, args, { via: 'cli' })),
    running: undefined,
    close: () => store.close(),
  };
}
