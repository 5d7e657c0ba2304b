/** Toolgate's mark and name: plain SVG and text, so even the app's last-resort error page can show it. */
export function Logo() {
  return (
    <span className="logo">
      <svg viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="logo-mark" />
        <path d="M9 10h14v3h-5.5v10h-3V13H9z" fill="#fff" />
      </svg>
      <span className="logo-text">Toolgate</span>
    </span>
  );
}
