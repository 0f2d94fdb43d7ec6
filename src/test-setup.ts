// fast-check seeds every unit-test run the same way, so `npm test` is reproducible and a red CI run can
// be replayed exactly. `FC_SEED=random` (what scripts/fuzz.mjs uses) explores new inputs instead;
// `FC_SEED=<n>` replays a run.
import fc from 'fast-check';

const requested = process.env.FC_SEED ?? '20261126';
if (requested !== 'random') fc.configureGlobal({ seed: Number(requested) });
