import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { PolicyIssue } from '../../../../shared/policy';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorNotice } from '../../components/error-notice';
import { Visible, VisibleParts } from '../../components/visible';
import { escapeLabel } from '../../../../shared/visible-text';
import { pluralize } from '../../lib/format';
import { hiddenCharacters, type HiddenCharacter } from './hidden-characters';
import { lineOfOffset, locateIssue } from './json-pointer';
import { formatPolicyText } from './policy-text';
import { ReplayPreview } from './replay-preview';
import { SavedNotice } from './saved-notice';
import { refusalIssues, useActivePolicy, usePolicyCheck, useSavePolicy } from './use-policy';

/** Text in the editor that is not the active policy: typed, suggested, or opened from the draft. */
export interface EditorText {
  text: string;
  origin: 'edited' | 'suggestion' | 'draft';
  /** The active revision when editing started, to notice someone else saving meanwhile. */
  baseRevision: number | undefined;
  note?: string;
}

export function DocumentEditor({
  editor,
  onChange,
}: {
  editor: EditorText | undefined;
  onChange: (editor: EditorText | undefined) => void;
}) {
  const active = useActivePolicy();
  if (active.isError) {
    return (
      <ErrorNotice
        title="Could not load the active policy."
        error={active.error}
        onRetry={() => void active.refetch()}
      />
    );
  }
  if (!active.data) return <p className="muted">Loading the active policy…</p>;
  return <Editor active={active.data} editor={editor} onChange={onChange} />;
}

function Editor({
  active,
  editor,
  onChange,
}: {
  active: { revision: number; document: string };
  editor: EditorText | undefined;
  onChange: (editor: EditorText | undefined) => void;
}) {
  const text = editor?.text ?? active.document;
  const dirty = text !== active.document;
  const check = usePolicyCheck(text);
  const save = useSavePolicy();
  const draft = useSaveDraft();
  const [saved, setSaved] = useState<number>();
  const [previewing, setPreviewing] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editorId = useId();

  const edit = (next: string) => {
    onChange({
      text: next,
      origin: editor?.origin ?? 'edited',
      baseRevision: editor?.baseRevision ?? active.revision,
      ...(editor?.note === undefined ? {} : { note: editor.note }),
    });
    setSaved(undefined);
    setPreviewing(false);
    save.reset();
    draft.reset();
  };
  const doSave = () => {
    save.mutate(
      {
        document: text,
        baseRevision: editor?.baseRevision ?? active.revision,
        what:
          editor?.origin === 'suggestion'
            ? 'suggested policy'
            : editor?.origin === 'draft'
              ? 'draft text, from the editor'
              : 'document editor',
      },
      {
        onSuccess: ({ revision }) => {
          onChange(undefined);
          setSaved(revision);
          setPreviewing(false);
        },
      },
    );
  };
  const reveal = (issue: PolicyIssue) => {
    const range = textarea.current && locateIssue(textarea.current.value, issue);
    if (range) select(range);
  };
  const select = (range: { offset: number; length: number }) => {
    const element = textarea.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(range.offset, range.offset + range.length);
    // Selecting does not scroll a textarea in every browser: bring the line near the top.
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.scrollTop = Math.max(0, (lineOfOffset(element.value, range.offset) - 3) * lineHeight);
  };

  const refused = save.isError ? refusalIssues(save.error) : [];
  const stale = dirty && editor?.baseRevision !== undefined && editor.baseRevision !== active.revision;
  const canSave = dirty && check.valid && !save.isPending;
  const status = !check.current ? 'checking' : check.valid ? 'valid' : 'invalid';

  return (
    <div className="document-editor">
      {editor?.origin === 'suggestion' && dirty ? (
        <p className="editor-note" data-testid="editor-origin" data-origin="suggestion">
          {editor.note} This is a suggestion and is not saved: review it, preview it against recent calls,
          then save it.
        </p>
      ) : editor?.origin === 'draft' && dirty ? (
        <p className="editor-note" data-testid="editor-origin" data-origin="draft">
          Opened from the draft policy. Saving makes this text the active policy; the draft itself stays until
          it is applied or discarded.
        </p>
      ) : null}
      {stale ? (
        <p className="warning-text" data-testid="editor-stale">
          The active policy changed to revision {active.revision} while you were editing (you started from
          revision {editor?.baseRevision}). Saving replaces it with this text.{' '}
          <button type="button" className="link-button" onClick={() => onChange(undefined)}>
            Load revision {active.revision}
          </button>{' '}
          (your edits are dropped).
        </p>
      ) : null}

      <div className="editor-toolbar">
        <label htmlFor={editorId} className="control-label">
          Policy document (JSON){dirty ? ' — edited' : ` — revision ${active.revision}, active`}
        </label>
        <span
          className={`check-status check-${status}`}
          data-testid="policy-check-status"
          data-state={status}
        >
          {status === 'checking'
            ? 'Checking…'
            : status === 'valid'
              ? 'Valid'
              : pluralize(check.issues.length, 'problem')}
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={formatPolicyText(text) === text}
          onClick={() => edit(formatPolicyText(text))}
        >
          Format
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="policy-revert"
          disabled={!dirty}
          onClick={() => {
            onChange(undefined);
            save.reset();
            setPreviewing(false);
          }}
        >
          Discard edits
        </button>
      </div>
      <div id={`${editorId}-hidden`}>
        <HiddenCharacters text={text} onSelect={select} />
      </div>
      <textarea
        id={editorId}
        ref={textarea}
        className="policy-textarea"
        data-testid="policy-editor"
        value={text}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        aria-invalid={status === 'invalid'}
        aria-describedby={`${editorId}-hidden ${editorId}-issues`}
        onChange={(event) => edit(event.target.value)}
      />

      <div id={`${editorId}-issues`}>
        {status !== 'valid' && check.issues.length > 0 ? (
          <IssueList
            issues={check.issues}
            text={text}
            onReveal={reveal}
            testId="policy-issues"
            stale={!check.current}
          />
        ) : null}
      </div>

      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="policy-save"
          disabled={!canSave}
          onClick={doSave}
        >
          {save.isPending ? 'Saving…' : 'Save as a new revision'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="policy-preview"
          disabled={!dirty || !check.valid}
          onClick={() => setPreviewing(true)}
        >
          Preview against the last 7 days
        </button>
        <button
          type="button"
          className="button"
          data-testid="draft-save"
          disabled={!check.valid || draft.isPending}
          onClick={() => draft.mutate({ document: text, shadow: false })}
        >
          Save as draft
        </button>
        <button
          type="button"
          className="button"
          data-testid="draft-save-shadow"
          disabled={!check.valid || draft.isPending}
          onClick={() => draft.mutate({ document: text, shadow: true })}
        >
          Save as draft and run in shadow
        </button>
        {!dirty ? (
          <span className="muted small">Edit the document to save it.</span>
        ) : status === 'invalid' ? (
          <span className="muted small">Fix the problems to save.</span>
        ) : null}
      </div>

      {save.isError ? (
        <div data-testid="policy-save-error">
          <ErrorNotice title="The gateway refused this policy." error={save.error} />
          {refused.length > 0 ? (
            <IssueList issues={refused} text={text} onReveal={reveal} testId="policy-refusal-issues" />
          ) : null}
        </div>
      ) : null}
      {draft.isError ? <ErrorNotice title="Could not save the draft." error={draft.error} /> : null}
      {draft.isSuccess ? (
        <p className="editor-note" role="status" data-testid="draft-saved">
          {draft.data.shadow
            ? 'Draft saved and running in shadow: each call is also decided by it, and Live shows what it would have done.'
            : 'Draft saved. Run it in shadow, apply it or discard it from the banner above.'}
        </p>
      ) : null}
      {saved !== undefined ? (
        <SavedNotice
          revision={saved}
          lines={['The gateway decides the next call with it.']}
          testId="policy-saved"
          onDismiss={() => setSaved(undefined)}
        />
      ) : null}
      {previewing && check.valid ? (
        <ReplayPreview
          document={text}
          applying={save.isPending}
          onApply={doSave}
          onCancel={() => setPreviewing(false)}
        />
      ) : null}
    </div>
  );
}

function useSaveDraft() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (args: { document: string; shadow: boolean }) => {
      const draft = await client['policy:draft:save'](args);
      await queryClient.invalidateQueries({ queryKey: queryKeys.policyDraft });
      return draft;
    },
  });
}

/** More than this and the list says how many more there are. */
const HIDDEN_LISTED = 8;

/**
 * The text box shows the document as it is: a name a server chose (in a suggested policy, say) may
 * hold a bidi control or an invisible character that the box hides. This lists each, with a button
 * that selects it.
 */
function HiddenCharacters({
  text,
  onSelect,
}: {
  text: string;
  onSelect: (character: HiddenCharacter) => void;
}) {
  const found = hiddenCharacters(text);
  if (found.length === 0) return null;
  return (
    <div className="warning-text" role="note" data-testid="policy-hidden-characters">
      <p>
        This document holds {pluralize(found.length, 'character')} that the box below does not show as{' '}
        {found.length === 1 ? 'itself' : 'themselves'}: a name with one is not the name it looks like.
      </p>
      <ul className="issue-list">
        {found.slice(0, HIDDEN_LISTED).map((character) => (
          <li key={character.offset}>
            <button type="button" className="issue" onClick={() => onSelect(character)}>
              <span className="issue-line">line {character.line}</span>
              <VisibleParts parts={[character.escape]} />
              <span>{escapeLabel(character.escape)}</span>
            </button>
          </li>
        ))}
      </ul>
      {found.length > HIDDEN_LISTED ? <p>…and {found.length - HIDDEN_LISTED} more.</p> : null}
    </div>
  );
}

function IssueList({
  issues,
  text,
  onReveal,
  testId,
  stale = false,
}: {
  issues: readonly PolicyIssue[];
  text: string;
  onReveal: (issue: PolicyIssue) => void;
  testId: string;
  stale?: boolean;
}) {
  return (
    <ul className={`issue-list${stale ? ' issue-list-stale' : ''}`} data-testid={testId} aria-live="polite">
      {issues.map((issue, index) => {
        const range = locateIssue(text, issue);
        return (
          <li key={index}>
            <button
              type="button"
              className="issue"
              data-testid="policy-issue"
              data-pointer={issue.pointer}
              onClick={() => onReveal(issue)}
              disabled={!range}
            >
              {range ? <span className="issue-line">line {lineOfOffset(text, range.offset)}</span> : null}
              <code>
                <Visible text={issue.pointer || '(syntax)'} />
              </code>
              <span>
                <Visible text={issue.message} />
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
