import { expect, test, type Response } from '@playwright/test';
import { raiseCaseIn } from './support';

// What a customer's browser downloads on a first visit to a status page: the
// page, its stylesheet, script and wasm, as transferred (compressed body and
// headers). The budget is 80 KB.
const BUDGET = 80 * 1024;

test('a first visit to a status page wakes its islands, logs no errors and fits in 80 KB', async ({ browser }) => {
  const raising = await browser.newContext();
  const raisingPage = await raising.newPage();
  await raiseCaseIn(raisingPage, {
    subject: 'Exports stop halfway',
    description: 'Every CSV export ends after 1000 rows.',
    severity: "Something isn't working right",
  });
  const statusUrl = raisingPage.url();
  await raising.close();

  // A fresh context: nothing cached. Browsers advertise brotli over https;
  // the journeys run over plain http, so ask for it as they would.
  const visit = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'br, gzip' } });
  const page = await visit.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const loaded: Response[] = [];
  page.on('response', (response) => {
    // The wasm is preloaded (resource type "other"); the live event stream never ends and is left out.
    const own = new URL(response.url()).pathname.startsWith('/pkg/');
    if (own || response.request().resourceType() === 'document') loaded.push(response);
  });

  await page.goto(statusUrl);
  // The wasm ran: the countdown speaks the browser's time and ticks.
  await expect(page.locator('.guarantee-when')).toContainText('(your time)');
  const shown = await page.locator('.countdown').textContent();
  await expect(page.locator('.countdown')).not.toHaveText(shown!, { timeout: 5_000 });

  let total = 0;
  const lines: string[] = [];
  for (const response of loaded) {
    const sizes = await response.request().sizes();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    total += bytes;
    const path = new URL(response.url()).pathname;
    const encoding = (await response.allHeaders())['content-encoding'] ?? 'none';
    lines.push(`${path} ${encoding} ${bytes} B`);
    expect(encoding, `${path} is compressed`).toMatch(/^(br|gzip)$/);
    if (path.startsWith('/pkg/')) {
      expect((await response.allHeaders())['cache-control'], path).toContain('immutable');
    }
  }
  console.log(`first load: ${total} B (${lines.join(', ')})`);
  expect(loaded.map((r) => new URL(r.url()).pathname.split('.').pop()).sort()).toEqual(
    expect.arrayContaining(['css', 'js', 'wasm']),
  );
  expect(total, lines.join(', ')).toBeLessThanOrEqual(BUDGET);
  expect(errors).toEqual([]);
  await visit.close();
});
