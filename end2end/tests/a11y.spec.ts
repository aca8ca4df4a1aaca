// axe-core over every customer and staff page: no serious or critical
// violation (WCAG 2.1 A and AA rules). Each page is loaded as its user sees
// it: a customer's status page with its token, staff pages signed in.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { raiseCaseIn, signIn } from './support';

async function serious(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  return scan(page, path);
}

/** axe over the page as it is now; `what` names it in the report. */
async function scan(page: Page, what: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('customer pages have no serious accessibility violation', async ({ page }) => {
  const found: string[] = [];
  for (const path of ['/', '/help', '/my-cases', '/links', '/chat', '/staff/sign-in']) {
    found.push(...(await serious(page, path)));
  }
  await raiseCaseIn(page, { subject: 'Exports fail', description: 'The export times out.', severity: 'A question' });
  const status = new URL(page.url());
  found.push(...(await serious(page, status.pathname + status.search)));
  expect(found, found.join('\n')).toEqual([]);
});

test('staff pages have no serious accessibility violation', async ({ page, browser }) => {
  const customer = await browser.newPage();
  const reference = await raiseCaseIn(customer, { subject: 'Imports fail', description: 'The import stops.', severity: 'A question' });
  await customer.close();
  await signIn(page, 'admin@baton.example');
  const found: string[] = [];
  for (const path of [
    '/staff', `/staff/cases/${reference}`, '/staff/calls/new', '/staff/early-warning', '/staff/reports',
    '/staff/reviews', '/staff/articles', '/staff/alerts', '/staff/incidents', '/admin/authority',
    '/ops/templates', '/ops/rules', '/ops/sla', '/ops/tiers', '/ops/raci', '/ops/sponsors', '/ops/playbooks',
    '/ops/jargon',
  ]) {
    found.push(...(await serious(page, path)));
  }
  // The case workspace with an act open, then with the command palette.
  await page.goto(`/staff/cases/${reference}`);
  await page.locator('#act-escalate summary').click();
  found.push(...(await scan(page, 'the escalate act')));
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  found.push(...(await scan(page, 'the command palette')));
  expect(found, found.join('\n')).toEqual([]);
});
