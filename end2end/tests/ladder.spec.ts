import { expect, test } from '@playwright/test';
import { openAct, shots, signIn, raiseCase } from './support';

test('ops add a tier to the ladder in the grid, an agent escalates into it, and ops put the ladder back', async ({ page, browser }) => {
  await signIn(page, 'ops@baton.example');
  await page.goto('/ops/tiers');
  await expect(page.getByLabel('Code, row 4')).toHaveValue('Executive');
  await page.getByLabel('Order, row 5').fill('2');
  await page.getByLabel('Code, row 5').fill('Partner');
  await page.getByLabel('Who works there, row 5').fill('Partner engineers');
  await page.getByLabel('Customers read, row 5').fill('the L2 partner desk');
  await page.getByLabel('Responds within, row 5').fill('30');
  await page.getByRole('button', { name: 'Save the ladder' }).click();
  await expect(page.getByRole('alert')).toContainText('customer words must not name a tier');
  await expect(page.getByLabel('Code, row 5')).toHaveValue('Partner');
  await page.getByLabel('Customers read, row 5').fill('our partner engineers');
  await page.getByRole('button', { name: 'Save the ladder' }).click();
  await expect(page.locator('.tiers tbody tr').nth(1)).toContainText('Partner');
  await page.screenshot({ path: `${shots}/ops-ladder.png`, fullPage: true });

  const reference = await raiseCase(browser, { subject: 'Partner API rejects orders', description: 'Every order to the partner fails.', severity: "Something isn't working right" });
  const agent = await browser.newPage();
  await signIn(agent, 'agent@baton.example');
  await agent.goto(`/staff/cases/${reference}`);
  await openAct(agent, 'Escalate');
  const escalate = agent.locator('form', { has: agent.getByRole('button', { name: 'Escalate' }) });
  await expect(escalate.getByLabel('To tier')).toHaveValue('Partner');
  await escalate.getByLabel('Why (for the team only)').fill('Their side');
  await escalate.getByLabel('What was tried').fill('Resent two orders');
  await escalate.getByLabel('What is known').fill('Partner returns 500');
  await escalate.getByLabel('What the customer was told').fill('We asked our partner');
  await escalate.getByRole('button', { name: 'Escalate' }).click();
  await expect(agent.locator('.case-tier')).toHaveText('Partner');

  // A tier with an open case cannot leave the ladder.
  await page.goto('/ops/tiers');
  await expect(page.getByLabel('Code, row 2')).toHaveValue('Partner');
  const blankPartner = async () => {
    for (const field of ['Code', 'Who works there', 'Customers read']) {
      await page.getByLabel(`${field}, row 2`).fill('');
    }
    await page.getByRole('button', { name: 'Save the ladder' }).click();
  };
  await blankPartner();
  await expect(page.getByRole('alert')).toContainText('no longer has Partner');

  // Once the case is handed back, the default ladder returns for the other journeys.
  await agent.goto(`/staff/cases/${reference}`);
  await openAct(agent, 'Hand back');
  const back = agent.locator('form', { has: agent.getByRole('button', { name: 'Hand back' }) });
  await back.getByLabel('Why (for the team only)').fill('Partner fixed it');
  await back.getByLabel('What was tried').fill('Partner redeployed');
  await back.getByLabel('What is known').fill('Orders flow again');
  await back.getByLabel('What the customer was told').fill('It works again');
  await back.getByRole('button', { name: 'Hand back' }).click();
  await expect(agent.locator('.case-tier')).toHaveText('L1');
  await agent.close();
  await page.goto('/ops/tiers');
  await blankPartner();
  await expect(page.locator('.tiers tbody tr')).toHaveCount(4);
});
