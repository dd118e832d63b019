import { routes } from '../app/routes';

/** Where to connect a client: the Clients page when the dashboard has one, else the command. */
export function ConnectHint() {
  const clients = (routes as readonly { id: string; hash: string }[]).find((route) => route.id === 'clients');
  return clients ? (
    <>
      Connect a client on the <a href={clients.hash}>Clients</a> page and use a tool.
    </>
  ) : (
    <>
      Connect a client with <code>npx portcullis connect claude-desktop</code> (or <code>--all</code>) and use
      a tool.
    </>
  );
}
