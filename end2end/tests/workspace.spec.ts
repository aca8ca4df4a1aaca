import { expect, test, type Page } from '@playwright/test';
import { compose, raiseCase, raiseCaseIn, shots, signIn } from './support';

/** An open demo case nobody owns (the queue's last), so the suite raises fewer cases. */
async function aDemoCase(page: Page): Promise<string> {
  await page.goto('/staff?owner=nobody');
  const reference = await page.locator('table.queue tbody tr').last().locator('a').first().textContent();
  return reference!.trim();
}

test.describe('the case workspace', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('an agent reads and answers a case without scrolling, and hears the customer live', async ({ page, browser }) => {
    const customer = await browser.newPage();
    const reference = await raiseCaseIn(customer, { subject: 'Exports stop half way', description: 'Every CSV export stops at 50%.', severity: "Something isn't working right", email: 'kim@shop.example' });
    await signIn(page, 'agent@baton.example');
    await page.goto(`/staff/cases/${reference}`);

    // The conversation and its composer are in view; the facts are beside them.
    await expect(page.locator('.conversation-log')).toContainText('Every CSV export stops at 50%.');
    await expect(page.locator('#composer')).toBeInViewport();
    const main = await page.locator('.ws-main').boundingBox();
    const side = await page.locator('.ws-side').boundingBox();
    expect(side!.x).toBeGreaterThan(main!.x + main!.width - 1);
    await expect(page.locator('.ws-side')).toContainText('shop.example');
    // The SLA clock ticks in the side panel.
    const left = page.locator('.clock-left').first();
    await expect(left).toHaveText(/left|late by/);

    // A reply by keyboard: r puts the cursor in the composer, for the customer.
    await page.keyboard.press('r');
    await expect(page.locator('#composer-body')).toBeFocused();
    await expect(page.locator('input[name="visibility"][value="public"]')).toBeChecked();
    await page.keyboard.type('We are looking at the export service now.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.locator('.conversation-log .message-public')).toContainText('We are looking at the export service now.');
    await compose(page, 'Customer is on the big-data plan', 'note');
    await expect(page.locator('.conversation-log .message-internal')).toContainText('big-data plan');

    // The customer writes on their page; the open workspace shows it by itself.
    await customer.reload();
    await customer.getByLabel('Your message').fill('It now stops at 10% too.');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.locator('.conversation-log')).toContainText('It now stops at 10% too.', { timeout: 10_000 });
    await expect(customer.locator('.timeline')).not.toContainText('big-data plan');
    await page.screenshot({ path: `${shots}/staff-workspace-1280.png` });
    await customer.close();
  });

  test('shortcuts, the ? overlay and the command palette', async ({ page }) => {
    await signIn(page, 'agent@baton.example');
    await page.goto(`/staff/cases/${await aDemoCase(page)}`);
    await expect(page.locator('#composer')).toBeVisible();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Escalate');
    await page.screenshot({ path: `${shots}/staff-shortcuts-1280.png` });
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await page.keyboard.type('escal');
    await expect(palette.getByRole('option')).toHaveText([/Escalate/]);
    await page.screenshot({ path: `${shots}/staff-palette-1280.png` });
    await page.keyboard.press('Enter');
    await expect(page.locator('#act-escalate')).toHaveAttribute('open', '');
    await expect(page.locator('#escalate-to_tier')).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'Escalate opened.' })).toHaveCount(1);

    // a: assign to me.
    await page.locator('#act-escalate summary').click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await expect(page.locator('.case-owner')).toHaveText('Ada Lovelace');

    // u: back to the queue the case came from, its filters kept; j picks
    // the first row, o opens it.
    await page.keyboard.press('u');
    await expect(page).toHaveURL(/\/staff\?owner=nobody$/);
    await page.keyboard.press('j');
    await expect(page.locator('table.queue tbody tr').first()).toHaveClass(/row-current/);
    const first = await page.locator('table.queue tbody tr').first().locator('a').first().textContent();
    const second = await page.locator('table.queue tbody tr').nth(1).locator('a').first().textContent();
    await page.keyboard.press('o');
    await expect(page).toHaveURL(new RegExp(`/staff/cases/${first}$`));
    // j on a case goes to the next case of the queue as it was shown, u back to it.
    await page.keyboard.press('j');
    await expect(page).toHaveURL(new RegExp(`/staff/cases/${second}$`));
    await page.keyboard.press('k');
    await expect(page).toHaveURL(new RegExp(`/staff/cases/${first}$`));
    await page.keyboard.press('u');
    await expect(page).toHaveURL(/\/staff\?owner=nobody$/);
  });
});

test('the queue changes live, and picked cases are assigned in one go', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'specialist@baton.example');
  await page.goto('/staff?owner=nobody');
  await expect(page.locator('#bulk')).toBeVisible();

  // A new case appears without a reload, the filters kept.
  const reference = await raiseCase(browser, { subject: 'Live queue check', description: 'Nothing loads.', severity: "Something isn't working right" });
  await expect(page.locator('table.queue')).toContainText(reference, { timeout: 10_000 });
  expect(page.url()).toMatch(/owner=nobody$/);

  const second = await raiseCase(browser, { subject: 'Live queue check two', description: 'Still nothing.', severity: "Something isn't working right" });
  await expect(page.locator('table.queue')).toContainText(second, { timeout: 10_000 });
  await page.getByLabel(`Pick ${reference}`).check();
  await page.getByLabel(`Pick ${second}`).check();
  await page.screenshot({ path: `${shots}/staff-queue-bulk-1280.png` });
  await page.getByRole('button', { name: 'Assign picked to me' }).click();
  await expect(page.locator('.form-alert')).toHaveCount(0);
  await expect(page).toHaveURL(/owner=nobody$/);
  await expect(page.locator('table.queue')).not.toContainText(reference);
  await page.goto('/staff?owner=me');
  await expect(page.locator('table.queue')).toContainText(reference);
  await expect(page.locator('table.queue')).toContainText(second);
});

test('at 360 px the workspace stacks and still works', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page, 'agent@baton.example');
  await page.goto(`/staff/cases/${await aDemoCase(page)}`);
  await expect(page.locator('.conversation-log .message-customer').first()).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(360);
  await compose(page, 'We are on it.');
  await expect(page.locator('.conversation-log .message-public').last()).toContainText('We are on it.');
  await page.screenshot({ path: `${shots}/staff-workspace-360.png`, fullPage: true });
  await page.goto('/staff');
  await page.screenshot({ path: `${shots}/staff-queue-360.png`, fullPage: true });
});
