#!/usr/bin/env node
// The `meshsim` command: runs the TypeScript sources through tsx, then the CLI in src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../src/cli/main.ts');
await runFromProcess();
