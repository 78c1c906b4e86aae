#!/usr/bin/env node
// Commands are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
