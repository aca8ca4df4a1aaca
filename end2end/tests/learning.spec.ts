import { expect, test } from '@playwright/test';
import { openAct, raiseCase, shots, signIn } from './support';

// The loop review → action → article → the next customer: an S1 case is
// solved, its review is due and written with an action, an article is
// published from it, and the next customer typing a similar problem is
// offered that article before they raise anything. Then a report is
// drilled down to the cases behind a number.
test('a solved S1 case is reviewed, becomes an article, and answers the next customer', async ({ page, browser }) => {
  const reference = await raiseCase(browser, {
    subject: 'Webhook deliveries stop after a password change',
    description: 'Since we changed the admin password, no webhook reaches our server.',
    severity: 'Everything is down for us',
    email: 'lee@harbour.example',
  });

  await signIn(page, 'manager@baton.example');
  await page.goto(`/staff/cases/${reference}`);
  await openAct(page, 'Solve');
  await page.getByLabel('What fixed it (the customer reads this)').fill(
    'Webhooks sign in with the old password. Open Settings, then Webhooks, and press Reconnect.',
  );
  await page.getByRole('button', { name: 'Mark solved and ask the customer' }).click();
  await expect(page.locator('.timeline')).toContainText('Marked solved');

  // The review is due, with an owner and a date.
  await page.getByRole('link', { name: 'Reviews', exact: true }).click();
  await expect(page).toHaveURL(/\/staff\/reviews$/);
  await page.getByRole('link', { name: reference }).click();
  await expect(page.locator('.review-timeline')).toContainText('Raised by web as S1');
  await page.getByLabel('Summary: what happened').fill('Webhooks failed for every customer who changed their admin password.');
  await page.getByLabel('Impact on the customer').fill('Their systems stopped hearing about new orders.');
  await page.getByLabel('Root cause').selectOption('software_defect');
  await page.getByLabel('We did not notice in time').check();
  await page.getByLabel('What went well').fill('The fix was a button customers already had.');
  // Blameless: a name is refused beside its field.
  await page.getByLabel('What went wrong', { exact: true }).fill('Grace Hopper did not test the password change.');
  await page.getByRole('button', { name: 'Save the review' }).click();
  await expect(page.locator('.field-error').first()).toContainText('blameless');
  await page.getByLabel('What went wrong', { exact: true }).fill('Nothing tested webhooks after a password change.');
  await page.getByRole('button', { name: 'Save the review' }).click();
  await expect(page.getByText('Written. You can improve it')).toBeVisible();
  await page.getByLabel('Action', { exact: true }).fill('Test webhooks after every password change');
  await page.getByLabel('Owner (staff email)').fill('ops@baton.example');
  await page.getByLabel('Due date').fill('2099-03-31');
  await page.getByRole('button', { name: 'Add the action' }).click();
  await expect(page.locator('.review-actions')).toContainText('Test webhooks after every password change');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}/staff-review-1280.png`, fullPage: true });

  // An article from the case, public.
  await page.getByRole('link', { name: 'Write a knowledge-base article from this case' }).click();
  await expect(page.getByLabel('The answer')).toHaveValue(/Reconnect/);
  await page.getByLabel('Title: the customer\'s question').fill('Webhooks stop after a password change');
  await page.getByLabel('Everyone (help centre and suggestions)').check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Saved');

  // The next customer, typing a similar problem, is offered it at once.
  const next = await browser.newPage();
  await next.goto('/');
  await next.getByLabel('What is the problem, in a few words?').fill('webhooks stopped');
  const offered = next.locator('.help-suggestions');
  await expect(offered).toContainText('Webhooks stop after a password change');
  await next.setViewportSize({ width: 360, height: 800 });
  await next.screenshot({ path: `${shots}/raise-suggestions-360.png`, fullPage: true });
  await expect(offered.getByRole('link', { name: 'Webhooks stop after a password change' })).toHaveAttribute('href', '/help/webhooks-stop-after-a-password-change');
  await next.goto('/help/webhooks-stop-after-a-password-change');
  await expect(next.getByRole('heading', { name: 'Webhooks stop after a password change' })).toBeVisible();
  await next.getByRole('button', { name: "Yes, I don't need to raise a case" }).click();
  await expect(next.getByRole('status')).toContainText("glad it helped");
  await next.screenshot({ path: `${shots}/help-article-360.png`, fullPage: true });
  await next.close();

  // A report, drilled down to the cases behind a number.
  await page.goto('/staff/reports?by=severity');
  await expect(page.locator('svg.report-chart')).toBeVisible();
  await page.locator('.report-table').first().getByRole('link', { name: 'S1', exact: true }).click();
  await expect(page.locator('#cases')).toContainText(reference);
  await page.screenshot({ path: `${shots}/staff-reports-1280.png`, fullPage: true });
});
