/** The server side of a session: a spawned stdio process or a remote HTTP endpoint. */
export interface Upstream {
  /**
   * Send one JSON-RPC message: its JSON text, and when it passes through unchanged, the exact bytes
   * it arrived as (newline included), which are written as they are.
   */
  send(line: string, framed?: Buffer): void;
  /** Tell a remote transport which protocol version was negotiated (it sends it as a header). */
  setProtocolVersion?(version: string): void;
  close(): Promise<void>;
  readonly pid?: number | undefined;
}

export interface UpstreamHandlers {
  onLine(line: string, framed?: Buffer): void;
  /** The upstream is gone. `error` says why when it was not a normal end. */
  onClose(error?: string): void;
  /** Diagnostic output (stdio stderr, transport errors): kept for the UI and logs, never sent to the client. */
  onStderr(text: string): void;
}
