import { expect, test } from '@playwright/test';
import { raiseCase, shots, signIn } from './support';

test('ops write a rule, backtest it, shadow it, make it active and watch it fire on a new case; an agent acts on it from the early-warning desk; a manager approves the swarm it asks for', async ({ page, browser }) => {
  const earlier = await raiseCase(browser, { subject: 'Zebra export fails', description: 'The zebra report times out.', severity: "Something isn't working right", email: 'zoe@example.com' });

  await signIn(page, 'ops@baton.example');
  await page.goto('/ops/rules');
  await expect(page.locator('tr[data-rule="repeat-contacts"]')).toContainText('example');
  await page.getByLabel('Name').fill('zebra-watch');
  await page.getByLabel('Rule', { exact: true }).fill('# Anything about zebras\nwhen open and text contains "zebra"\nthen flag_at_risk\nthen alert manager');
  await page.getByLabel('Backtest over the last (days)').fill('7');
  await page.getByRole('button', { name: 'Backtest' }).click();
  await expect(page.locator('.backtest')).toContainText('Precision');
  await expect(page.locator('.backtest')).toContainText(earlier);
  await expect(page.getByLabel('Name')).toHaveValue('zebra-watch');
  await page.screenshot({ path: `${shots}/rules-backtest.png`, fullPage: true });

  // The same rule from the form: rows and ticks become the rule's text.
  await page.getByLabel('Condition 1: fact').fill('open');
  await page.getByLabel('Condition 2: fact').fill('text contains');
  await page.getByLabel('Condition 2: value').fill('zebra');
  await page.getByRole('checkbox', { name: 'flag at risk' }).check();
  await page.getByLabel('Alert a role (e.g. manager)').fill('manager');
  await page.getByRole('button', { name: 'Write it as a rule' }).click();
  await expect(page.getByLabel('Rule', { exact: true })).toHaveValue('when open and text contains "zebra"\nthen flag_at_risk\nthen alert manager\n');
  await expect(page.getByLabel('Name')).toHaveValue('zebra-watch');
  await page.screenshot({ path: `${shots}/rules-form.png`, fullPage: true });

  // A mistake names its line.
  await page.getByLabel('Rule', { exact: true }).fill('when open\n  and mood > 3\nthen flag_at_risk');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.rule-editor .field-error')).toContainText('line 2');

  await page.getByLabel('Rule', { exact: true }).fill('# Anything about zebras\nwhen open and text contains "zebra"\nthen flag_at_risk\nthen alert manager');
  await page.getByLabel('Mode').selectOption('shadow');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/ops\/rules\?rule=zebra-watch/);
  await expect(page.locator('tr[data-rule="zebra-watch"]')).toContainText('shadow');
  await page.getByLabel('Mode').selectOption('active');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('tr[data-rule="zebra-watch"]')).toContainText('active');
  await expect(page.locator('tr[data-rule="zebra-watch"]')).toContainText('v2 by ops@baton.example');

  // A new case about zebras: the rule fires on it within a sweep or two.
  const fresh = await raiseCase(browser, { subject: 'Zebra invoices are blank', description: 'Every zebra invoice is empty.', severity: 'A question', email: 'zack@example.com' });
  await expect(async () => {
    await page.reload();
    await expect(page.locator('.rule-firings')).toContainText(fresh);
  }).toPass({ timeout: 45_000 });
  await page.screenshot({ path: `${shots}/rules-firing-log.png`, fullPage: true });

  // The desk lists it with the rule as a reason; an agent calls, no sign-off.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, 'agent@baton.example');
  await agent.goto('/staff/early-warning');
  const entry = agent.locator(`.risk-case[data-reference="${fresh}"]`);
  await expect(entry).toContainText('rule zebra-watch flagged it');
  await entry.getByLabel('Act').selectOption('call');
  await entry.getByPlaceholder("What you did, or the update's words").fill('Called Zack; a fix is coming today.');
  await entry.getByRole('button', { name: 'Record' }).click();
  await expect(agent.locator(`.risk-case[data-reference="${fresh}"]`)).toContainText('Last action: call by Ada Lovelace');
  await agent.screenshot({ path: `${shots}/early-warning-desk.png`, fullPage: true });

  // A high-impact action waits for a person: a new version asks for a swarm,
  // a new zebra case sets it off, and a manager approves it on the desk.
  await page.getByLabel('Rule', { exact: true }).fill('# Anything about zebras\nwhen open and text contains "zebra"\nthen flag_at_risk\nthen start_swarm');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('tr[data-rule="zebra-watch"]')).toContainText('v3 by ops@baton.example');
  const serious = await raiseCase(browser, { subject: 'Zebra payments bounce', description: 'Every zebra payment bounces.', severity: 'A question', email: 'zara@example.com' });
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signIn(manager, 'manager@baton.example');
  const approval = manager.locator('.approval', { hasText: serious });
  await expect(async () => {
    await manager.goto('/staff/early-warning');
    await expect(approval).toContainText('start swarm');
  }).toPass({ timeout: 45_000 });
  await manager.screenshot({ path: `${shots}/early-warning-approval.png`, fullPage: true });
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(manager.locator('.approval', { hasText: serious })).toHaveCount(0);
  await manager.goto(`/staff/cases/${serious}`);
  await expect(manager.locator('#swarm .swarm-status')).toContainText('Open');
  await expect(manager.locator('#swarm .swarm-facilitator')).toHaveText('Grace Hopper');
  await managerContext.close();

  // Leave the world as it was: the rule off again.
  await page.getByLabel('Mode').selectOption('off');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('tr[data-rule="zebra-watch"]')).toContainText('off');
  await agentContext.close();
});
