import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MAX_DIRECTORY_SCAN,
  MAX_PATH_CANDIDATES,
  MAX_PATH_COMPONENTS,
  MAX_PATH_LOOKUPS_PER_CALL,
  MAX_SYMLINK_HOPS,
} from './caps';
import type { FileKind, FileLookup } from './files';

/**
 * Where a call's server runs, which decides what its relative paths and `~` mean. The gateway
 * builds it per session; `policy test` and replay have none, so relative paths there are unknown.
 */
export interface Place {
  /** The server's working folder. */
  cwd: string | undefined;
  /** Folders the client declared as roots (`file:` URIs or paths). */
  roots: string[];
  /** Folders named in the server's arguments (how server-filesystem and most file servers take them). */
  allowed: string[];
  /** What `~` means to the server. */
  home: string | undefined;
  /** The server runs elsewhere (HTTP, SSE): nothing of its files can be looked at here. */
  remote?: boolean;
}

/** A path condition that cannot be decided, and why ("is relative, and …"), said after the argument's name. */
export interface Unknown {
  unknown: string;
}

/** The files a path may name, canonical: absolute, `.`/`..`/`//` collapsed, symlinks of the existing part followed. */
export type Resolution = { paths: string[] } | Unknown;

export interface PathEnv {
  files: FileLookup;
  platform: NodeJS.Platform;
  /** Lookups already made in this decision, shared by every path it resolves. */
  seen: Map<string, FileKind | Unknown>;
  /** Symlinks already read in this decision. */
  links?: Map<string, string | Unknown>;
  /** File-system calls made for this decision so far, against MAX_PATH_LOOKUPS_PER_CALL. */
  lookups?: number;
}

type PathApi = typeof posix;

/**
 * Every file a server might open for `text`, the way servers read paths: a `file:` URL decoded or
 * taken as a name; quotes and spaces around it trimmed or kept (server-filesystem trims them before
 * checking); `~` expanded; a relative path resolved against each folder the server might use; `..`
 * applied before symlinks (as `path.resolve` does) and after them (as the kernel does). Anything it
 * cannot settle within the bounds is unknown, never a guess.
 */
export function canonicalPaths(
  text: string,
  place: Place | undefined,
  env: PathEnv,
  { preferDisk = false } = {},
): Resolution {
  if (text.includes('\u0000')) return { unknown: 'contains a NUL character' };
  if (text.split(/[\\/]/).length > MAX_PATH_COMPONENTS) {
    return { unknown: `has more than ${MAX_PATH_COMPONENTS} components` };
  }
  const path: PathApi = env.platform === 'win32' ? win32 : posix;
  const found = new Set<string>();
  for (const reading of readings(text)) {
    const absolute = absoluteForms(reading, place, path);
    if ('unknown' in absolute) return absolute;
    for (const { lexical, root, parts } of absolute.paths) {
      if (place?.remote) {
        found.add(lexical);
        continue;
      }
      for (const route of [splitAbsolute(lexical, path), { root, parts }]) {
        // Each route has its own bounds; what one route looked up, the others reuse (env.seen).
        const walked = new Walker(env, path, preferDisk).walk(route.root, [], route.parts);
        if ('unknown' in walked) return walked;
        for (const p of walked.paths) found.add(p);
      }
    }
    if (found.size > MAX_PATH_CANDIDATES) {
      return { unknown: `could name more than ${MAX_PATH_CANDIDATES} different files` };
    }
  }
  if (found.size === 0) return { unknown: 'names nothing a server could open (a file is used as a folder)' };
  return { paths: [...found] };
}

/** The texts a server might take the value for: as sent, trimmed of spaces and quotes, a URL decoded. */
function readings(text: string): string[] {
  const out = [text];
  const trimmed = text.trim().replace(/^["']|["']$/g, '');
  if (trimmed !== text && trimmed !== '') out.push(trimmed);
  for (const reading of [...out]) {
    if (/^file:/i.test(reading)) out.push(fileUrlPath(reading));
  }
  return out;
}

/** A `file:` URL's path, or a marker that makes it unknown (a host, an encoded slash). */
const NO_LOCAL_PATH = '\u0000file URL';
function fileUrlPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return NO_LOCAL_PATH;
  }
}

interface AbsoluteForm {
  /** `path.resolve` of the text: `..` applied before any symlink. */
  lexical: string;
  /** The same, as raw components: `..` left for the walk to apply after symlinks. */
  root: string;
  parts: string[];
}

function absoluteForms(
  reading: string,
  place: Place | undefined,
  path: PathApi,
): { paths: AbsoluteForm[] } | Unknown {
  if (reading === NO_LOCAL_PATH) return { unknown: 'is a file: URL that names no local path' };
  let text = reading;
  if (text === '~' || text.startsWith('~/') || (path === win32 && text.startsWith('~\\'))) {
    if (!place?.home) return { unknown: "starts with ~, and the server's home folder is not known" };
    text = path.join(place.home, text.slice(1));
  } else if (text.startsWith('~')) {
    return { unknown: `starts with "${text.split(/[\\/]/)[0]}", another user's home folder` };
  }
  if (path === win32) {
    const problem = windowsProblem(text);
    if (problem) return { unknown: problem };
  }
  if (path.isAbsolute(text)) {
    const { root, parts } = splitAbsolute(text, path);
    return { paths: [{ lexical: path.resolve(text), root, parts }] };
  }
  const bases = place ? baseFolders(place, path) : [];
  if (bases.length === 0) {
    return { unknown: 'is relative, and the folders the server resolves it against are not known' };
  }
  const relative = text.split(separators(path));
  return {
    paths: bases.map((base) => {
      const { root, parts } = splitAbsolute(base, path);
      return { lexical: path.resolve(base, text), root, parts: [...parts, ...relative] };
    }),
  };
}

/** Where a server may resolve a relative path: its working folder, the client's roots, its own folders. */
function baseFolders(place: Place, path: PathApi): string[] {
  const roots = place.roots.map((root) => (/^file:/i.test(root) ? fileUrlPath(root) : root));
  const all = [place.cwd, ...roots, ...place.allowed].filter(
    (base): base is string => base !== undefined && base !== NO_LOCAL_PATH && path.isAbsolute(base),
  );
  return [...new Set(all)];
}

/** Windows names that reach one file by several spellings this code does not resolve. */
function windowsProblem(text: string): string | undefined {
  if (/^[\\/]{2}/.test(text)) return 'is a network or device path';
  if (/^[A-Za-z]:(?![\\/])/.test(text) || /^[\\/](?![\\/])/.test(text)) {
    return 'is relative to a drive or its current folder';
  }
  for (const part of text.split(/[\\/]/).slice(1)) {
    if (/~\d/.test(part)) return 'may use a short (8.3) name';
    if (/[. ]$/.test(part) && part !== '.' && part !== '..') return 'has a name ending in a dot or space';
    if (part.includes(':')) return 'names an alternate data stream';
  }
  return undefined;
}

function separators(path: PathApi): RegExp {
  return path === win32 ? /[\\/]/ : /\//;
}

function splitAbsolute(text: string, path: PathApi): { root: string; parts: string[] } {
  const root = path.parse(text).root;
  return { root, parts: text.slice(root.length).split(separators(path)) };
}

/** Names that have no other Unicode spelling: ASCII without the three letters a singleton maps to. */
function hasNoOtherSpelling(name: string): boolean {
  // U+212A (Kelvin) → K, U+037E → ;, U+1FEF → ` are the only non-ASCII characters whose NFC is ASCII.
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0x7f) return false;
  return !/[K;`]/.test(name);
}

const MAX_SCANS = 4;

/**
 * Follows a path through the file system the way the kernel opens it, within the bounds: each
 * component looked up, symlinks read and followed (`..` then applies to where they lead), and the
 * first missing component ending the walk with the rest taken as written. Where a missing name has
 * one other Unicode spelling on the disk (server-filesystem opens that one), both are kept.
 */
class Walker {
  private steps = 0;
  private hops = 0;
  private scans = 0;

  /**
   * @param preferDisk where a missing name has another spelling on the disk, keep only that one: for
   *   the policy's own folders, which mean the folder the person sees, however they typed its name.
   */
  constructor(
    private readonly env: PathEnv,
    private readonly path: PathApi,
    private readonly preferDisk: boolean,
  ) {}

  walk(start: string, done: string[], queue: string[]): Resolution {
    let root = start;
    const resolved = [...done];
    let pending = queue;
    let i = 0;
    while (i < pending.length) {
      const name = pending[i++]!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        resolved.pop();
        continue;
      }
      if (++this.steps > MAX_PATH_COMPONENTS) {
        return { unknown: `has more than ${MAX_PATH_COMPONENTS} components to look at` };
      }
      const full = this.join(root, [...resolved, name]);
      const kind = this.kind(full);
      if (typeof kind === 'object') return kind;
      if (kind === 'dir' || kind === 'file') {
        resolved.push(name);
      } else if (kind === 'not-a-dir') {
        return { paths: [] };
      } else if (kind === 'link') {
        if (++this.hops > MAX_SYMLINK_HOPS) {
          return { unknown: `passes through more than ${MAX_SYMLINK_HOPS} symlinks (a loop?)` };
        }
        const target = this.readlink(full);
        if (typeof target === 'object') return target;
        if (this.path.isAbsolute(target)) {
          const split = splitAbsolute(target, this.path);
          root = split.root;
          resolved.length = 0;
          pending = [...split.parts, ...pending.slice(i)];
        } else {
          pending = [...target.split(separators(this.path)), ...pending.slice(i)];
        }
        i = 0;
      } else {
        return this.missing(root, resolved, name, pending.slice(i));
      }
    }
    return { paths: [this.join(root, resolved)] };
  }

  /** Nothing below here exists: the rest is taken as written, `..` collapsed, plus any other spelling. */
  private missing(root: string, resolved: string[], name: string, rest: string[]): Resolution {
    const literal = [...resolved];
    for (const part of [name, ...rest]) {
      if (part === '..') literal.pop();
      else if (part !== '' && part !== '.') literal.push(part);
    }
    const paths = [this.join(root, literal)];
    if (hasNoOtherSpelling(name)) return { paths };
    if (++this.scans > MAX_SCANS)
      return { unknown: 'has too many names to compare in other Unicode spellings' };
    const dir = this.join(root, resolved);
    const spent = this.spend();
    if (spent) return spent;
    let names: string[] | undefined;
    try {
      names = this.env.files.names(dir, MAX_DIRECTORY_SCAN);
    } catch (error) {
      return lookupProblem(error, dir);
    }
    if (!names) {
      return {
        unknown: `needs "${name}" compared with the names in ${dir}, which holds more than ${MAX_DIRECTORY_SCAN}`,
      };
    }
    const want = name.normalize('NFC');
    const twins = names.filter((n) => n !== name && n.normalize('NFC') === want);
    if (twins.length > 1) return { unknown: `matches several names in ${dir} in other Unicode spellings` };
    if (twins.length === 0) return { paths };
    const through = this.walk(root, resolved, [twins[0]!, ...rest]);
    if ('unknown' in through || this.preferDisk) return through;
    return { paths: [...paths, ...through.paths] };
  }

  /** Count one file-system call against the decision's allowance, or say it is spent. */
  private spend(): Unknown | undefined {
    this.env.lookups = (this.env.lookups ?? 0) + 1;
    if (this.env.lookups <= MAX_PATH_LOOKUPS_PER_CALL) return undefined;
    return {
      unknown: `needs more than the ${MAX_PATH_LOOKUPS_PER_CALL} file-system lookups one decision may make`,
    };
  }

  private kind(full: string): FileKind | Unknown {
    const known = this.env.seen.get(full);
    if (known !== undefined) return known;
    const spent = this.spend();
    if (spent) return spent;
    let kind: FileKind | Unknown;
    try {
      kind = this.env.files.kind(full);
    } catch (error) {
      kind = lookupProblem(error, full);
    }
    this.env.seen.set(full, kind);
    return kind;
  }

  private readlink(full: string): string | Unknown {
    const links = (this.env.links ??= new Map());
    let target = links.get(full);
    if (target === undefined) {
      const spent = this.spend();
      if (spent) return spent;
      try {
        target = this.env.files.readlink(full);
      } catch (error) {
        target = lookupProblem(error, full);
      }
      links.set(full, target);
    }
    return target;
  }

  private join(root: string, parts: string[]): string {
    return root + parts.join(this.path.sep);
  }
}

function lookupProblem(error: unknown, where: string): Unknown {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return { unknown: `could not be looked at (${code} at ${where})` };
}

/**
 * Whether `candidate` is `folder` or inside it. Names that differ only in Unicode normalisation are
 * the same file on macOS and may be two files elsewhere, so there they make the answer unknown;
 * macOS and Windows compare without case, as their file systems do by default.
 */
export function isWithin(candidate: string, folder: string, platform: NodeJS.Platform): boolean | Unknown {
  const sep = platform === 'win32' ? '\\' : '/';
  if (inside(candidate, folder, sep)) return true;
  const fold = platform === 'darwin' || platform === 'win32';
  const sameFile = (s: string) => (platform === 'darwin' ? s.normalize('NFC') : s).toLowerCase();
  if (fold && inside(sameFile(candidate), sameFile(folder), sep)) return true;
  const lookalike = (s: string) => (fold ? s.normalize('NFC').toLowerCase() : s.normalize('NFC'));
  if (inside(lookalike(candidate), lookalike(folder), sep)) {
    return { unknown: `names ${candidate}, which differs from ${folder} only in Unicode normalisation` };
  }
  return false;
}

function inside(candidate: string, folder: string, sep: string): boolean {
  return candidate === folder || candidate.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
