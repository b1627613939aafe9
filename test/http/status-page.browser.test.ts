/**
 * The status page in a real browser: Debian's Chromium (headless, driven by playwright-core, no
 * browser download) opens the page of a Radar that polled feeds served on 127.0.0.1, signing in
 * with `?token=` once. The page loads with no console error, no page error and no dialog; the
 * hostile feed name and item title show as text and no script of theirs runs; its figures are
 * those of `/radar status` over the same database at the same moment. A full-page screenshot is
 * written to a temporary folder and its path printed, for a reviewer to look at.
 * Without Chromium the test fails under CI=true (naming the binary) and is skipped elsewhere.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestRadars } from '../helpers/radar.ts';
import { EXTRADITION, HOSTILE, HOSTILE_FEED, HOSTILE_TITLE, PAGE_TOKEN, startNewsroom } from '../helpers/status-page.ts';

const CHROMIUM = process.env.RADAR_CHROMIUM ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!present && !inCi) console.warn(`status page browser test skipped: no Chromium at ${CHROMIUM} (install Debian's "chromium" package, or set RADAR_CHROMIUM)`);

describe.runIf(present || inCi)(present || inCi ? 'the status page in Chromium' : `SKIPPED: the status page in Chromium: no Chromium at ${CHROMIUM}, install Debian's "chromium" or set RADAR_CHROMIUM`, () => {
  const radars = useTestRadars();
  let browser: Browser | null = null;
  afterEach(async () => {
    await browser?.close();
    browser = null;
  });

  it(`loads without errors, shows hostile text as text, runs none of it, and gives the figures of /radar status${present ? '' : ` (fails: no Chromium at ${CHROMIUM})`}`, { timeout: 60_000 }, async () => {
    if (!present) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (.ci/run does) or set RADAR_CHROMIUM`);
    const { test } = await startNewsroom(radars, { RADAR_PAGE_TOKEN: PAGE_TOKEN });
    await test.radar.start();
    const base = test.radar.httpUrl()!;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
    const failed: string[] = [];
    // A request the reload cancels (the icon of the first load) is aborted, not failed.
    page.on('requestfailed', (request) => { if (request.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${request.failure()?.errorText} ${request.url()}`); });
    page.on('response', (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); });

    // Signing in once: the token leaves the address bar, an HttpOnly cookie stays.
    const response = await page.goto(`${base}/?token=${PAGE_TOKEN}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${base}/`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'radar_page', httpOnly: true, sameSite: 'Strict' });
    expect(cookie!.value).not.toContain(PAGE_TOKEN);
    await page.reload({ waitUntil: 'load' });
    expect(await page.title()).toBe('Radar status');

    // The hostile strings are text: shown as written, no element or script made of them.
    const alertTitles = await page.locator('#alerts li.alert .title').allTextContents();
    expect(alertTitles).toContain(HOSTILE_TITLE);
    expect(await page.locator('#feeds tbody tr td:first-child').allTextContents()).toContain(HOSTILE_FEED);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.evaluate('document.scripts.length')).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    // Its `javascript:` link is not a link.
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('body').textContent()).toContain(HOSTILE);

    // The story reported by three outlets in two languages, in the order they reported it.
    const story = page.locator('#stories li.story').first();
    expect(await story.locator('.outlets').textContent()).toBe('3 outlets');
    expect(await story.locator('ol.timeline li .source').allTextContents()).toEqual(['Wire', 'Press', 'Diario']);
    expect(await story.locator('ol.timeline li .lang').allTextContents()).toEqual(['EN', 'EN', 'ES']);
    expect(await story.locator('ol.timeline li [lang="es"]').textContent()).toBe(EXTRADITION.diario);

    // The figures of /radar status at the same moment, over the same database.
    const reply = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text: 'status' });
    const fields = reply.blocks.flatMap((b) => (b.type === 'fields' ? b.fields : []));
    expect(fields.length).toBeGreaterThan(0);
    const shown = await page.locator('#status .field').evaluateAll((els) => els.map((el) => ({ label: el.querySelector('dt')?.textContent, value: el.querySelector('dd')?.textContent })));
    expect(shown).toEqual(fields);
    const value = (label: string) => fields.find((f) => f.label === label)!.value;
    const alertsToday = Number(value('Alerts today (UTC)'));
    expect(alertsToday).toBe(3);
    const perChannel = await page.locator('#alerts .channel .count').allTextContents();
    expect(perChannel.reduce((sum, text) => sum + Number.parseInt(text, 10), 0)).toBe(alertsToday);
    expect(Number(await page.locator('#chart-total').textContent())).toBe(alertsToday);
    expect(`${await page.locator('#queue-depth').textContent()} waiting to be posted`).toBe(value('Queue'));
    const health = await page.locator('#feeds .health').allTextContents();
    expect(`${health.length}, ${health.filter((h) => h === 'failing').length} failing`).toBe(value('Feeds'));

    const shotDir = mkdtempSync(join(tmpdir(), 'radar-status-page-'));
    const shot = join(shotDir, 'status-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    process.stdout.write(`status page screenshot: ${shot}\n`);

    expect(problems).toEqual([]);
    expect(failed).toEqual([]);
  });
});
