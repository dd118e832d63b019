import { TOKEN_START, type Candidate, type Detector } from './detector';
import { inContext } from './in-context';
import { tokenShapes } from './token-shapes';

/** Where a secret is in a text, and which detector found it. */
export interface Finding {
  start: number;
  end: number;
  kind: string;
}

export const detectors: readonly Detector[] = [...tokenShapes, ...inContext];

interface Member extends Detector {
  /** The detector alone, sticky, with indices: run where a scan found it, for its groups. */
  own: RegExp;
}

/** One pass over the text for one or more detectors. */
interface Scanner {
  regex: RegExp;
  members: Member[];
}

function own(d: Detector): string {
  return d.tokenStart ? `${TOKEN_START}${d.source}` : d.source;
}

/** Inside one alternation the detectors' named groups would clash: they become non-capturing. */
function anonymous(source: string): string {
  return source.replace(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g, '(?:');
}

/**
 * Detectors behind the token-start guard share one pass; each of the others gets its own, where
 * V8 finds its literal (`-----BEGIN`, `://`, a secret word) with a fast skip search that one
 * alternation of everything would defeat (that measured 10–20× slower).
 */
function scanners(all: readonly Detector[]): Scanner[] {
  const member = (d: Detector): Member => ({ ...d, own: new RegExp(own(d), 'dy') });
  const tokens = all.filter((d) => d.tokenStart);
  return [
    {
      regex: new RegExp(`${TOKEN_START}(?:${tokens.map((d) => `(${anonymous(d.source)})`).join('|')})`, 'g'),
      members: tokens.map(member),
    },
    ...all
      .filter((d) => !d.tokenStart)
      .map((d) => ({ regex: new RegExp(own(d), 'g'), members: [member(d)] })),
  ];
}

const passes = scanners(detectors);

/**
 * Find the secrets in `text`, in order, overlapping findings joined (`Authorization: Basic …` is
 * found as a header and as Basic credentials).
 */
export function findSecrets(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const pass of passes) scan(pass, text, findings);
  return findings.length < 2 ? findings : mergeFindings(findings);
}

/**
 * One pass over the text. A candidate a detector rejects (`token_count=5`) is searched again from
 * the next character, once, so that it cannot hide a real one (`mapping=password=…`); a candidate
 * rejected during that second look is skipped whole, so no text is scanned more than twice.
 */
function scan({ regex, members }: Scanner, text: string, findings: Finding[]): void {
  let from = 0;
  let secondLookUntil = -1;
  while (from < text.length) {
    regex.lastIndex = from;
    const match = regex.exec(text);
    if (!match) return;
    const end = match.index + match[0].length;
    const detector = members.length === 1 ? members[0]! : members[match.indexOf(match[0], 1) - 1]!;
    const located = locate(detector, match);
    if (!detector.accept || detector.accept(candidate(located, match, text, end))) {
      for (const [start, stop] of secretSpans(located, match)) {
        findings.push({ start, end: stop, kind: detector.kind });
      }
      from = Math.max(end, match.index + 1);
    } else if (match.index >= secondLookUntil) {
      secondLookUntil = end;
      from = match.index + 1;
    } else {
      from = end;
    }
  }
}

/** The detector's own match at the same place, for its groups and their positions. */
function locate(detector: Member, match: RegExpExecArray): RegExpExecArray | undefined {
  detector.own.lastIndex = match.index;
  const located = detector.own.exec(match.input);
  // Same pattern, same place: it matches the same text. Should it not, the whole match goes.
  return located && located[0].length === match[0].length ? located : undefined;
}

function candidate(
  located: RegExpExecArray | undefined,
  match: RegExpExecArray,
  text: string,
  end: number,
): Candidate {
  const groups = located?.groups ?? {};
  let secret: string | undefined;
  for (const name in groups) {
    if (name.startsWith('secret') && groups[name] !== undefined) {
      secret = groups[name];
      break;
    }
  }
  return { groups, secret: secret ?? match[0], after: text.slice(end, end + 2) };
}

/**
 * The non-empty secret groups of a match. When none took part (a branch of the pattern without
 * them), all of the match is the secret; a group that took part but is empty (nothing between a
 * key's armour lines) leaves nothing to replace.
 */
function secretSpans(located: RegExpExecArray | undefined, match: RegExpExecArray): [number, number][] {
  const whole: [number, number] = [match.index, match.index + match[0].length];
  const groups = located?.indices?.groups;
  if (!groups) return [whole];
  const spans = Object.entries(groups)
    .filter(([name]) => name.startsWith('secret'))
    .map(([, span]) => span);
  if (spans.every((span) => span === undefined)) return [whole];
  return spans.filter((span): span is [number, number] => span !== undefined && span[1] > span[0]);
}

/** Overlapping or touching findings become one; the first one's kind names it. */
export function mergeFindings(findings: Finding[]): Finding[] {
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  for (const f of findings) {
    const last = merged.at(-1);
    if (last && f.start <= last.end) last.end = Math.max(last.end, f.end);
    else merged.push({ ...f });
  }
  return merged;
}
