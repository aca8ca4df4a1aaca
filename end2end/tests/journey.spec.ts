import { expect, test, type Page } from '@playwright/test';
import { compose, openAct } from './support';

const shots = 'screenshots';

async function raise(page: Page, subject: string) {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Kim Lee');
  await page.getByLabel('Your email').fill('kim@example.com');
  await page.getByLabel('What is the problem, in a few words?').fill(subject);
  await page.getByLabel('What is happening?').fill('Since this morning every payment is declined.');
  await page.getByText("Something isn't working right").click();
  await page.getByRole('button', { name: 'Send to our team' }).click();
  await expect(page).toHaveURL(/\/cases\/ESC-[2-9A-HJ-NP-Z]{6}\?token=[0-9a-f]{40}/);
}

test('a customer raises a case, staff solve it, and the customer confirms with a rating', async ({ page, browser }) => {
  await page.goto('/');
  await page.screenshot({ path: `${shots}/raise.png`, fullPage: true });
  await raise(page, 'Card payments are declined');
  const statusUrl = page.url();
  const reference = statusUrl.match(/ESC-[2-9A-Z]{6}/)![0];

  await expect(page.getByRole('heading', { name: 'Card payments are declined' })).toBeVisible();
  await expect(page.locator('.stage-now h2')).toHaveText('Received');
  await expect(page.locator('.guarantee-lead')).toHaveText("We'll reply by");
  // Hydration: the island swaps in the browser's own time and the countdown ticks.
  await expect(page.locator('.guarantee-when')).toContainText('(your time)');
  const first = await page.locator('.countdown').textContent();
  await expect(page.locator('.countdown')).not.toHaveText(first!, { timeout: 5_000 });
  await page.screenshot({ path: `${shots}/status-received.png`, fullPage: true });

  const staff = await browser.newPage();
  await staff.goto('/staff');
  await expect(staff).toHaveURL(/\/staff\/sign-in$/);
  await staff.getByLabel('Email').fill('agent@baton.example');
  await staff.getByLabel('Password').fill('baton-demo');
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await expect(staff.getByRole('heading', { name: 'Open cases' })).toBeVisible();
  await staff.screenshot({ path: `${shots}/staff-queue.png`, fullPage: true });
  await staff.getByRole('link', { name: reference }).click();
  await compose(staff, 'We found a fault in the payment gateway and are fixing it.');
  await openAct(staff, 'Solve');
  await staff.getByLabel('What fixed it (the customer reads this)').fill('We replaced the gateway certificate. Payments work again.');
  await staff.getByRole('button', { name: 'Mark solved and ask the customer' }).click();
  await expect(staff.locator('.timeline')).toContainText('Marked solved');
  await staff.screenshot({ path: `${shots}/staff-case.png`, fullPage: true });

  await page.reload();
  await expect(page.getByText('We found a fault in the payment gateway')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Is this solved for you?' })).toBeVisible();
  await page.screenshot({ path: `${shots}/status-solved.png`, fullPage: true });
  await page.locator('.rating-choice').filter({ hasText: '4' }).click();
  await page.getByRole('button', { name: "Yes, it's solved" }).click();
  await expect(page.locator('.stage-now h2')).toHaveText('Closed');
  await expect(page.locator('.timeline')).toContainText('rated our help 4 out of 5');
  await page.screenshot({ path: `${shots}/status-closed.png`, fullPage: true });
});

test('the raise form works with JavaScript off, errors beside their fields', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Your name').fill('Kim Lee');
  await page.getByLabel('Your email').fill('kim.example.com');
  await page.getByRole('button', { name: 'Send to our team' }).click();

  await expect(page.locator('#field-email-error')).toHaveText(/email address like name@example.com/);
  await expect(page.locator('#field-subject-error')).toBeVisible();
  await expect(page.locator('#field-severity-error')).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue('Kim Lee');
  await page.screenshot({ path: `${shots}/raise-errors.png`, fullPage: true });

  await page.getByLabel('Your email').fill('kim@example.com');
  await page.getByLabel('What is the problem, in a few words?').fill('Reports are empty');
  await page.getByLabel('What is happening?').fill('The monthly report shows no rows.');
  await page.getByText('A question').click();
  await page.getByRole('button', { name: 'Send to our team' }).click();
  await expect(page).toHaveURL(/\/cases\/ESC-/);
  await expect(page.locator('.stage-now h2')).toHaveText('Received');
  // Without JavaScript the due time stays in the server's zone, named.
  await expect(page.locator('.guarantee-when')).toContainText('(UTC)');
  await context.close();
});

test('a wrong token shows the same not-found page as a missing case', async ({ page }) => {
  await raise(page, 'Private matter');
  const reference = page.url().match(/ESC-[2-9A-Z]{6}/)![0];
  const wrong = await page.goto(`/cases/${reference}?token=guessed`);
  expect(wrong!.status()).toBe(404);
  await expect(page.getByRole('heading', { name: "We can't find that page" })).toBeVisible();
  await expect(page.getByText('Private matter')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/not-found.png`, fullPage: true });
});

test('a customer who says it is still a problem reopens the case', async ({ page, browser }) => {
  await raise(page, 'Sync stops after an hour');
  const statusUrl = page.url();
  const reference = statusUrl.match(/ESC-[2-9A-Z]{6}/)![0];
  const staff = await browser.newPage();
  await staff.goto('/staff/sign-in');
  await staff.getByLabel('Email').fill('agent@baton.example');
  await staff.getByLabel('Password').fill('baton-demo');
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff.goto(`/staff/cases/${reference}`);
  await openAct(staff, 'Solve');
  await staff.getByLabel('What fixed it (the customer reads this)').fill('We renewed your sync token.');
  await staff.getByRole('button', { name: 'Mark solved and ask the customer' }).click();

  await page.goto(statusUrl);
  await page.getByLabel('What is still wrong?').fill('It stopped again at 8:15.');
  await page.getByRole('button', { name: "No, it's still a problem" }).click();
  await expect(page.locator('.stage-now h2')).toHaveText('Reopened');
  await expect(page.locator('.guarantee-lead')).toHaveText("We'll reply by");

  await staff.goto('/staff');
  await expect(staff.getByRole('row', { name: new RegExp(reference) })).toContainText('Reopened by customer');
});

test('the status page reads well on a phone', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await raise(page, 'Login fails on the app');
  await expect(page.locator('.guarantee-when')).toContainText('(your time)');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/status-phone.png`, fullPage: true });
  await phone.close();
});
