import { expect, test } from '@playwright/test';
import { openAct, shots, signIn, raiseCase } from './support';

test('an agent re-rates and retypes a case, escalates it, and the RACI matrix hands it to the specialist', async ({ page, browser }) => {
  const reference = await raiseCase(browser, { subject: 'Refunds missing', description: 'Refunds from last week never arrived.', severity: "Something isn't working right", email: 'kim@shop.example' });
  await signIn(page, 'agent@baton.example');
  await page.goto(`/staff/cases/${reference}`);
  await expect(page.locator('.raci')).toContainText('Who does what: Technical problem, triage');

  await page.getByLabel('Severity', { exact: true }).selectOption('S1');
  await page.getByRole('button', { name: 'Change severity' }).click();
  await expect(page.locator('.timeline')).toContainText('→ S1.');
  await page.getByLabel('Escalation type').selectOption('security');
  await page.getByRole('button', { name: 'Change type' }).click();
  await expect(page.locator('.raci')).toContainText('Security');
  await expect(page.locator('.raci')).toContainText('specialist');
  // Back to technical: specialists are Responsible for its fixes.
  await page.getByLabel('Escalation type').selectOption('technical');
  await page.getByRole('button', { name: 'Change type' }).click();
  await expect(page.locator('.timeline')).toContainText('Type changed security → technical.');

  await openAct(page, 'Escalate');
  const escalate = page.locator('form', { has: page.getByRole('button', { name: 'Escalate' }) });
  await escalate.getByLabel('To tier').selectOption('L2');
  await escalate.getByLabel('Why (for the team only)').fill('Looks like fraud');
  await escalate.getByLabel('What was tried').fill('Checked the refund ids');
  await escalate.getByLabel('What is known').fill('Three refunds, one card');
  await escalate.getByLabel('What the customer was told').fill('We are checking');
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  await expect(page.locator('.case-owner')).toHaveText('Alan Turing');
  await page.screenshot({ path: `${shots}/staff-case-raci.png`, fullPage: true });

  await page.goto('/staff?escalation_type=technical&severity=S1');
  await expect(page.locator('.queue')).toContainText(reference);
});

test('ops see the RACI grid, the tiers with their members, and the key accounts', async ({ page }) => {
  await signIn(page, 'ops@baton.example');
  await page.goto('/ops/raci');
  await expect(page.getByRole('heading', { name: 'Escalation types and RACI' })).toBeVisible();
  await expect(page.getByLabel('manager accountable at Billing: Fix')).toBeChecked();
  await page.screenshot({ path: `${shots}/ops-raci.png`, fullPage: true });
  await page.getByRole('button', { name: 'Save the grid' }).click();
  await expect(page).toHaveURL(/\/ops\/raci$/);
  await expect(page.getByText('Last changed')).toContainText('ops@baton.example');

  await page.goto('/ops/tiers');
  await expect(page.locator('.tiers')).toContainText('Alan Turing (specialist)');
  await page.screenshot({ path: `${shots}/ops-tiers.png`, fullPage: true });

  await page.goto('/ops/sponsors');
  await page.getByLabel('Settings (JSON)').fill(JSON.stringify({
    accounts: [{ domain: 'shop.example', name: 'Shop & Co', sponsors: [{ email: 'manager@baton.example', from: '2020-01-01' }] }],
    rules: { on_s1: true, reopened_times: 2 },
    ask: 'Call their CFO today.',
  }, null, 2));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.sponsors')).toContainText('Shop & Co');
  await expect(page.locator('.sponsors')).toContainText('manager@baton.example');
  await page.screenshot({ path: `${shots}/ops-sponsors.png`, fullPage: true });
});
