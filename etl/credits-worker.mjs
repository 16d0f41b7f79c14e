// The worker thread of etl/credits.ts. Plain JavaScript because a worker does not
// inherit the main thread's TypeScript loader: it registers tsx itself (as
// bin/filmoteca.js does), then runs credits-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./credits-thread.ts');
