/**
 * One queue for the work that reads the stored timeline and acts on what it read (rebuild, prune, forget)
 * and for applying observations to the in-memory tracker. Running these one after another is what keeps a
 * read-then-write from losing an event applied in between. Appends do not go through here: they must reach
 * IndexedDB in the task their event arrived in (recorder.ts), and IndexedDB orders them itself.
 */
let tail: Promise<unknown> = Promise.resolve();

export function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task, task);
  // A failed task must not block the ones after it; its caller still sees the rejection.
  tail = run.catch((error: unknown) => console.error('[sessionscope] storage task failed', error));
  return run;
}
