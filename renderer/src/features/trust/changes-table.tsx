import type { DefinitionChange } from '../../../../shared/trust';
import { Visible } from '../../components/visible';

/** What changed between the definition accepted before and the one presented now, by path. */
export function ChangesTable({
  changes,
  caption,
}: {
  changes: readonly DefinitionChange[];
  caption: string;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table trust-changes" data-testid="trust-changes">
        <caption className="trust-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Before</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <th scope="row" className="mono">
                <Visible text={change.path} />
              </th>
              <td className="mono trust-before">
                {change.before === undefined ? (
                  <span className="muted">(not there)</span>
                ) : (
                  <Visible text={change.before} />
                )}
              </td>
              <td className="mono trust-after">
                {change.after === undefined ? (
                  <span className="muted">(removed)</span>
                ) : (
                  <Visible text={change.after} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
