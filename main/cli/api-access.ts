import { ApiError, createApiClient, type ApiClient, type ApiEnvelope } from '../../shared/api';
import { auditExportUrl, type AuditExportFormat, type AuditFilter } from '../../shared/audit-query';
import { exportAudit } from '../audit/export';
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
  /** The audit export as it streams: through the gateway's export endpoint, or from the store. */
  exportAudit(filter: AuditFilter, format: AuditExportFormat, throughId: number): AsyncIterable<string>;
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
    const exportAudit = async function* (filter: AuditFilter, format: AuditExportFormat, throughId: number) {
      const url = new URL(auditExportUrl(filter, format).slice(1), running.dashboardUrl);
      url.searchParams.set('through', String(throughId));
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok || !response.body) {
        const envelope = (await response.json().catch(() => undefined)) as ApiEnvelope<unknown> | undefined;
        const message = envelope && !envelope.ok ? envelope.error.message : `HTTP ${response.status}`;
        throw new ApiError(envelope && !envelope.ok ? envelope.error.code : 'internal', message);
      }
      const decoder = new TextDecoder();
      for await (const chunk of response.body) yield decoder.decode(chunk, { stream: true });
    };
    return { api, running, exportAudit, close: () => undefined };
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
    exportAudit: (filter, format, throughId) => exportAudit(store.audit, filter, format, { throughId }),
    running: undefined,
    close: () => store.close(),
  };
}
