/** A handful of 16 px line icons drawn here (no icon font, no CDN). Decorative unless labelled. */
const paths = {
  products: 'M2.5 4.5 8 2l5.5 2.5L8 7 2.5 4.5ZM2.5 8 8 10.5 13.5 8M2.5 11.5 8 14l5.5-2.5',
  keys: 'M10.5 2.5a3 3 0 1 1-2.4 4.8L3 12.4V14h2v-1.5h1.5V11H8l.9-.9A3 3 0 0 1 10.5 2.5ZM11 5h.01',
  queue: 'M2.5 4h11M2.5 8h11M2.5 12h6',
  instances: 'M2.5 3.5h11v4h-11zM2.5 8.5h11v4h-11zM5 5.5h.01M5 10.5h.01',
  live: 'M1.5 8h3l2-5 3 10 2-5h3',
  refresh: 'M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3',
  trash: 'M2.5 4.5h11M6 4.5V3h4v1.5M4 4.5l.7 9h6.6l.7-9',
  warm: 'M8 14c2.5 0 4-1.7 4-4 0-2.8-2.5-4-3-7-1.5 1-3 3-3 5-1-.5-1.5-1.5-1.5-2.5C3.3 6.7 4 8.6 4 10c0 2.3 1.5 4 4 4Z',
  copy: 'M5.5 5.5v-3h8v8h-3M2.5 5.5h8v8h-8z',
  check: 'M3 8.5 6.5 12 13 4.5',
  chevron: 'M6 3.5 10.5 8 6 12.5',
  close: 'M4 4l8 8M12 4l-8 8',
  search: 'M7 12a5 5 0 1 1 0-10 5 5 0 0 1 0 10ZM14 14l-3.5-3.5',
  logout: 'M6.5 2.5h-4v11h4M10 5l3 3-3 3M13 8H6',
  keyboard: 'M1.5 4.5h13v7h-13zM4 7h.01M6.5 7h.01M9 7h.01M11.5 7h.01M5 9.5h6',
  alert: 'M8 2 14.5 13.5h-13L8 2ZM8 6.5v3M8 11.5h.01',
  arrowRight: 'M3 8h10M9 4l4 4-4 4',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, label, size = 16 }: { name: IconName; label?: string; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label === undefined ? undefined : 'img'}
      aria-hidden={label === undefined ? true : undefined}
      aria-label={label}
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}
