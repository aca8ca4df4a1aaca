import { expect, test } from '@playwright/test';
import { raiseCaseIn, shots } from './support';

// The customer's browser says where it is; the next page the server renders
// shows every time in that zone, named.
test.describe('in Tokyo', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });

  test("a customer's page shows its times in the customer's own zone", async ({ page }) => {
    await raiseCaseIn(page, {
      subject: 'Reports stop at midnight',
      description: 'The daily report has no rows after midnight, our time.',
      severity: "Something isn't working right",
      email: 'aiko@example.com',
    });
    // Before the browser has told, the server's zone is named.
    await expect(page.locator('.timeline')).toContainText('UTC');
    await expect(page.locator('.guarantee-when')).toContainText('(your time)');
    await page.reload();
    await expect(page.locator('.timeline')).toContainText('Asia/Tokyo');
    await expect(page.locator('.timeline')).not.toContainText('UTC');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${shots}/status-local-time-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: `${shots}/status-local-time-360.png`, fullPage: true });
  });
});

test('a customer asks for a link to see all their cases without a password', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'See all your cases' }).click();
  await expect(page).toHaveURL(/\/my-cases$/);
  await expect(page.getByRole('heading', { name: 'See all your cases' })).toBeVisible();
  await page.getByLabel('Your email').fill('not an address');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.locator('#field-email-error')).toContainText('name@example.com');
  await page.getByLabel('Your email').fill('kim@example.com');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page).toHaveURL(/\/my-cases\?sent=1$/);
  await expect(page.getByRole('status')).toContainText("If we have cases from that address");
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: `${shots}/my-cases-asked-360.png`, fullPage: true });

  // A link that was used, ran out or never was: refused, with the form again.
  const refused = await page.goto('/my-cases/0000000000000000000000000000000000000000');
  expect(refused?.status()).toBe(410);
  await expect(page.getByRole('alert')).toContainText('used or has run out');
});
