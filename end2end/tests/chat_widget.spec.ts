import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const shots = 'screenshots';
const baton = `http://127.0.0.1:${process.env.BATON_E2E_PORT ?? '3107'}`;

// A customer's own website, with the one line the README tells them to add.
const shop = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example shop</title></head>
<body style="font-family: sans-serif; margin: 2rem;">
  <h1>Example shop</h1><p>Everything you need, delivered tomorrow.</p>
  <script src="${baton}/widget.js" async></script>
</body></html>`;

// Served for real on loopback (Chromium refuses a public page's requests to
// loopback), as http://localhost:PORT: another site than 127.0.0.1.
let server: Server;
let shopUrl: string;

test.beforeAll(async () => {
  server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(shop);
  });
  await new Promise<void>((ready) => server.listen(0, ready));
  shopUrl = `http://localhost:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((closed) => server.close(closed));
});

test('a shopper opens the chat widget, raises a case, sees our promise and writes to us', async ({ page }) => {
  await page.goto(shopUrl);
  await page.getByRole('button', { name: 'Need help?' }).click();

  const chat = page.frameLocator('iframe[title="Chat with support"]');
  await chat.getByLabel("What's wrong?").fill('Checkout fails\nEvery card payment is declined since 9:00.');
  await chat.getByLabel('How bad is it for you?').selectOption('S2');
  await chat.getByLabel('Your name').fill('Kim Lee');
  await chat.getByLabel('Your email').fill('kim@example.com');
  await chat.getByRole('button', { name: 'Start the chat' }).click();

  await expect(chat.locator('.reference')).toHaveText(/^ESC-[2-9A-HJ-NP-Z]{6}$/);
  await expect(chat.getByRole('heading', { name: 'Checkout fails' })).toBeVisible();
  await expect(chat.locator('.guarantee-lead')).toHaveText("We'll reply by");
  // The countdown island hydrates inside the frame too.
  await expect(chat.locator('.guarantee-when')).toContainText('(your time)');

  await chat.getByLabel('Your message').fill('It also fails on my phone.');
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(chat.locator('.chat-mine')).toContainText('It also fails on my phone.');
  await expect(page.getByRole('button', { name: 'Close chat' })).toBeVisible();
  await page.screenshot({ path: `${shots}/chat-widget.png` });
});
