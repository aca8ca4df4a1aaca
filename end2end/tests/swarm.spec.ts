import { expect, test } from '@playwright/test';
import { shots, signIn, raiseCase } from './support';

test('a specialist swarms an S1 case, pulls in a manager, and closes it with a summary', async ({ page, browser }) => {
  const reference = await raiseCase(browser, { subject: 'Checkout is down for everyone', description: 'No payment has gone through since 9:00.', severity: "Everything is down for us" });
  await signIn(page, 'specialist@baton.example');
  await page.goto(`/staff/cases/${reference}`);
  const swarm = page.locator('#swarm');
  await expect(swarm.locator('.swarm-suggestion')).toContainText('S1 case');

  // Left empty, the facilitator is the specialist who starts it.
  await swarm.getByRole('button', { name: 'Start a swarm' }).click();
  await expect(swarm.locator('.swarm-status')).toContainText('Open');
  await expect(swarm.locator('.swarm-facilitator')).toHaveText('Alan Turing');
  await expect(swarm.locator('.swarm-suggestion')).toHaveCount(0);

  await swarm.getByLabel('Pull in a member of staff (email)').fill('manager@baton.example');
  await swarm.getByRole('button', { name: 'Add to swarm' }).click();
  await expect(swarm.locator('.swarm-members')).toContainText('Grace Hopper');

  await swarm.getByLabel('Note or decision').fill('The gateway answers 502 since the 4.2 deploy');
  await swarm.getByRole('button', { name: 'Post note' }).click();
  await expect(swarm.locator('.swarm-entry[data-kind="note"]')).toContainText('The gateway answers 502');

  await swarm.getByLabel('Note or decision').fill('Roll back 4.2 now');
  await swarm.getByRole('button', { name: 'Record decision' }).click();
  await expect(swarm.locator('.swarm-entry[data-kind="decision"]')).toContainText('Roll back 4.2 now');

  await swarm.getByLabel('Summary (what the swarm found and decided)').fill('Rolled back 4.2; payments flow again');
  await swarm.getByRole('button', { name: 'Close swarm' }).click();
  await expect(swarm.locator('.swarm-summary')).toHaveText('Rolled back 4.2; payments flow again');
  await expect(swarm.locator('.swarm-time')).toContainText(/Time in swarm: \d+ (h|min)/);
  await expect(swarm.locator('.swarm-entries')).toContainText('Roll back 4.2 now');
  await expect(page.locator('.timeline')).toContainText('Swarm closed after');
  await page.screenshot({ path: `${shots}/staff-swarm-closed.png`, fullPage: true });
});
