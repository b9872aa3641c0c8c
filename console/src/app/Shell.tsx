/** The frame around every view: navigation, the cluster's pulse, the token, keyboard shortcuts. */
import { useCallback, useState } from 'react';
import { Icon, type IconName } from '../components/Icon';
import { Dot } from '../components/Badge';
import { formatRelative } from '../lib/format';
import { useNow } from '../state/clock';
import { useConsole, useLive } from '../state/console';
import { InstancesView } from '../views/InstancesView';
import { KeysView } from '../views/KeysView';
import { LiveView } from '../views/LiveView';
import { ProductsView } from '../views/ProductsView';
import { QueueView } from '../views/QueueView';
import { Logo } from './Logo';
import type { Route, View } from './routes';
import { ShortcutsDialog, useShortcuts } from './Shortcuts';
import { href, useRoute } from './useRoute';

const NAV: { view: View; label: string; icon: IconName; shortcut: string; route: Route }[] = [
  { view: 'products', label: 'Products', icon: 'products', shortcut: 'g p', route: { view: 'products' } },
  { view: 'keys', label: 'Keys', icon: 'keys', shortcut: 'g k', route: { view: 'keys', product: null, key: null } },
  { view: 'queue', label: 'Refresh queue', icon: 'queue', shortcut: 'g q', route: { view: 'queue' } },
  { view: 'instances', label: 'Instances', icon: 'instances', shortcut: 'g i', route: { view: 'instances' } },
  { view: 'live', label: 'Live charts', icon: 'live', shortcut: 'g l', route: { view: 'live' } },
];

export function Shell() {
  const route = useRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(openHelp);

  return (
    <div className="shell">
      <a className="skip-link" href="#content" onClick={(event) => {
        event.preventDefault();
        document.getElementById('content')?.focus();
      }}>Skip to content</a>
      <aside className="sidebar">
        <div className="brand">
          <Logo size={24} />
          <span className="brand-name">KCK</span>
          <span className="brand-sub">console</span>
        </div>
        <nav aria-label="Views" className="nav">
          {NAV.map((item) => (
            <a key={item.view} href={href(item.route)} className="nav-item" aria-current={route.view === item.view ? 'page' : undefined}>
              <Icon name={item.icon} />
              <span className="nav-label">{item.label}</span>
              <kbd className="nav-kbd" aria-hidden="true">{item.shortcut}</kbd>
            </a>
          ))}
        </nav>
        <SidebarFoot onHelp={openHelp} />
      </aside>
      <div className="main">
        <Topbar />
        <main id="content" className="content" tabIndex={-1}>
          <CurrentView route={route} />
        </main>
      </div>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function CurrentView({ route }: { route: Route }) {
  switch (route.view) {
    case 'products':
      return <ProductsView />;
    case 'keys':
      return <KeysView product={route.product} selected={route.key} />;
    case 'queue':
      return <QueueView />;
    case 'instances':
      return <InstancesView />;
    case 'live':
      return <LiveView />;
  }
}

function Topbar() {
  const live = useLive();
  const now = useNow();
  const instances = live.instances?.length ?? null;
  const state = !live.polling ? 'paused' : live.error !== null ? 'error' : live.lastSuccess === null ? 'connecting' : 'live';
  const label = {
    live: `Live · updated ${formatRelative(live.lastSuccess, now)}`,
    connecting: 'Connecting…',
    error: `${live.error?.problem.title ?? 'Error'} · retrying`,
    paused: 'Paused',
  }[state];
  return (
    <header className="topbar">
      <div className="topbar-status" aria-live="polite">
        <Dot tone={state === 'live' ? 'ok' : state === 'error' ? 'danger' : 'muted'} label={state} />
        <span className={state === 'error' ? 'danger-text' : 'muted'} title={live.error?.message}>{label}</span>
      </div>
      <div className="topbar-facts">
        <span className="fact"><span className="muted">Instances</span> <strong className="num">{instances ?? '—'}</strong></span>
        <span className="fact"><span className="muted">Queue</span> <strong className="num">{live.queue?.depth ?? '—'}</strong></span>
        <span className="fact"><span className="muted">Cached keys</span> <strong className="num">{live.products === null ? '—' : live.products.reduce((sum, p) => sum + p.keys, 0).toLocaleString('en-US')}</strong></span>
      </div>
    </header>
  );
}

function SidebarFoot({ onHelp }: { onHelp: () => void }) {
  const { claims, signOut } = useConsole();
  const now = useNow();
  return (
    <div className="sidebar-foot">
      <div className="whoami">
        <span className="whoami-sub" title={claims?.scopes.join(' ')}>{claims?.sub ?? 'token'}</span>
        {claims?.expiresAt === null || claims === null ? null : (
          <span className={claims.expiresAt - now < 5 * 60_000 ? 'warn-text' : 'muted'}>
            {claims.expiresAt <= now ? 'expired' : `expires ${formatRelative(claims.expiresAt, now)}`}
          </span>
        )}
      </div>
      <div className="sidebar-actions">
        <button type="button" className="icon-btn" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          <Icon name="keyboard" />
        </button>
        <button type="button" className="icon-btn" onClick={signOut} aria-label="Sign out" title="Sign out (forget the token)">
          <Icon name="logout" />
        </button>
      </div>
    </div>
  );
}
