/**
 * The console's static files, served by the service itself (no CDN): the stylesheet, the small
 * enhancement script, and Chart.js from node_modules. Each URL carries a hash of the content, so
 * browsers cache them for a year and a new release is fetched at once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

interface Asset {
  path: string;
  body: Buffer;
  type: string;
}

const here = dirname(fileURLToPath(import.meta.url));
// chart.js exports no path to its UMD bundle: find the package through an entry it does export.
const chartDir = join(dirname(createRequire(import.meta.url).resolve('chart.js/auto')), '..');

function load(name: string, file: string, type: string): Asset {
  const body = readFileSync(file);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return { path: `/console/assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`, body, type };
}

export const ASSETS = {
  css: load('console.css', join(here, 'assets/console.css'), 'text/css; charset=utf-8'),
  js: load('console.js', join(here, 'assets/console.js'), 'text/javascript; charset=utf-8'),
  chart: load('chart.umd.min.js', join(chartDir, 'dist/chart.umd.min.js'), 'text/javascript; charset=utf-8'),
};

export function assetRoutes() {
  const app = new Hono();
  const byPath = new Map(Object.values(ASSETS).map((a) => [a.path, a]));
  app.get('/assets/:name', (c) => {
    const asset = byPath.get(`/console/assets/${c.req.param('name')}`);
    if (!asset) return c.text('not found', 404);
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' });
  });
  return app;
}
