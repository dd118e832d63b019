/**
 * When no gateway can serve the client, the shim itself answers every request with a JSON-RPC
 * error that names Portcullis and says what to do. It never runs the server directly: a client
 * connected through Portcullis has no way around it.
 */
export function failClosed(
  message: string,
  input: NodeJS.ReadableStream & { resume(): void },
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream,
): Promise<void> {
  errors.write(`${message}\n`);
  return new Promise((done) => {
    let buffered = '';
    const answer = (line: string) => {
      let request: { id?: unknown; method?: unknown };
      try {
        request = JSON.parse(line) as typeof request;
      } catch {
        return;
      }
      const id = request.id;
      if (typeof request.method !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) return;
      output.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32000, message } })}\n`);
    };
    input.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        answer(buffered.slice(0, nl).trim());
        buffered = buffered.slice(nl + 1);
      }
    });
    input.on('end', () => done());
    input.on('close', () => done());
    // The shim paused stdin while it looked for a gateway; a 'data' listener alone does not resume it.
    input.resume();
  });
}
