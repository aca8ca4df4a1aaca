import { expect, test } from '@playwright/test';
import { shots, signIn, raiseCaseIn } from './support';

test('a manager declares a major incident, links two customers, updates them live, resolves and closes with a review', async ({ page, browser }) => {
  // Two customers, each watching their own case.
  const dana = await browser.newPage();
  const danaCase = await raiseCaseIn(dana, { subject: 'Card payments fail', description: 'Every card is refused since 9:00.', severity: 'A major problem: important work is blocked', email: 'dana@example.com' });
  const lee = await browser.newPage();
  const leeCase = await raiseCaseIn(lee, { subject: 'Checkout broken', description: 'Customers cannot pay.', severity: 'A major problem: important work is blocked', email: 'lee@example.com' });

  await signIn(page, 'manager@baton.example');
  await page.goto('/staff/incidents');
  await page.getByLabel("Title, in customers' words").fill('Card payments fail');
  await page.getByLabel('What customers cannot do').fill('You cannot take card payments in your shop.');
  await page.getByRole('button', { name: 'Declare' }).click();
  await expect(page).toHaveURL(/\/staff\/incidents\/INC-/);
  await expect(page.locator('.role-card[data-role="commander"]')).toContainText('Grace Hopper');

  await page.getByLabel('Link cases').fill(`${danaCase}, ${leeCase}`);
  await page.getByRole('button', { name: 'Link cases' }).click();
  await expect(page.locator('.incident-cases li')).toHaveCount(2);

  const next = new Date(Date.now() + 30 * 60_000).toISOString();
  await page.getByLabel('What is affected').fill('Card payments in every shop.');
  await page.getByLabel('What we know').fill('A change this morning broke the link to the card network.');
  await page.getByLabel('What we are doing').fill('We are undoing the change now.');
  await page.getByLabel('Next update by').fill(next);
  await page.getByRole('button', { name: 'Publish update' }).click();
  await expect(page.locator('.incident-promise')).toContainText('Next update promised by');
  await page.screenshot({ path: `${shots}/staff-war-room.png`, fullPage: true });

  // Each open status page shows the update without a reload.
  for (const customer of [dana, lee]) {
    const section = customer.locator('section.incident');
    await expect(section).toContainText('Card payments fail', { timeout: 10_000 });
    await expect(section).toContainText('We are undoing the change now.');
    await expect(section.locator('.incident-next')).toContainText('(');
    await expect(section).not.toContainText('Grace Hopper');
  }
  await lee.screenshot({ path: `${shots}/customer-incident-update.png`, fullPage: true });

  await page.getByLabel('What fixed it, for customers').fill('We undid the change. Card payments work again.');
  await page.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(page.locator('.incident-head')).toHaveAttribute('data-state', 'resolved');
  await expect(dana.locator('.stage-now')).toHaveAttribute('data-stage', 'resolved', { timeout: 10_000 });

  await page.getByLabel('What happened').fill('A release broke card payments for forty minutes.');
  await page.getByLabel('What went well').fill('Customers heard from us within ten minutes.');
  await page.getByLabel('What we change').fill('Card payments get a check before each release.');
  await page.getByRole('button', { name: 'Save review' }).click();
  await page.getByRole('button', { name: 'Close incident' }).click();
  await expect(page.locator('.incident-head')).toHaveAttribute('data-state', 'closed');
  await expect(page.locator('.timeline')).toContainText('Incident closed.');
});
