// Worker entry for etl/credits.ts. Worker threads do not inherit the main
// thread's tsx loader hooks, so register tsx here (as bin/filmoteca.js does),
// then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./credits-worker.ts');
