/** The registry bundle is declared in src/domain/registry.ts; re-exported for the screening modules that read it from here. */
export * from '../domain/registry.ts';
