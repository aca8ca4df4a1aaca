import { expect, test } from '@playwright/test';
import { shots, signIn } from './support';

test('support ops fix a calendar mistake the page points to by line, then save it', async ({ page }) => {
  await signIn(page, 'ops@baton.example');
  await page.goto('/ops/sla');
  const calendar = page.locator('#calendar-source');
  const original = await calendar.inputValue();
  await calendar.fill('timezone = "Europe/Berlin"\n[hours]\nmon = ["17:00-09:00"]\n');
  await page.locator('#calendar').getByRole('button', { name: 'Check and save' }).click();
  await expect(page.locator('#calendar-source-error')).toContainText('Line 3');
  await page.screenshot({ path: `${shots}/ops-sla-error.png`, fullPage: true });
  await page.locator('#calendar-source').fill('timezone = "Europe/Berlin"\n[hours]\nmon = ["09:00-17:00"]\ntue = ["09:00-17:00"]\n');
  await page.locator('#calendar').getByRole('button', { name: 'Check and save' }).click();
  await expect(page.locator('#calendar-source')).toHaveValue(/tue = \["09:00-17:00"\]/);
  await expect(page.locator('#calendar')).toContainText('by ops@baton.example');
  // Put the around-the-clock calendar back: the other journeys share this server.
  await page.locator('#calendar-source').fill(original);
  await page.locator('#calendar').getByRole('button', { name: 'Check and save' }).click();
  await expect(page.locator('#calendar-source')).toHaveValue(original);
});

test('the accountable manager sees the SLA warning the engine fired', async ({ page }) => {
  await signIn(page, 'manager@baton.example');
  await page.goto('/staff/alerts');
  await expect(page.locator('.alerts')).toContainText('At risk: first response');
  await page.screenshot({ path: `${shots}/staff-alerts.png`, fullPage: true });
});
