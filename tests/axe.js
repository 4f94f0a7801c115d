// axe-core in headless Chromium over web pages, at a phone and a desktop width: prints each
// page's violations (WCAG 2.1 A/AA and best practice) and its scroll width, and exits 1 if any
// page has a violation or scrolls sideways. Run by the validator tests of tests/it/web.rs and
// tests/it/site.rs with NODE_PATH pointing at the packages .ci/run installs (axe-core,
// puppeteer-core); Chromium from $CHROMIUM or Debian's.
const puppeteer = require('puppeteer-core');
const fs = require('fs');
(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  let failed = false;
  for (const file of process.argv.slice(2)) {
    for (const width of [360, 1280]) {
      const page = await browser.newPage();
      // The page's policy forbids every script; only the checker's own is let in.
      await page.setBypassCSP(true);
      await page.setViewport({ width, height: 900 });
      await page.goto('file://' + file, { waitUntil: 'load' });
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(() => axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      }));
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      const found = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
      if (found.length || scroll > width) failed = true;
      console.log(`${file} at ${width}px: ${found.length} violations, scroll width ${scroll}`);
      found.forEach((f) => console.log('  ' + f));
      await page.close();
    }
  }
  await browser.close();
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
