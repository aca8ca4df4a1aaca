import { expect, test } from '@playwright/test';
import { shots, signIn } from './support';

test('a commander runs the checklist from a playbook while a follower watches the war room live, and customers see the known problem before they raise a case', async ({ page, browser }) => {
  await signIn(page, 'manager@baton.example');
  await page.goto('/staff/incidents');
  await page.getByLabel("Title, in customers' words").fill('Exports time out');
  await page.getByLabel('What customers cannot do').fill('You cannot download your monthly report.');
  await page.getByLabel('Playbook').selectOption({ label: 'Service outage' });
  await page.getByRole('button', { name: 'Declare' }).click();
  await expect(page).toHaveURL(/\/staff\/incidents\/INC-/);
  const room = new URL(page.url()).pathname;
  const tasks = page.locator('.incident-task');
  await expect(tasks).toHaveCount(6);
  await expect(tasks.first()).toContainText('Grace Hopper');

  // An agent follows the incident in their own session: no forms, but live.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, 'agent@baton.example');
  await agent.goto(room);
  await expect(agent.locator('.read-only')).toContainText('You are following this incident');
  await expect(agent.getByRole('button', { name: 'Publish update' })).toHaveCount(0);
  // No need to wait for the live island: it asks for what changed since
  // the version the page was rendered at.

  await tasks.first().getByRole('button', { name: 'Mark done' }).click();
  await expect(page.locator('.incident-task.done')).toHaveCount(1);
  await expect(agent.locator('.incident-task.done')).toHaveCount(1, { timeout: 15_000 });
  await expect(agent.locator('.timeline')).toContainText('Task done: Confirm what is down and since when.');
  await agent.screenshot({ path: `${shots}/war-room-follower.png`, fullPage: true });

  // Preview an update before it goes out.
  await page.getByLabel('What is affected').fill('Monthly report downloads.');
  await page.getByLabel('What we know').fill('The export service is overloaded.');
  await page.getByLabel('What we are doing').fill('We are adding capacity.');
  await page.getByLabel('Next update by').fill(new Date(Date.now() + 30 * 60_000).toISOString());
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.update-preview')).toContainText('We are adding capacity.');
  await expect(page.getByLabel('What we are doing')).toHaveValue('We are adding capacity.');
  await page.screenshot({ path: `${shots}/war-room-checklist-preview.png`, fullPage: true });

  // Customers about to raise a case read that we know.
  await page.getByRole('button', { name: 'Tell customers on the raise form' }).click();
  const customer = await browser.newPage();
  await customer.goto('/');
  await expect(customer.locator('.known-problem')).toContainText('Exports time out');
  await expect(customer.locator('.known-problem')).toContainText('You cannot download your monthly report.');
  await customer.screenshot({ path: `${shots}/raise-known-problem.png`, fullPage: true });

  // Leave the world as it was for the other journeys.
  await page.getByRole('button', { name: 'Stop telling customers on the raise form' }).click();
  await customer.reload();
  await expect(customer.locator('.known-problem')).toHaveCount(0);
  await page.getByLabel('What fixed it, for customers').fill('We added capacity. Exports work again.');
  await page.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(page.locator('.incident-head')).toHaveAttribute('data-state', 'resolved');
  await agentContext.close();
});
