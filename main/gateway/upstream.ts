/** The server side of a session: a spawned stdio process or a remote HTTP endpoint. */
export interface Upstream {
  /**
   * Send one JSON-RPC message: its JSON text, and when it passes through unchanged, the exact bytes
   * it arrived as (newline included), which are written as they are. False when the server is not
   * keeping up: stop reading from the client until `onDrain`.
   */
  send(line: string, framed?: Buffer): boolean;
  /** Bytes written to the server and not yet taken by it. */
  buffered?(): number;
  /** Stop and restart reading what the server sends (while the client is not keeping up). */
  pause?(): void;
  resume?(): void;
  /** Tell a remote transport which protocol version was negotiated (it sends it as a header). */
  setProtocolVersion?(version: string): void;
  close(): Promise<void>;
  readonly pid?: number | undefined;
}

export interface UpstreamHandlers {
  onLine(line: string, framed?: Buffer): void;
  /** A message too large to read; `head` is its beginning. */
  onOversize?(bytes: number, head: string): void;
  /** The server took everything that was waiting for it. */
  onDrain?(): void;
  /** The upstream is gone. `error` says why when it was not a normal end. */
  onClose(error?: string): void;
  /** Diagnostic output (stdio stderr, transport errors): kept for the UI and logs, never sent to the client. */
  onStderr(text: string): void;
}
