/**
 * `/docs`: the OpenAPI document rendered by Swagger UI, every file served by this service from
 * the pinned `swagger-ui-dist` package, so it works on a machine without internet (the CDN copy
 * it replaced left a blank page there). The page's Content-Security-Policy allows this origin
 * only. Not part of the API's contract: HTML for people.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

const DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files the page loads, with their types; read once, on their first request (1.5 MB in all). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Swagger UI sets style attributes as it renders: inline styles are allowed, inline scripts not.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>parcelscreen API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// No validator badge: it would send the document to validator.swagger.io.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });\n`;

export function docsRoutes() {
  const app = new Hono();
  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  app.use(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.get('/', (c) => c.html(PAGE));
  app.get('/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/:file', (c) => {
    const file = c.req.param('file');
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file]! : null;
    if (!type) return c.notFound();
    let bytes = cache.get(file);
    if (!bytes) cache.set(file, (bytes = new Uint8Array(readFileSync(join(DIST, file)))));
    return c.body(bytes, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  });
  return app;
}
