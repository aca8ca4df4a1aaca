// Steps the browser journeys share: signing in as demo staff and raising a
// case as a customer in a page of its own.
import { expect, type Browser, type Page } from '@playwright/test';

export const shots = 'screenshots';

export async function signIn(page: Page, email: string) {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('baton-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

export interface NewCase {
  subject: string;
  description: string;
  /** The words of the severity choice on the form. */
  severity: string;
  email?: string;
}

/** Opens one of the case workspace's acts ("Escalate", "Solve"...) by its button. */
export async function openAct(page: Page, label: string) {
  await page.locator('.action-bar summary', { hasText: new RegExp(`^${label}$`) }).click();
}

/** Writes in the case workspace's composer: a reply, or an internal note. */
export async function compose(page: Page, text: string, kind: 'reply' | 'note' = 'reply') {
  const composer = page.locator('#composer');
  await composer.getByRole('radio', { name: kind === 'reply' ? 'Reply to the customer' : 'Internal note' }).check();
  await composer.getByLabel('Message', { exact: true }).fill(text);
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Raises a case through the web form; returns its reference. */
export async function raiseCase(browser: Browser, c: NewCase): Promise<string> {
  const customer = await browser.newPage();
  const reference = await raiseCaseIn(customer, c);
  await customer.close();
  return reference;
}

/** Raises a case in `customer`, which stays on the status page; returns its reference. */
export async function raiseCaseIn(customer: Page, c: NewCase): Promise<string> {
  await customer.goto('/');
  await customer.getByLabel('Your name').fill('Kim Lee');
  await customer.getByLabel('Your email').fill(c.email ?? 'kim@example.com');
  await customer.getByLabel('What is the problem, in a few words?').fill(c.subject);
  await customer.getByLabel('What is happening?').fill(c.description);
  await customer.getByText(c.severity).click();
  // The suite raises many cases from one address: past the per-address
  // limit, wait as the form asks (it keeps what was typed) and send again.
  const busy = customer.getByRole('alert').filter({ hasText: /Please wait \d+ seconds/ });
  for (let tries = 0; tries < 3; tries++) {
    await customer.getByRole('button', { name: 'Send to our team' }).click();
    const outcome = await Promise.race([
      customer.waitForURL(/\/cases\/ESC-/).then(() => 'raised', () => 'neither'),
      busy.waitFor().then(() => 'busy', () => 'neither'),
    ]);
    if (outcome !== 'busy') break;
    const seconds = Number(((await busy.textContent()) ?? '').match(/wait (\d+) seconds/)?.[1] ?? '30');
    await customer.waitForTimeout((seconds + 1) * 1000);
  }
  await expect(customer).toHaveURL(/\/cases\/ESC-/);
  return (customer.url().match(/ESC-[A-Z0-9]+/) ?? [''])[0];
}
