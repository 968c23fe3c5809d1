// Drives the dashboard in Debian's Chromium: signing in (a session, no token kept), the
// goal tree, a KPI page with its chart, an annotation added and edited, its
// six-weeks-and-twelve-months view, guards and drivers, a segment drill-down, a
// qualitative KPI's example comments, an action item noted and closed, the review, a
// phone-sized view and keyboard focus, signing out, and a KPI share link in a browser
// without a token; fails on any console error or failed request. Screenshots go to OUT_DIR.
// Usage: node dashboard.mjs BASE_URL TOKEN OUT_DIR SHARE_LINK
import puppeteer from 'puppeteer-core';

const [base, token, outDir, shareLink] = process.argv.slice(2);
const problems = [];
const check = (ok, what) => {
  if (!ok) problems.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  // While a refusal is what a step checks for (a write without the CSRF token, the
  // pages after signing out), that status is no problem.
  let expected = null;
  page.on('console', (m) => m.type() === 'error' && !(expected && m.text().includes(`${expected}`)) &&
    problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The event stream stays open until the browser closes it; its answer is checked below.
  page.on('requestfailed', (r) => !r.url().includes('/api/v1/events') && problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && r.status() !== expected && problems.push(`HTTP ${r.status()}: ${r.url()}`));

  // The token arrives in the fragment and waits in the sign-in form: one click signs in.
  await page.goto(`${base}/#token=${encodeURIComponent(token)}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('form.token');
  const waiting = await page.$eval('form.token input', (i) => i.value);
  check(waiting === token, 'the link\'s token waits in the sign-in form (no sign-in without a click)');
  // The goal tree. networkidle2, not 0: the page keeps one request open, the event stream.
  const stream = page.waitForResponse((r) => r.url().includes('/api/v1/events'));
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('form.token button[type=submit]')]);
  const streamed = await stream;
  check(streamed.status() === 200 && streamed.headers()['content-type'] === 'text/event-stream',
    'the page listens to the server\'s events');
  await page.waitForSelector('.goal .card');
  const goals = await page.$$eval('.goal', (els) => els.length);
  const cards = await page.$$eval('.card', (els) => els.length);
  check(goals >= 1 && cards >= 1, `goal tree shows ${goals} goals and ${cards} KPI cards`);
  check(!page.url().includes('token='), 'the token is dropped from the address bar');
  // Signed in by a session: the token is not kept, the cookie is out of scripts' reach,
  // and a write without the session's CSRF token (another site's forged request) is refused.
  const kept = await page.evaluate(() => ({ stored: localStorage.getItem('northstar.token'), cookie: document.cookie }));
  check(kept.stored === null && !kept.cookie.includes('ns_session'), 'no token in storage, and the session cookie is HttpOnly');
  expected = 403;
  const forged = await page.evaluate(() => fetch('/api/v1/annotations', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kpi: '*', period: '2026-W01', text: 'forged' }),
  }).then((r) => r.status));
  expected = null;
  check(forged === 403, `a write without the CSRF token is refused (${forged})`);
  // Goal scores (SPEC §10) beside each goal, and the objectives with their key results.
  const scores = await page.$$eval('.goal h2 .score', (els) => els.map((e) => e.textContent.trim()));
  check(scores.length === goals && scores.every((s) => /^(\d+ %|n\/a)$/.test(s)), `every goal shows its score (${scores.join(', ')})`);
  await page.waitForSelector('.objectives .objective');
  const keyResults = await page.$$eval('.objective li', (els) => els.length);
  check(keyResults >= 1, `objectives show their key results (${keyResults})`);
  await page.screenshot({ path: `${outDir}/tree.png`, fullPage: true });

  // Keyboard: Tab reaches the navigation links.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.tagName);
  check(focused === 'A' || focused === 'BUTTON', `Tab focuses a link or button (${focused})`);

  // A KPI page: passport, chart with its series, the periods table.
  await page.click('.card');
  await page.waitForSelector('.kpi .passport');
  await page.waitForSelector('.chart canvas');
  const kpiName = await page.$eval('.kpi h1', (h) => h.textContent.trim());
  const rows = await page.$$eval('table.periods tbody tr', (trs) => trs.length);
  check(rows > 0, `KPI page "${kpiName}" shows the chart and ${rows} periods`);
  // Late rows restated some values: they are listed, and the chart says how many it rings.
  const restatedListed = await page.$$eval('h2 + ul li', (lis) => lis.filter((li) => li.textContent.includes('→')).length);
  const ringed = await page.$eval('.restated-note', (p) => p.textContent).catch(() => '');
  check(restatedListed > 0 && /Ringed: \d+ restated value/.test(ringed), `restated values listed (${restatedListed}) and ringed on the chart ("${ringed}")`);
  // The six weeks and twelve months beside the year before, and the guards and drivers.
  await page.waitForSelector('.wbr canvas');
  const wbr = await page.$$eval('table.wbr-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  check(wbr.length === 3 && wbr[0].length === 18, `the WBR table shows 6 weeks and 12 months (${wbr[0]?.length} columns)`);
  check(wbr[1]?.some((v) => v !== '–'), 'the WBR table shows the year before');
  const related = await page.evaluate(async () => {
    const passport = document.querySelector('.passport');
    const names = (label) => [...passport.querySelectorAll('dt')].find((dt) => dt.textContent === label)?.nextElementSibling?.querySelectorAll('a').length || 0;
    return names('Guards') + names('Drivers');
  });
  await page.waitForFunction((n) => document.querySelectorAll('.related-kpi .spark').length === n, {}, related);
  check(related > 0, `${related} guards and drivers shown beside the KPI with their sparklines`);
  await page.screenshot({ path: `${outDir}/kpi.png`, fullPage: true });

  // Add an annotation on the latest period shown; it is listed and stays after a reload.
  const period = await page.$eval('table.periods tbody tr td', (td) => td.textContent.trim());
  await page.type('input[aria-label="annotation period"]', period);
  await page.type('input[aria-label="annotation text"]', 'Browser test: new triage rota');
  const annotated = page.waitForResponse((r) => r.url().endsWith('/annotations') && r.request().method() === 'POST');
  await page.click('form.annotate button[type=submit]');
  check((await annotated).status() === 200, `an annotation on ${period} is saved`);
  await page.waitForFunction(() => [...document.querySelectorAll('ul.annotations li')].some((li) => li.textContent.includes('new triage rota')));
  check(true, 'the annotation is listed on the KPI page');
  // Edit it: the form takes its period and text; saved, the list shows the new text.
  const editButton = await page.evaluateHandle(() => [...document.querySelectorAll('ul.annotations li')]
    .find((li) => li.textContent.includes('new triage rota')).querySelector('button[aria-label^="edit"]'));
  await editButton.click();
  const formText = await page.$eval('input[aria-label="annotation text"]', (i) => i.value);
  check(formText === 'Browser test: new triage rota', 'edit fills the form with the annotation');
  await page.type('input[aria-label="annotation text"]', ' (from Monday)');
  const edited = page.waitForResponse((r) => /\/annotations\/\d+$/.test(r.url()) && r.request().method() === 'PUT');
  await page.click('form.annotate button[type=submit]');
  check((await edited).status() === 200, 'the edited annotation is saved');
  await page.waitForFunction(() => [...document.querySelectorAll('ul.annotations li')].some((li) => li.textContent.includes('new triage rota (from Monday)')));
  check(true, 'the list shows the edited text');

  // Drill into a segment.
  const segments = await page.$$eval('select[aria-label=segment] option', (os) => os.map((o) => o.value));
  check(segments.length > 1, `segments offered: ${segments.length - 1}`);
  if (segments.length > 1) {
    const wanted = segments[1];
    // This KPI's series in that segment (the guards' and drivers' series load beside it).
    const kpiId = decodeURIComponent(page.url().split('#/kpi/')[1] || '');
    const answered = page.waitForResponse((r) => r.url().includes(`/kpis/${encodeURIComponent(kpiId)}/values?`) &&
      new URL(r.url()).searchParams.get('segment') === wanted);
    await page.select('select[aria-label=segment]', wanted);
    const response = await answered;
    const body = await response.json();
    check(body.series?.[0]?.segment === wanted, `drill-down loads segment ${wanted}`);
    await page.waitForSelector('.chart canvas');
    await page.screenshot({ path: `${outDir}/segment.png`, fullPage: true });
  }

  // A qualitative KPI: the comments behind its latest value.
  await page.goto(`${base}/#/kpi/feedback_sentiment`, { waitUntil: 'networkidle2' });
  await page.waitForSelector('.quotes .quote-set li');
  const quoteSets = await page.$$eval('.quotes .quote-set', (els) => els.map((e) => e.querySelectorAll('li').length));
  check(quoteSets.length === 2 && quoteSets.every((n) => n === 3), `the sentiment KPI quotes its lowest and highest comments (${quoteSets.join(', ')})`);
  await page.waitForSelector('.wbr canvas');
  await page.waitForFunction(() => document.querySelectorAll('.related-kpi .spark').length === 2);
  check(true, 'the sentiment KPI shows its WBR view and its two drivers');
  await page.screenshot({ path: `${outDir}/quotes.png`, fullPage: true });

  // Action items: add a note, then close the item.
  await page.goto(`${base}/#/actions`, { waitUntil: 'networkidle2' });
  await page.waitForSelector('h1');
  const open = await page.$('ul.actions li .act input');
  check(open !== null, 'an open action item is listed');
  if (open) {
    await open.type('Checked the queue with the team');
    const noted = page.waitForResponse((r) => r.url().includes('/notes') && r.request().method() === 'POST');
    await page.click('ul.actions li .act button');
    check((await noted).status() === 200, 'the note is saved');
    await page.waitForFunction(() => [...document.querySelectorAll('.note')].some((n) => n.textContent.includes('Checked the queue')));
    const closed = page.waitForResponse((r) => r.url().includes('/close'));
    await page.click('ul.actions li .act button:last-child');
    check((await closed).status() === 200, 'the item is closed');
    await page.waitForFunction(() => document.querySelector('ul.actions li .item-status')?.textContent.startsWith('closed') ||
      [...document.querySelectorAll('.item-status')].some((s) => s.textContent.startsWith('closed')));
    await page.screenshot({ path: `${outDir}/actions.png`, fullPage: true });
  }

  // The review, in its sandboxed frame.
  await page.goto(`${base}/#/review`, { waitUntil: 'networkidle2' });
  await page.waitForSelector('iframe.review');
  const reviewTitle = await page.$eval('iframe.review', (f) => f.title);
  check(reviewTitle.startsWith('review of '), `the review is shown (${reviewTitle})`);

  // "My KPIs": the signed-in token's owner, without asking.
  await page.goto(`${base}/#/mine`, { waitUntil: 'networkidle2' });
  await page.waitForSelector('.goal .card');
  const mine = await page.$eval('form.owner input', (i) => i.value);
  check(mine === 'head-of-support', `My KPIs opens on the token's owner (${mine})`);

  // A phone: nothing wider than the screen.
  await page.setViewport({ width: 390, height: 844 });
  await page.goto(`${base}/#/`, { waitUntil: 'networkidle2' });
  await page.waitForSelector('.card');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `readable on a phone (horizontal overflow ${overflow}px)`);
  await page.screenshot({ path: `${outDir}/phone.png`, fullPage: true });

  // Signing out ends the session: the next load asks for a token.
  await page.setViewport({ width: 1280, height: 1000 });
  expected = 401;
  await page.click('button.signout');
  await page.waitForSelector('form.token');
  const after = await page.evaluate(() => fetch('/api/v1/goals').then((r) => r.status));
  check(after === 401, `signing out ends the session (${after})`);
  // The signed-out page stays open: a refresh it had started may still come back 401.

  // A share link, opened where no token is kept (a fresh browser context): that one KPI,
  // read-only, and nothing else.
  const stranger = await browser.createBrowserContext();
  const shared = await stranger.newPage();
  await shared.setViewport({ width: 1280, height: 1000 });
  shared.on('console', (m) => m.type() === 'error' && problems.push(`share link: console error: ${m.text()}`));
  shared.on('pageerror', (e) => problems.push(`share link: page error: ${e.message}`));
  shared.on('response', (r) => r.status() >= 400 && problems.push(`share link: HTTP ${r.status()}: ${r.url()}`));
  await shared.goto(shareLink, { waitUntil: 'networkidle0' });
  await shared.waitForSelector('.kpi .passport');
  await shared.waitForSelector('.chart canvas');
  const sharedName = await shared.$eval('.kpi h1', (h) => h.textContent.trim());
  check(sharedName.length > 0, `the share link opens the KPI page "${sharedName}"`);
  check(await shared.$('header nav') === null && await shared.$('header .shared') !== null,
    'the shared page has no navigation and says it is read-only');
  check(await shared.$('form.annotate') === null, 'the shared page has no annotation form');
  check(!shared.url().includes('share='), 'the share token is dropped from the address bar');
  const stored = await shared.evaluate(() => localStorage.getItem('northstar.token'));
  check(stored === null, 'the share token is not kept as the browser\'s token');
  await shared.screenshot({ path: `${outDir}/shared-kpi.png`, fullPage: true });
  await stranger.close();
} finally {
  await browser.close();
}

for (const p of problems) console.error(`problem: ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
