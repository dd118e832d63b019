export function UnauthorizedScreen() {
  return (
    <main className="unauthorized" data-testid="unauthorized">
      <div className="unauthorized-card">
        <h1>This browser is not signed in</h1>
        <p>
          The Portcullis gateway only answers browsers that opened its login link. Open the login link that{' '}
          <code>portcullis serve</code> printed (or run <code>npx portcullis status</code>).
        </p>
        <p className="muted">The link signs this browser in. Then reload this page.</p>
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </main>
  );
}
