import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs; the Authorization header never reaches them (see the redact paths). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'parcelscreen' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'key'], censor: '[redacted]' },
  });
}
