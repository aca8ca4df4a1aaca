import { expect, test } from '@playwright/test';

const shots = 'screenshots';

// Changes only the web acknowledgement, which no other journey reads.
test('support ops edit the acknowledgement, see a jargon warning, publish, and the next new case reads it', async ({ page, browser }) => {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill('ops@baton.example');
  await page.getByLabel('Password').fill('baton-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.goto('/ops/templates');
  await expect(page.getByRole('heading', { name: 'Customer templates' })).toBeVisible();
  await page.screenshot({ path: `${shots}/ops-templates.png`, fullPage: true });
  await page.locator('a[href="/ops/templates/acknowledgement/web/en"]').click();
  await expect(page).toHaveURL(/\/ops\/templates\/acknowledgement\/web\/en$/);
  await expect(page.locator('code', { hasText: '{{ customer_name }}' })).toBeVisible();
  await expect(page.locator('.highlighted-source .tpl-placeholder').first()).toBeVisible();

  await page.getByLabel('Template').fill(
    "Thanks, {{ customer_name }}. Your ticket {{ reference }} is with us. We'll reply by {{ due_time }} ({{ zone }}).",
  );
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.preview-text')).toHaveText(
    "Thanks, Dana. Your ticket ESC-7Q4K2M is with us. We'll reply by Thu 26 Nov, 14:00 (your time).",
  );
  await expect(page.locator('.warning[data-code="jargon"]')).toContainText('"ticket" is an internal word');
  await page.screenshot({ path: `${shots}/ops-template-preview.png`, fullPage: true });

  await page.getByLabel('Template').fill(
    "Thanks, {{ customer_name }}. We have your case {{ reference }}. We'll reply by {{ due_time }} ({{ zone }}).",
  );
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(/\/ops\/templates\/acknowledgement\/web\/en$/);
  await expect(page.getByText(/Customers now read version \d+\./)).toBeVisible();
  await expect(page.locator('.versions')).toContainText('Katherine Johnson');

  const customer = await browser.newPage();
  await customer.goto('/');
  await customer.getByLabel('Your name').fill('Kim Lee');
  await customer.getByLabel('Your email').fill('kim@example.com');
  await customer.getByLabel('What is the problem, in a few words?').fill('Reports are empty');
  await customer.getByLabel('What is happening?').fill('Every report shows no rows since Monday.');
  await customer.getByText("Something isn't working right").click();
  await customer.getByRole('button', { name: 'Send to our team' }).click();
  await expect(customer).toHaveURL(/\/cases\/ESC-[2-9A-HJ-NP-Z]{6}\?token=/);
  const reference = customer.url().match(/ESC-[2-9A-Z]{6}/)![0];
  await expect(customer.locator('.acknowledgement')).toContainText(
    `Thanks, Kim Lee. We have your case ${reference}. We'll reply by`,
  );
});
