import { useEffect, useRef, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { signOut } from "../auth/auth-session.js";
import { useCurrentAdmin } from "../auth/use-current-admin.js";
import { Logo } from "../components/logo.js";
import { NAV_GROUPS } from "./nav-items.js";
import { NavIcon } from "./nav-icon.js";
import { focusNextHeading } from "./heading-focus.js";
import { PageErrorBoundary } from "./page-error-boundary.js";

/**
 * The frame around every page: a sidebar (a drawer on phones), a skip link, and focus moved to the
 * new page's heading after each navigation so keyboard and screen-reader users land on the content.
 * A page that fails shows its error inside the frame, so the navigation stays usable.
 */
export function AppShell() {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const admin = useCurrentAdmin();
  const lastPath = useRef<string | undefined>(undefined);

  // Decided while rendering, before the new page's heading mounts (effects run child-first).
  if (lastPath.current !== location.pathname) {
    if (lastPath.current !== undefined) focusNextHeading();
    lastPath.current = location.pathname;
  }

  useEffect(() => setMenuOpen(false), [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setMenuOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  return (
    <div className={menuOpen ? "shell menu-open" : "shell"}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="icon-button menu-button" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((o) => !o)}>
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <span className="visually-hidden">Menu</span>
        </button>
        <Logo />
      </header>
      <nav id="sidebar" className="sidebar" aria-label="Main">
        <div className="sidebar-brand">
          <Logo />
          <span className="brand-sub">Console</span>
        </div>
        <div className="nav-groups">
          {NAV_GROUPS.map((group) => (
            <div key={group.label} className="nav-group">
              <p className="nav-group-label">{group.label}</p>
              <ul>
                {group.items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} className="nav-link">
                      <NavIcon name={item.icon} />
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
        <div className="sidebar-footer">
          <span className="signed-in" title={admin?.id}>
            <span className="avatar" aria-hidden="true">
              {(admin?.label ?? "A").slice(0, 1).toUpperCase()}
            </span>
            <span className="signed-in-name">{admin?.label ?? "Signed in"}</span>
          </span>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      {menuOpen && <div className="scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <main id="main" className="main" tabIndex={-1}>
        <PageErrorBoundary resetKey={location.key}>
          <Outlet />
        </PageErrorBoundary>
      </main>
    </div>
  );
}
