/** A JSON pointer (RFC 6901) to a place in a policy document. */
export function toPointer(path: readonly string[]): string {
  return path.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
