import { test, expect } from '@playwright/test';
import { raiseCase, shots } from './support';

// A customer whose emailed link stopped working (the case closed a while
// ago, or staff revoked it) asks for a new one; the page answers the same
// for anyone, so it never tells who follows which case.
test('a customer whose link stopped working asks for a new one by email', async ({ page, browser }) => {
  const reference = await raiseCase(browser, {
    subject: 'Calendar sync stops',
    description: 'It stops after an hour.',
    severity: "Something isn't working right",
  });
  const old = await page.goto(`/cases/${reference}?token=0000000000000000000000000000000000000000`);
  expect(old!.status()).toBe(404);
  await page.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(page).toHaveURL(/\/links$/);

  // A mistake comes back beside its field, with what was typed.
  await page.getByLabel('Case reference, like ESC-7Q4K2M').fill('my case');
  await page.getByLabel('Your email').fill('kim@example.com');
  await page.getByRole('button', { name: 'Email me a new link' }).click();
  await expect(page.getByText('Please give the reference from our email')).toBeVisible();
  await expect(page.getByLabel('Your email')).toHaveValue('kim@example.com');

  await page.getByLabel('Case reference, like ESC-7Q4K2M').fill(reference);
  await page.getByRole('button', { name: 'Email me a new link' }).click();
  await expect(page).toHaveURL(/\/links\?sent=1$/);
  await expect(page.getByRole('status')).toContainText("we've sent it a new link");
  await page.screenshot({ path: `${shots}/fresh-link.png`, fullPage: true });
});
