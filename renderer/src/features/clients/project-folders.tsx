import { useId, useState } from 'react';
import { Visible } from '../../components/visible';

/**
 * Project folders whose own configs (`.cursor/mcp.json`, `.vscode/mcp.json`, `.mcp.json`, …) the page
 * includes. Those files are usually committed, so Portcullis reads them only for folders named here.
 */
export function ProjectFolders({
  projects,
  onChange,
}: {
  projects: string[];
  onChange(next: string[]): void;
}) {
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const absolute = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(draft.trim());
  const add = () => {
    const dir = draft.trim();
    if (!absolute || projects.includes(dir)) return;
    onChange([...projects, dir]);
    setDraft('');
  };
  return (
    <section className="panel project-folders" aria-labelledby="project-folders-heading">
      <h2 id="project-folders-heading" className="panel-heading">
        Project folders
      </h2>
      <p className="muted small">
        Also list the project and workspace configs in these folders. Project files are often committed to a
        repository; they are only read for folders named here.
      </p>
      {projects.length > 0 ? (
        <ul className="plain-list">
          {projects.map((dir) => (
            <li key={dir} className="project-folder">
              <code className="mono">
                <Visible text={dir} />
              </code>
              <button
                type="button"
                className="button button-small"
                aria-label={`Remove ${dir}`}
                onClick={() => onChange(projects.filter((item) => item !== dir))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="project-add"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <label htmlFor={inputId}>Folder</label>
        <input
          id={inputId}
          value={draft}
          placeholder="/home/me/code/project"
          aria-describedby={`${inputId}-hint`}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button button-small" disabled={!absolute}>
          Add
        </button>
        <span id={`${inputId}-hint`} className="muted small">
          {draft.trim() && !absolute ? 'Give the full path of the folder.' : ''}
        </span>
      </form>
    </section>
  );
}
