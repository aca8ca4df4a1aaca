import { expect, test } from '@playwright/test';
import { compose, openAct } from './support';

const shots = 'screenshots';

test('an open status page shows a staff update and the solved question without a reload', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Kim Lee');
  await page.getByLabel('Your email').fill('kim@example.com');
  await page.getByLabel('What is the problem, in a few words?').fill('Invoices show the wrong totals');
  await page.getByLabel('What is happening?').fill('Every invoice since Monday adds the tax twice.');
  await page.getByText("Something isn't working right").click();
  await page.getByRole('button', { name: 'Send to our team' }).click();
  await expect(page).toHaveURL(/\/cases\/ESC-[2-9A-HJ-NP-Z]{6}\?token=[0-9a-f]{40}/);
  const statusUrl = page.url();
  const reference = statusUrl.match(/ESC-[2-9A-Z]{6}/)![0];
  // The islands are awake: the countdown speaks the browser's time.
  await expect(page.locator('.guarantee-when')).toContainText('(your time)');
  await expect(page.locator('.stage-now h2')).toHaveText('Received');
  // Anything set now is lost if the page reloads or navigates.
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staff.goto('/staff/sign-in');
  await staff.getByLabel('Email').fill('agent@baton.example');
  await staff.getByLabel('Password').fill('baton-demo');
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await expect(staff).toHaveURL(/\/staff$/);
  await staff.goto(`/staff/cases/${reference}`);
  await compose(staff, 'We found the double tax rule and are removing it.');
  await expect(staff.locator('.timeline')).toContainText('We found the double tax rule');

  await expect(page.locator('.timeline')).toContainText('We found the double tax rule', { timeout: 10_000 });
  await expect(page.locator('.stage-now h2')).not.toHaveText('Received');
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
  expect(page.url()).toBe(statusUrl);
  // The countdown in the swapped card is awake again and ticks.
  await expect(page.locator('.guarantee-when')).toContainText('(your time)');
  const shown = await page.locator('.countdown').textContent();
  await expect(page.locator('.countdown')).not.toHaveText(shown!, { timeout: 5_000 });
  await page.screenshot({ path: `${shots}/status-live-update.png`, fullPage: true });

  await openAct(staff, 'Solve');
  await staff.getByLabel('What fixed it (the customer reads this)').fill('We removed the rule. New invoices are right.');
  await staff.getByRole('button', { name: 'Mark solved and ask the customer' }).click();
  await expect(page.getByRole('heading', { name: 'Is this solved for you?' })).toBeVisible({ timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
  await page.screenshot({ path: `${shots}/status-live-solved.png`, fullPage: true });
  await staffContext.close();
});
