/**
 * Customs officers' reads at a fixed rate: the hold queue, then case files of parcels in it.
 */
import autocannon from 'autocannon';

export interface CustomsLoadResult {
  requests: number;
  errors: number;
  latencyMs: { p50: number; p99: number };
}

export async function runCustomsLoad(url: string, key: string, rate: number, seconds: number): Promise<CustomsLoadResult> {
  let ids: number[] = [];
  let turn = 0;
  const result = await autocannon({
    url,
    connections: 4,
    duration: seconds,
    overallRate: rate,
    headers: { authorization: `Bearer ${key}` },
    requests: [
      {
        // Every other request opens a case from the last queue page read.
        setupRequest: (req) => ({ ...req, method: 'GET', path: turn++ % 2 === 0 || ids.length === 0 ? '/v1/parcels?decision=hold&open=true&limit=20' : `/v1/parcels/${ids[turn % ids.length]}` }),
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"nextCursor"')) ids = [...body.matchAll(/"id":(\d+),"itemId"/g)].map((m) => Number(m[1]));
        },
      },
    ],
  });
  return { requests: result.requests.total, errors: result.non2xx + result.errors, latencyMs: { p50: result.latency.p50, p99: result.latency.p99 } };
}
