import { describe, expect, it } from 'vitest';
import { ACCEPTED_MEDIA_TYPES, formatOfContentType, formatOfFile, MANIFEST_FORMATS } from '../src/ingest/formats.ts';

describe('the table of manifest formats', () => {
  it('finds the format of a request by its Content-Type, parameters and case aside', () => {
    expect(formatOfContentType('text/csv; charset=windows-1252')?.mediaType).toBe('text/csv');
    expect(formatOfContentType('Application/JSON')?.mediaType).toBe('application/json');
    expect(formatOfContentType('application/vnd.operator.manifest+json')?.mediaType).toBe('application/json');
    expect(formatOfContentType('text/plain')).toBeNull();
    expect(formatOfContentType(undefined)).toBeNull();
  });

  it('finds the format of a file by its ending, JSON otherwise, and names every media type in the 415', () => {
    expect(formatOfFile('manifests/today.csv').mediaType).toBe('text/csv');
    expect(formatOfFile('manifests/today.json').mediaType).toBe('application/json');
    expect(formatOfFile('manifests/today').mediaType).toBe('application/json');
    expect(ACCEPTED_MEDIA_TYPES).toBe('application/json or text/csv');
    expect(MANIFEST_FORMATS.filter((f) => f.takesQuery).map((f) => f.mediaType)).toEqual(['text/csv']);
  });
});
