import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Request, type Response, Router, static as serveStatic } from 'express';
import type { JsonLogger } from '../core/logger';
import { GRAPHIQL_ASSETS_PATH, GRAPHIQL_PATH, styleNonce } from '../limits/http-security';

/** Stands in index.html for the nonce of each response (see styleNonce). */
const STYLE_NONCE = '{{styleNonce}}';

/**
 * dist/graphiql of this checkout or image, where `npm run build:ide` puts the page and the prebuilt GraphiQL, React
 * and ReactDOM bundles: found from the project root (the folder with package.json), so the service finds it both from
 * dist/src/graphql and, in tests, from src/graphql.
 */
export function graphiqlDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'graphiql');
}

/** A browser's GET (it prefers HTML); clients asking for JSON still reach the GraphQL endpoint. */
const wantsPage = (request: Request) =>
  request.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';

/**
 * GraphiQL outside production, served by the service itself: the page at GET /graphql, its scripts and styles under
 * /graphiql/. Nothing is loaded from another host, and the page has no inline script (see securityHeaders). Apollo's
 * own landing page, which loads from CDNs, is off (`graphiql: false` in graphqlOptions).
 */
export function graphiql(logger: JsonLogger, dir: string = graphiqlDir()): Router {
  const router = Router();
  const pageFile = join(dir, 'index.html');
  const page = existsSync(pageFile) ? readFileSync(pageFile, 'utf8') : null;
  if (page === null) logger.write('warn', 'GraphiQL is not built (run npm run build); GET /graphql serves no IDE', { missing: pageFile });
  router.get(GRAPHIQL_PATH, (request: Request, response: Response, next) => {
    if (!wantsPage(request)) return next();
    if (page === null) return void response.status(404).type('text/plain').send('GraphiQL is not built: run npm run build.\n');
    response.type('html').send(page.replace(STYLE_NONCE, styleNonce(response)));
  });
  // Missing files fall through to the 404 of the application, which logs nothing.
  router.use(GRAPHIQL_ASSETS_PATH, serveStatic(dir, { index: false, redirect: false }));
  return router;
}
