/**
 * One queue for everything that reads or writes the stored timeline (append a batch, rebuild, prune,
 * forget). Listeners fire concurrently; running these one after another is what keeps a read-then-write
 * from losing an event written in between.
 */
let tail: Promise<unknown> = Promise.resolve();

export function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task, task);
  // A failed task must not block the ones after it; its caller still sees the rejection.
  tail = run.catch((error: unknown) => console.error('[sessionscope] storage task failed', error));
  return run;
}
