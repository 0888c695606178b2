import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWebIfStale } from '../../scripts/lib/web-build.ts';
import { readTestSettings } from './settings.ts';

/**
 * Debian's chromium, as the browser tests drive it: headless, quiet on a machine without outside network, and with a
 * fake microphone granted without asking (voice fill records from it).
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = readTestSettings().ZSB_CHROMIUM;
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium fonts-noto-cjk`);
  buildWebIfStale(() => undefined);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
}

/** A fresh browser context as a phone or a desktop in China shows pages: its viewport, Chinese, Beijing time. */
export async function openDevice(browser: Browser, contexts: BrowserContext[], options: { width: number; height: number; mobile: boolean }): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    deviceScaleFactor: options.mobile ? 2 : 1,
    isMobile: options.mobile,
    hasTouch: options.mobile,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(context);
  return context.newPage();
}

/** Waits two frames, so focus rings and images have settled before a screenshot or a check. */
export const settled = (page: Page) => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
