import { z } from 'zod';

// Zod compiles fast parsers with `new Function`, which the console's CSP (no 'unsafe-eval')
// forbids. Imported first, before any schema is built, because zod decides per schema.
z.config({ jitless: true });
