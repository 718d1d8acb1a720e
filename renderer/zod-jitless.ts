import { z } from 'zod';

// Zod compiles fast object parsers with `new Function`, which the page's CSP (no 'unsafe-eval')
// forbids; even its probe for eval shows up as a CSP violation. This module must be imported
// before anything that builds a schema (contracts/), because the choice is made per schema at
// construction.
z.config({ jitless: true });
