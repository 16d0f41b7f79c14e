#!/usr/bin/env node
// Entry point of the `filmoteca` command (package.json "bin"). The project runs
// its TypeScript directly through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
