import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { mark } from './lib/startup';
import { askEarly } from './lib/firstScreen';

mark('script');

async function start() {
  // Dev only (dropped from the production build): drive the UI from an in-memory backend.
  if (import.meta.env.DEV) {
    const params = new URLSearchParams(location.search);
    if (params.has('mock')) {
      const m = await import('./ipc/dev-mock');
      m.installDevMock(params);
    }
  }
  askEarly();
  const target = document.getElementById('app');
  if (target) mount(App, { target });
  mark('mounted');
}

void start();
