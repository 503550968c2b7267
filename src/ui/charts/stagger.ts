// Charts are drawn one per task: every ChartFigure learns its width from the same ResizeObserver
// callback, and drawing them all in that one flush is a long main-thread task on a cold page.
// A MessageChannel message is a task of its own that is not clamped or throttled like setTimeout.
const queue: Array<() => void> = [];
let channel: MessageChannel | undefined;
let scheduled = false;

function next(): void {
  const job = queue.shift();
  if (queue.length) channel!.port2.postMessage(null);
  else scheduled = false;
  job?.();
}

/** Run `job` in a task of its own, after those queued before it; the returned function drops it. */
export function stagger(job: () => void): () => void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = next;
  }
  queue.push(job);
  if (!scheduled) {
    scheduled = true;
    channel.port2.postMessage(null);
  }
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}
