import type { IconName } from "./nav-items.js";

const PATHS: Record<IconName, string> = {
  overview: "M3 13h6V3H3zM11 21h6v-8h-6zM3 21h6v-6H3zM11 11h6V3h-6z",
  servers: "M4 4h12v5H4zM4 11h12v5H4zM7 6.5h.01M7 13.5h.01",
  roles: "M10 2l6 3v5c0 4-2.7 6.7-6 8-3.3-1.3-6-4-6-8V5z",
  clients: "M3 4h14v10H3zM7 17h6M10 14v3",
  agents: "M6 7h8v8H6zM10 3v4M8 11h.01M12 11h.01M3 11h3M14 11h3",
  users: "M10 10a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM3 18c0-3.5 3-6 7-6s7 2.5 7 6",
  audit: "M5 3h10v14H5zM8 7h4M8 10h4M8 13h2",
  approvals: "M4 10.5l3.5 3.5L16 5.5M4 17h12",
  consents: "M4 3h9l3 3v11H4zM7 11l2 2 4-4",
  delegation: "M6 7a2.5 2.5 0 100-5 2.5 2.5 0 000 5zM14 18a2.5 2.5 0 100-5 2.5 2.5 0 000 5zM6 7v3a3 3 0 003 3h5M11 10.5l3 2.5-3 2.5",
  "identity-providers": "M7 9V6a3 3 0 016 0v3M4 9h12v8H4zM10 12v2",
  "sign-in-policy": "M3 10h9M9 6.5l3.5 3.5L9 13.5M12 3h5v14h-5",
  settings: "M10 12.5a2.5 2.5 0 100-5 2.5 2.5 0 000 5zM10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4",
};

export function NavIcon({ name }: { name: IconName }) {
  return (
    <svg className="nav-icon" viewBox="0 0 20 20" aria-hidden="true">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
