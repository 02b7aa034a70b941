// Dev only: `npm run dev` then open http://127.0.0.1:5173/?mock (or ?mock=20000&empty&lang=en)
// to drive the UI from the in-memory MockBackend in a plain browser. main.ts loads this module only
// when import.meta.env.DEV is true, so it is not in the production build.
import { mockIPC } from '@tauri-apps/api/mocks';
import { MockBackend } from './mock-backend';

export function installDevMock(params: URLSearchParams): MockBackend {
  const n = Number(params.get('mock') || '60');
  const missing = (params.get('missing') ?? 'pick_import_file,pick_export_file,pick_backup_file,import_file,export_file,backups,restore_backup,restore_file')
    .split(',')
    .filter(Boolean);
  // ?lang=zh-TW pretends the OS speaks that language (for screenshots where the locale cannot be set).
  const nav = (params.get('lang') || navigator.language || '').toLowerCase();
  const osLang = /^zh-(tw|hk|mo|hant)/.test(nav) ? 'zh-TW' : nav.startsWith('zh') ? 'zh-CN' : nav.startsWith('en') ? 'en' : 'zh-CN';
  const backend = new MockBackend({
    osLang,
    terminals: Number.isFinite(n) && n > 0 ? n : 60,
    empty: params.has('empty'),
    missing: params.has('files') ? [] : missing,
    dbError: params.has('dberror')
      ? { code: 'db_damaged', message: 'the database /home/user/poskeeper.db is damaged: malformed' }
      : undefined,
  });
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  (window as unknown as { __mock: MockBackend }).__mock = backend;
  return backend;
}
