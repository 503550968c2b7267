// One lazily started Web Worker behind Comlink, shared by every `*.client.ts`.
// Cancel = terminate (Squoosh-style): a worker busy in SheetJS or a statistics loop cannot be
// interrupted otherwise; the next call starts a fresh one. Comlink stays behind this module.
import { releaseProxy, wrap, type Remote } from 'comlink';

export class WorkerConnection<Api> {
  #worker: Worker | undefined;
  // Kept in a long-lived field: a garbage-collected wrap() can leave a call pending forever (comlink#692).
  #api: Remote<Api> | undefined;
  readonly #pending = new Set<(e: Error) => void>();

  /**
   * @param create  must contain `new Worker(new URL('…', import.meta.url), …)` written inline, so
   *                that Vite bundles the worker as its own (precached) chunk.
   * @param failMessage  Russian message for calls pending when the worker fails to load.
   */
  constructor(
    private readonly create: () => Worker,
    private readonly failMessage: string,
  ) {}

  /** Whether a worker is running now (and holds whatever state it keeps in memory). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  remote(): Remote<Api> {
    if (!this.#api) {
      const worker = this.create();
      // A worker that fails to load (e.g. a chunk missing after an update) never answers.
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        this.stop(new Error(this.failMessage));
      });
      this.#worker = worker;
      this.#api = wrap<Api>(worker);
    }
    return this.#api;
  }

  /** Race a worker call against stop(), which otherwise would leave it pending forever. */
  call<T>(run: (api: Remote<Api>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.add(reject);
      run(this.remote())
        .then(resolve, reject)
        .finally(() => this.#pending.delete(reject));
    });
  }

  /** Terminate the worker and reject every pending call with `reason`. */
  stop(reason: Error): void {
    if (!this.#worker) return;
    this.#api?.[releaseProxy]();
    this.#worker.terminate();
    this.#api = undefined;
    this.#worker = undefined;
    for (const reject of this.#pending) reject(reason);
    this.#pending.clear();
  }
}
