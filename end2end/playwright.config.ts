import { defineConfig } from '@playwright/test';

// The journeys drive the release build of Baton, started from the repository
// root with a fresh SQLite database and the demo data, in Debian's Chromium.
const port = process.env.BATON_E2E_PORT ?? '3107';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  // The CI machine is shared: fetching and starting the wasm (islands, the
  // countdown) can take longer than Playwright's default 5 s there.
  expect: { timeout: 15_000 },
  workers: 1,
  // One retry, with a trace of it: a journey that fails twice fails the
  // run; one that passes on its retry is reported as flaky, and its trace
  // (end2end/test-results) shows where the time went. The chat widget's
  // countdown once took over 15 s to hydrate inside its iframe (1 run in 3
  // on 2026-12-07, with nothing in the front end changed).
  retries: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'rm -f target/e2e/baton.db target/e2e/baton.db-* && exec target/release/baton',
    cwd: '..',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      BATON_ADDR: `127.0.0.1:${port}`,
      BATON_DATABASE_URL: 'sqlite://target/e2e/baton.db',
      BATON_DEMO: '1',
      // Any free port: the tests do not send email, and 2525 may be taken.
      BATON_SMTP_ADDR: '127.0.0.1:0',
    },
  },
});
