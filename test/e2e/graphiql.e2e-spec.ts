import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startApp, type TestApp } from '../support/app';
import { announceSkip } from '../support/skip-notice';

/**
 * GraphiQL outside production is served by the service itself, and works offline: the page at GET /graphql and
 * every script and style it loads come from this origin, none of them names another host to load anything from,
 * and the page's content security policy allows scripts and styles from this origin only, with no inline script.
 * (Production serves no IDE: see limits.e2e-spec.) Needs `npm run build`, which copies the page into dist/graphiql.
 * In a real browser (Debian's chromium, when installed) the page runs a query and a subscription and the policy
 * blocks nothing.
 */

jest.setTimeout(60_000);

/**
 * Hosts the bundles only name in text: links in help texts and descriptions, XML namespaces, React's error-decoder
 * link. A host that is not listed here fails the test until someone has checked that nothing is loaded from it.
 */
const HOSTS_NAMED_IN_TEXT = new Set([
  'github.com',
  'codemirror.net',
  'commonmark.org',
  'en.wikipedia.org',
  'radix-ui.com',
  'www.w3.org',
  'reactjs.org',
]);

/** Debian's chromium, which Playwright drives (Playwright's own browser download cannot work here). */
const CHROMIUM = '/usr/bin/chromium';

/** Every host an absolute (or protocol-relative) URL in the text names. */
const hostsIn = (text: string) => new Set([...text.matchAll(/(?:https?:)?\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi)].map((m) => m[1].toLowerCase()));

/** `content-security-policy` as directive → sources. */
function policyOf(response: Response): Map<string, string[]> {
  return new Map(
    response
      .headers.get('content-security-policy')!
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources] as const),
  );
}

describe('GraphiQL, served by the service (development)', () => {
  let t: TestApp;
  let page: Response;
  let html: string;
  /** Absolute URLs of the page's scripts and stylesheets. */
  let scripts: URL[];
  let styles: URL[];

  beforeAll(async () => {
    t = await startApp();
    page = await fetch(t.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    html = await page.text();
    scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => new URL(/\ssrc="([^"]+)"/.exec(m[0])?.[1] ?? 'about:inline', t.url));
    styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)].map((m) => new URL(/\shref="([^"]+)"/.exec(m[0])![1], t.url));
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('serves the page at GET /graphql, and each script and style it loads from this origin', async () => {
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('id="graphiql"');
    const origin = new URL(t.url).origin;
    expect(scripts.map((url) => url.pathname)).toEqual([
      '/graphiql/react.production.min.js',
      '/graphiql/react-dom.production.min.js',
      '/graphiql/graphiql.min.js',
      '/graphiql/start.js',
    ]);
    expect(styles.length).toBeGreaterThan(0);
    for (const url of [...scripts, ...styles]) {
      expect(url.origin).toBe(origin);
      const asset = await fetch(url);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(scripts.includes(url) ? /^(text|application)\/javascript/ : /^text\/css/);
    }
  });

  it('names no other host to load from: none in the page or its styles, only hosts of links and texts in its scripts', async () => {
    expect([...hostsIn(html)]).toEqual([]);
    for (const url of styles) {
      const css = await (await fetch(url)).text();
      expect([...hostsIn(css)]).toEqual([]);
      expect(css).not.toMatch(/@import/);
      // Fonts and icons are embedded.
      for (const [, target] of css.matchAll(/url\(\s*["']?([^"')]*)/g)) expect(target).toMatch(/^(data:|[^:]*$)/);
    }
    for (const url of scripts) {
      const js = await (await fetch(url)).text();
      expect([...hostsIn(js)].filter((host) => !HOSTS_NAMED_IN_TEXT.has(host))).toEqual([]);
    }
  });

  it('has no inline script or style, and a policy that allows scripts and styles from this origin only', async () => {
    expect(html).not.toMatch(/<script\b[^>]*>[^<\s]/);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
    const policy = policyOf(page);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    // Besides: the <style> elements GraphiQL's dialogs insert, by the nonce this response gave the page.
    const nonce = /<meta name="style-nonce" content="([\w+/=]{22,})"/.exec(html)![1];
    expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    // Every source is a keyword, a nonce or the data: scheme: no host anywhere.
    for (const sources of policy.values()) for (const source of sources) expect(source).toMatch(/^('[a-z-]+'|'nonce-[\w+/=]+'|data:)$/);
    const next = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(policyOf(next).get('style-src')).not.toContain(`'nonce-${nonce}'`);
    expect(await next.text()).not.toContain(nonce);
  });

  it('leaves GET /graphql to GraphQL clients that ask for JSON, and unknown files to the 404', async () => {
    const query = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${t.baseUrl}/graphiql/no-such-file.js`)).status).toBe(404);
  });
});

const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) announceSkip(`GraphiQL browser test SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describeInBrowser('GraphiQL in a browser', () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;

  beforeAll(async () => {
    t = await startApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await t.cleanup();
  });

  it('runs a query and a subscription, loads nothing from another host, and the policy blocks nothing', async () => {
    const page = await browser.newPage();
    const origins = new Set<string>();
    const problems: string[] = [];
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    // Code that runs in the page is passed as text: this file compiles without the DOM's types.
    await page.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP blocked ' + e.violatedDirective))",
    });
    await page.goto(t.url);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');

    const run = async (document: string, expected: string) => {
      await page.evaluate(`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(document)})`);
      // GraphiQL parses the document after a short pause, and only then knows it is a subscription.
      await page.waitForTimeout(1000);
      await page.click('.graphiql-execute-button');
      await page.waitForFunction(`document.querySelector('.graphiql-response')?.textContent.includes(${JSON.stringify(expected)})`);
    };
    await run('{ actionFields { number nameDe } }', 'Öffentlicher Raum');
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await run('subscription { events { type } }', 'ActionFieldAdded');
    expect(sockets).toEqual([t.url.replace(/^http/, 'ws')]);
    // A dialog inserts a <style> element, which the page's nonce admits.
    await page.click('[aria-label="Open settings dialog"]');
    await page.waitForSelector('[role="dialog"]');

    expect([...origins]).toEqual([new URL(t.url).origin]);
    expect(problems).toEqual([]);
  });
});
