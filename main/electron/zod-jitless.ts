import { z } from 'zod';

// The preload runs in the page's renderer process; keep zod off `new Function` there as in the
// page itself (renderer/zod-jitless.ts). Imported first, before any schema is built.
z.config({ jitless: true });
