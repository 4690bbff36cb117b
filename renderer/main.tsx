import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { App } from './App';
import { startAutoSync } from './app/hub';
import { loadNcaRoots, loadShippedData } from './app/runtime';
import { initI18n } from './i18n';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
await initI18n();
await loadNcaRoots();
try {
  const shipped = loadShippedData();
  root.render(
    <StrictMode>
      <App shipped={shipped} />
    </StrictMode>,
  );
  startAutoSync();
} catch (error) {
  // A wrong catalog or calendar file stops the app with the file and the path in it, not a blank window.
  root.render(
    <main className="narrow">
      <h1>{i18next.t('app.startFailed')}</h1>
      <pre className="error">{error instanceof Error ? error.message : String(error)}</pre>
    </main>,
  );
}
