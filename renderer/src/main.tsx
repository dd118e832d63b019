import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { ApiProvider } from './api/api-context';
import { browserEnvironment, selectTransport } from './api/select-transport';
import { App } from './app/app';
import { createQueryClient } from './app/query-client';
import { applyTheme, browserStorage, readTheme } from './app/theme';
import { createUnauthorizedFlag } from './app/unauthorized';

// The page runs under a CSP without 'unsafe-eval'. Without this, zod probes `new Function` on its
// first parse, and the browser reports a CSP violation even though zod catches the error.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// Before the first render, so a dark-theme choice never flashes light.
applyTheme(document.documentElement, readTheme(browserStorage()));

const transport = selectTransport(browserEnvironment());
const unauthorized = createUnauthorizedFlag();
const queryClient = createQueryClient(unauthorized);

createRoot(root).render(
  <StrictMode>
    <ApiProvider transport={transport}>
      <QueryClientProvider client={queryClient}>
        <App unauthorized={unauthorized} />
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
