import { Visible } from '../../components/visible';
import { commandLine, ServerColumns, StateBadge } from './server-state';
import type { ClientReport } from './use-clients';

type Extension = NonNullable<ClientReport['extensions']>[number];

/**
 * Claude Desktop's extensions: servers installed from .mcpb bundles, outside the config file.
 * What each runs (its manifest's command, variables filled in), and Protect where Portcullis can
 * do it safely (its command moves into a protected config entry, the extension is switched off,
 * only while Claude Desktop is closed), or why not.
 */
export function ExtensionsTable({
  extensions,
  onChange,
  busy,
}: {
  extensions: Extension[];
  onChange(extension: Extension, action: 'protect' | 'unprotect'): void;
  busy: boolean;
}) {
  return (
    <div className="config-file" data-testid="extensions">
      <p className="config-path">
        <strong>Extensions</strong>{' '}
        <span className="muted small">
          installed from .mcpb bundles, outside the config file; where Claude Desktop keeps them is reported
          by third-party tools, not documented by Anthropic
        </span>
      </p>
      <div className="table-scroll">
        <table className="data-table servers-table" role="table">
          <ServerColumns first="Extension" />
          <tbody role="rowgroup">
            {extensions.map((extension) => (
              <tr
                role="row"
                key={extension.id}
                data-testid="extension-row"
                data-extension={extension.id}
                data-state={extension.state}
              >
                <td role="cell" className="server-name">
                  <strong>
                    <Visible text={extension.name} />
                  </strong>
                  <span className="muted small server-where">
                    <Visible text={extension.id} />
                    {extension.version ? ` · ${extension.version}` : ''}
                    {extension.signature ? ` · ${extension.signature}` : ''}
                  </span>
                </td>
                <td role="cell">
                  <StateBadge server={{ state: extension.state }} />
                </td>
                <td role="cell" className="server-runs-cell">
                  {extension.runs || extension.declared ? (
                    <code className="mono">
                      <Visible
                        text={commandLine(
                          (extension.runs ?? extension.declared)!.command,
                          (extension.runs ?? extension.declared)!.args,
                        )}
                      />
                    </code>
                  ) : null}
                  {extension.key ? (
                    <span className="muted small">
                      {' '}
                      as the config entry <Visible text={extension.key} />
                    </span>
                  ) : null}
                  {extension.problem ? (
                    <p className="server-problem small">
                      <Visible text={extension.problem} />
                    </p>
                  ) : null}
                  {extension.remedy ? (
                    <p className="muted small">
                      <Visible text={extension.remedy} />
                    </p>
                  ) : null}
                </td>
                <td role="cell" className="server-action">
                  {extension.state === 'unprotected' ? (
                    <button
                      type="button"
                      className="button button-small button-primary"
                      aria-label={`Protect ${extension.name}`}
                      disabled={busy}
                      onClick={() => onChange(extension, 'protect')}
                    >
                      Protect…
                    </button>
                  ) : extension.state === 'protected' || extension.state === 'drifted' ? (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Give ${extension.name} back to Claude Desktop`}
                      disabled={busy}
                      onClick={() => onChange(extension, 'unprotect')}
                    >
                      Give back…
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
