/** Where to connect a client, for a page that has nothing to show yet. */
export function ConnectHint() {
  return (
    <>
      Connect a client on the <a href="#/clients">Clients page</a> (or with{' '}
      <code>npx portcullis connect claude-desktop</code>) and use a tool.
    </>
  );
}
