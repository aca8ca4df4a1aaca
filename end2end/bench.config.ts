import { defineConfig } from '@playwright/test';
import journeys from './playwright.config';

// The browser benchmarks: the same server and browser as the journeys, but
// they measure and print instead of asserting times (the machine is shared
// and noisy). Run: `npx playwright test --config bench.config.ts`.
export default defineConfig({
  ...journeys,
  testDir: './benches',
});
