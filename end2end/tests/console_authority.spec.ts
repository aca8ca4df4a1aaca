import { expect, test } from '@playwright/test';
import { openAct, shots, signIn, raiseCase, raiseCaseIn } from './support';

test('an L1 agent escalates to L2 with a handoff note and the specialist sees it first', async ({ page, browser }) => {
  const reference = await raiseCase(browser, { subject: 'Sign-in is down for everyone', description: 'Nobody in our team can sign in since 9:00.', severity: "Everything is down for us" });
  await signIn(page, 'agent@baton.example');
  await page.goto(`/staff/cases/${reference}`);
  await openAct(page, 'Escalate');
  const escalate = page.locator('form', { has: page.getByRole('button', { name: 'Escalate' }) });
  await escalate.getByLabel('To tier').selectOption('L2');
  await escalate.getByLabel('Why (for the team only)').fill('Needs the identity team');
  await escalate.getByLabel('What was tried').fill('Restarted the sign-in service');
  await escalate.getByLabel('What is known').fill('All tenants, since 9:00');
  await escalate.getByLabel('What the customer was told').fill('We are on it');
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  await expect(page.locator('.handoff')).toContainText('Restarted the sign-in service');

  const specialist = await browser.newPage();
  await signIn(specialist, 'specialist@baton.example');
  await specialist.goto('/staff?tier=L2');
  await expect(specialist.locator('.queue')).toContainText(reference);
  await specialist.goto(`/staff/cases/${reference}`);
  const handoff = specialist.locator('.handoff');
  await expect(handoff).toContainText('All tenants, since 9:00');
  const first = await specialist.locator('main .card').first().getAttribute('class');
  expect(first).toContain('handoff');
  await specialist.screenshot({ path: `${shots}/staff-handoff-first.png`, fullPage: true });
  await specialist.close();
});

test('an admin sees the authority grid and ops edit the jargon list', async ({ page, browser }) => {
  await signIn(page, 'admin@baton.example');
  await page.goto('/admin/authority');
  await expect(page.getByRole('heading', { name: 'Authority matrix' })).toBeVisible();
  await expect(page.getByLabel('manager may mark s1 cases solved at L1')).toBeChecked();
  await expect(page.getByLabel('agent may mark s1 cases solved at L1')).not.toBeChecked();
  await page.screenshot({ path: `${shots}/admin-authority.png`, fullPage: true });

  const ops = await browser.newPage();
  await signIn(ops, 'ops@baton.example');
  await ops.goto('/ops/jargon');
  const list = ops.locator('#jargon-source');
  await expect(list).toHaveValue(/ticket -> your case/);
  const original = await list.inputValue();
  await list.fill(`${original}synergy ->\n`);
  await ops.getByRole('button', { name: 'Save the list' }).click();
  await expect(ops.locator('#jargon-source-error')).toContainText('Line');
  await expect(list).toHaveValue(/synergy ->/);
  await ops.screenshot({ path: `${shots}/ops-jargon-error.png`, fullPage: true });
  await list.fill(`${original}synergy -> working together\n`);
  await ops.getByRole('button', { name: 'Save the list' }).click();
  await expect(list).toHaveValue(/synergy -> working together/);
  await ops.close();
});

test('an agent is refused a large credit with who may, grants a small one, and a manager declares a major incident', async ({ page, browser }) => {
  const reference = await raiseCase(browser, { subject: 'Checkout fails for all shoppers', description: 'Every payment fails since 8:00.', severity: "Everything is down for us" });
  await signIn(page, 'agent@baton.example');
  await page.goto(`/staff/cases/${reference}`);
  await openAct(page, 'Credit or major incident');
  const credit = page.locator('form', { has: page.getByRole('button', { name: 'Grant credit' }) });
  await credit.getByLabel('Amount').fill('300');
  await credit.getByLabel('Why (for the team)').fill('A morning of lost sales');
  await credit.getByRole('button', { name: 'Grant credit' }).click();
  await expect(page.locator('.form-alert')).toContainText('up to 50 at L1');
  await expect(page.locator('.form-alert')).toContainText('manager');
  await expect(page.getByLabel('Amount')).toHaveValue('300');
  await page.screenshot({ path: `${shots}/staff-credit-refused.png`, fullPage: true });
  // The refusal reopens the card with what was typed.
  await page.getByLabel('Amount').fill('40');
  await page.getByRole('button', { name: 'Grant credit' }).click();
  await expect(page.locator('.timeline')).toContainText('Credit of 40 granted: A morning of lost sales');

  const manager = await browser.newPage();
  await signIn(manager, 'manager@baton.example');
  await manager.goto(`/staff/cases/${reference}`);
  await openAct(manager, 'Credit or major incident');
  await manager.getByLabel('What is happening (for the team)').fill('Payments down for every shop');
  await manager.getByRole('button', { name: 'Declare a major incident' }).click();
  await expect(manager.locator('.major-incident')).toContainText('Major incident since');
  await manager.screenshot({ path: `${shots}/staff-major-incident.png`, fullPage: true });
  await manager.close();
});

test('an agent takes the management path: a manager oversees the case, sees the note first, and the customer reads plain words', async ({ page, browser }) => {
  const customer = await browser.newPage();
  const reference = await raiseCaseIn(customer, { subject: 'Third outage this month', description: 'We are considering other providers.', severity: "Something isn't working right" });

  await signIn(page, 'agent@baton.example');
  await page.goto(`/staff/cases/${reference}`);
  await openAct(page, 'Management');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Bring in management' }) });
  await form.getByLabel('Who oversees the case').selectOption('manager');
  await form.getByLabel('Why (for the team only)').fill('Renewal at risk');
  await form.getByLabel('What was tried').fill('Apologised and credited');
  await form.getByLabel('What is known').fill('Third outage in a month');
  await form.getByLabel('What the customer was told').fill('A manager will call today');
  await form.getByRole('button', { name: 'Bring in management' }).click();
  await expect(page.locator('.overseen-by')).toHaveText('Team manager');

  const manager = await browser.newPage();
  await signIn(manager, 'manager@baton.example');
  await manager.goto(`/staff/cases/${reference}`);
  const handoff = manager.locator('.handoff');
  await expect(handoff).toContainText('Management brought in');
  await expect(handoff).toContainText('A manager will call today');
  await manager.screenshot({ path: `${shots}/staff-management-path.png`, fullPage: true });
  await manager.close();

  await customer.reload();
  await expect(customer.locator('main')).toContainText('A manager is now overseeing your case.');
  await expect(customer.locator('main')).not.toContainText('Renewal at risk');
  await customer.screenshot({ path: `${shots}/status-management.png`, fullPage: true });
  await customer.close();
});
