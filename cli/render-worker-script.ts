/**
 * The script a render thread runs (render-pool.ts): render-worker.js beside this module when clos
 * runs as compiled modules, or the bundle's render-thread launcher (cli/bundle.ts), which runs the
 * bundle as a render worker, compiled with the code cache its workerData names. A module of its
 * own, with no imports, so the bundle's entry can set it without loading the pool.
 */
export interface RenderWorkerScript {
  readonly url: URL;
  readonly workerData: unknown;
}

let script: RenderWorkerScript | undefined;

export function provideRenderWorkerScript(given: RenderWorkerScript): void {
  script = given;
}

export function renderWorkerScript(): RenderWorkerScript {
  return script ?? { url: new URL('./render-worker.js', import.meta.url), workerData: undefined };
}
