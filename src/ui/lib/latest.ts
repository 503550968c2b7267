// «Latest answer wins»: a screen asks a worker, the user changes the choice, and the older answer
// arrives after the newer one. Each request takes a ticket from its channel; only the newest ticket
// may write its answer, so a late answer for a unit the user has already left is dropped.
// Plain TypeScript (no runes): the screen state classes hold one channel per kind of request.

/** True while no newer request was made on the channel (and it was not dropped). */
export type Ticket = () => boolean;

export class Latest {
  #n = 0;

  /** A new request: every earlier ticket of this channel goes stale. */
  next(): Ticket {
    const n = ++this.#n;
    return () => n === this.#n;
  }

  /** Drop every outstanding request (a reset, a cancel, a new procedure). */
  drop(): void {
    this.#n++;
  }

  /**
   * Await `answer` as a new request and hand it to `use` only when it is still the latest one.
   * Returns whether it was used; a rejection of a stale request is swallowed, of the latest rethrown.
   */
  async take<T>(answer: Promise<T>, use: (value: T) => void): Promise<boolean> {
    const live = this.next();
    let value: T;
    try {
      value = await answer;
    } catch (e) {
      if (live()) throw e;
      return false;
    }
    if (!live()) return false;
    use(value);
    return true;
  }
}
