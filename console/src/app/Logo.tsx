/** KCK's mark: a stack of cache layers with a fresh one on top. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 28 28" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="26" height="26" rx="7" className="logo-bg" />
      <path d="M8 17.5h12M8 13.5h12" className="logo-line" />
      <path d="M8 9.5h7" className="logo-fresh" />
      <circle cx="19" cy="9.5" r="1.6" className="logo-dot" />
    </svg>
  );
}
