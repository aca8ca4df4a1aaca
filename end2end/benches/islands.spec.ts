import { expect, test } from '@playwright/test';
import { raiseCaseIn } from '../tests/support';

// What the status page's islands cost the browser's main thread: the
// countdown ticking every second and the live status swapping in an update.
// Long tasks (over 50 ms) are what a customer would feel as a stutter.
const IDLE_SECONDS = 10;

interface Tasks {
  longest: number;
  count: number;
}

test('the live countdown and the live status run without long tasks', async ({ page, request }) => {
  await raiseCaseIn(page, {
    subject: 'Exports stop halfway',
    description: 'Every CSV export ends after 1000 rows.',
    severity: "Something isn't working right",
  });
  const url = new URL(page.url());
  const reference = url.pathname.split('/').pop()!;
  const token = url.searchParams.get('token')!;
  await page.reload();
  await expect(page.locator('.guarantee-when')).toContainText('(your time)');
  await page.evaluate(() => {
    const seen = ((window as unknown as { __long: number[] }).__long = []);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const tasks = async (): Promise<Tasks> =>
    page.evaluate(() => {
      const seen = (window as unknown as { __long: number[] }).__long;
      return { longest: Math.max(0, ...seen), count: seen.length };
    });

  // The countdown alone, ticking.
  const ticking = await page.evaluate(async (seconds) => {
    const start = performance.now();
    let frames = 0;
    await new Promise<void>((done) => {
      const frame = () => {
        frames += 1;
        if (performance.now() - start < seconds * 1000) requestAnimationFrame(frame);
        else done();
      };
      requestAnimationFrame(frame);
    });
    return { frames, seconds: (performance.now() - start) / 1000 };
  }, IDLE_SECONDS);
  const idle = await tasks();

  // One live update: the customer writes, the page swaps the new state in.
  const sent = Date.now();
  const answer = await request.post(`/api/v1/escalations/${reference}/messages`, {
    headers: { authorization: `Bearer ${token}` },
    data: { body: 'The export stops at row 1000 every time.' },
  });
  expect(answer.status()).toBe(201);
  await expect(page.locator('.timeline')).toContainText('row 1000 every time', { timeout: 10_000 });
  const shownAfter = Date.now() - sent;
  await page.waitForTimeout(2_000);
  const all = await tasks();

  const fps = ticking.frames / ticking.seconds;
  console.log(
    [
      '| what (Chromium, status page) | value |',
      '| --- | --- |',
      `| frames per second while the countdown ticks (${IDLE_SECONDS} s) | ${fps.toFixed(0)} |`,
      `| long tasks while it ticks | ${idle.count} (longest ${idle.longest.toFixed(0)} ms) |`,
      `| a live update: from the customer's request to the page showing it | ${shownAfter} ms |`,
      `| long tasks in all, update included | ${all.count} (longest ${all.longest.toFixed(0)} ms) |`,
    ].join('\n'),
  );
});
