import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { chooseBridge } from './bridge-client';
import { createI18n } from './i18n';
import './styles.css';

const i18n = createI18n();
document.documentElement.lang = i18n.language;
document.documentElement.dir = i18n.dir();
document.title = i18n.t('app.title');

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App bridge={chooseBridge()} />
    </I18nextProvider>
  </StrictMode>,
);
