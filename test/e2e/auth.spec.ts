import { expect, test } from './fixtures';

/**
 * The dashboard answers only browsers that opened the login link `portcullis serve` printed. The
 * link's token must not linger in the address bar; a cookie derived from it keeps the browser in.
 */
test.describe('signing in to the dashboard', () => {
  test('without the login link, the dashboard shows the unauthorized screen', async ({
    gateway,
    livePage,
  }) => {
    const response = await livePage.page.goto(gateway.dashboardUrl);
    // The page itself is public; every answer behind it is not.
    expect(response?.status()).toBe(200);
    await expect(livePage.unauthorized).toBeVisible();
    await expect(livePage.unauthorized).toContainText('portcullis serve');
    await expect(livePage.connection).toHaveCount(0);
    await expect(livePage.policyRevision).toHaveCount(0);
  });

  test('a wrong token is refused with HTTP 401 and signs nobody in', async ({ gateway, livePage }) => {
    const page = livePage.page;
    const response = await page.goto(`${gateway.dashboardUrl}?token=not-the-token`);
    expect(response?.status()).toBe(401);
    await expect(page.getByText('This login link is not valid for this Portcullis.')).toBeVisible();
    expect(await page.context().cookies()).toEqual([]);

    await page.goto(gateway.dashboardUrl);
    await expect(livePage.unauthorized).toBeVisible();
  });

  test('the login link redirects the token out of the address bar, and a reload stays signed in', async ({
    browser,
    gateway,
    livePage,
  }) => {
    const page = livePage.page;
    const response = await page.goto(gateway.loginUrl);
    // One redirect, from the link with the token to the bare dashboard.
    expect(response?.request().redirectedFrom()?.url()).toBe(gateway.loginUrl);
    await expect(page).toHaveURL(gateway.dashboardUrl);
    expect(page.url()).not.toContain(gateway.token);
    await livePage.expectConnected();
    await expect(livePage.heading('Overview')).toBeVisible();
    await expect(livePage.policyRevision).toHaveText('rev 0');

    // The cookie carries a value derived from the token, out of reach of scripts and other sites.
    const cookies = await page.context().cookies(gateway.dashboardUrl);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies[0]!.value).not.toContain(gateway.token);
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.reload();
    await expect(page).toHaveURL(gateway.dashboardUrl);
    // Only an answered API call shows the revision, and only an accepted event socket reads "open".
    await expect(livePage.policyRevision).toHaveText('rev 0');
    await livePage.expectConnected();
    await expect(livePage.unauthorized).toHaveCount(0);

    // The cookie is what signs the browser in: a browser without it is still locked out.
    const stranger = await browser.newPage();
    try {
      await stranger.goto(gateway.dashboardUrl);
      await expect(stranger.getByTestId('unauthorized')).toBeVisible();
    } finally {
      await stranger.close();
    }
  });

  test('a browser that was locked out gets in with the login link', async ({ gateway, livePage }) => {
    await livePage.page.goto(gateway.dashboardUrl);
    await expect(livePage.unauthorized).toBeVisible();
    await livePage.login();
    await expect(livePage.unauthorized).toHaveCount(0);
    // The dashboard opens on its first page.
    await expect(livePage.heading('Overview')).toBeVisible();
  });
});
