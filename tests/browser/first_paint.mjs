// First contentful paint of the dashboard and the time until its KPI cards show, in
// Debian's Chromium, best of RUNS fresh loads of a signed-in browser (its session made
// before the clock starts, as for someone who opens the dashboard every morning).
// Prints one JSON line.
// Usage: node first_paint.mjs BASE_URL TOKEN [RUNS]
import puppeteer from 'puppeteer-core';

const [base, token, runs = '3'] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
try {
  for (let i = 0; i < Number(runs); i += 1) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${base}/api/v1/openapi.json`);  // the origin, to sign in from
    await page.evaluate((t) => fetch('/api/v1/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'new' },
      body: JSON.stringify({ token: t }),
    }), token);
    const started = Date.now();
    await page.goto(`${base}/`);
    await page.waitForSelector('.card');
    const cards = Date.now() - started;
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    results.push({ fcp_ms: fcp, cards_ms: cards });
    await context.close();
  }
} finally {
  await browser.close();
}
const best = (key) => Math.min(...results.map((r) => r[key]));
console.log(JSON.stringify({ first_contentful_paint_ms: best('fcp_ms'), cards_visible_ms: best('cards_ms'), runs: results }));
