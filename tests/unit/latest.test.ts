// The "latest answer wins" channel of the screen state classes (src/ui/lib/latest.ts).
import { describe, expect, test } from 'vitest';
import { Latest } from '../../src/ui/lib/latest';

/** A promise settled by hand, to order answers as a slow worker would. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Latest', () => {
  test('a ticket is live until the next request or a drop', () => {
    const ch = new Latest();
    const a = ch.next();
    expect(a()).toBe(true);
    const b = ch.next();
    expect(a()).toBe(false);
    expect(b()).toBe(true);
    ch.drop();
    expect(b()).toBe(false);
  });

  test('an older answer arriving last is dropped; the newer one stays', async () => {
    const ch = new Latest();
    const seen: string[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = ch.take(slow.promise, (v) => seen.push(v));
    const second = ch.take(fast.promise, (v) => seen.push(v));
    fast.resolve('school B');
    slow.resolve('school A');
    expect(await second).toBe(true);
    expect(await first).toBe(false);
    expect(seen).toEqual(['school B']);
  });

  test('answers in order are each used', async () => {
    const ch = new Latest();
    const seen: number[] = [];
    expect(await ch.take(Promise.resolve(1), (v) => seen.push(v))).toBe(true);
    expect(await ch.take(Promise.resolve(2), (v) => seen.push(v))).toBe(true);
    expect(seen).toEqual([1, 2]);
  });

  test('a failure of the latest request is rethrown, of a stale one swallowed', async () => {
    const ch = new Latest();
    const old = deferred<number>();
    const stale = ch.take(old.promise, () => {});
    await expect(ch.take(Promise.reject(new Error('нет связи')), () => {})).rejects.toThrow('нет связи');
    old.reject(new Error('отменено'));
    expect(await stale).toBe(false);
  });

  test('channels are independent', () => {
    const units = new Latest();
    const pupils = new Latest();
    const u = units.next();
    pupils.next();
    pupils.drop();
    expect(u()).toBe(true);
  });
});
