/**
 * The console's sections. Sections whose server API does not exist yet (the gateway) are left out
 * rather than shown as dead "coming soon" links; each slots in here with its page when its API lands.
 */
export interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  end?: boolean;
}

export type IconName =
  | "overview" | "servers" | "roles" | "clients" | "agents" | "users" | "audit" | "settings" | "approvals" | "consents" | "delegation"
  | "identity-providers" | "sign-in-policy";

export const NAV_GROUPS: readonly { label: string; items: readonly NavItem[] }[] = [
  { label: "Monitor", items: [{ to: "/", label: "Overview", icon: "overview", end: true }, { to: "/audit", label: "Audit", icon: "audit" }] },
  {
    label: "Protect",
    items: [
      { to: "/servers", label: "MCP servers", icon: "servers" },
      { to: "/roles", label: "Roles", icon: "roles" },
    ],
  },
  {
    label: "Access",
    items: [
      { to: "/clients", label: "Clients", icon: "clients" },
      { to: "/agents", label: "Agents", icon: "agents" },
      { to: "/approvals", label: "Approvals", icon: "approvals" },
      { to: "/users", label: "Users", icon: "users" },
      { to: "/consents", label: "Consents", icon: "consents" },
      { to: "/delegation", label: "Delegation", icon: "delegation" },
    ],
  },
  {
    label: "Sign-in",
    items: [
      { to: "/identity-providers", label: "Identity providers", icon: "identity-providers" },
      { to: "/sign-in-policy", label: "Sign-in policy", icon: "sign-in-policy" },
    ],
  },
  { label: "Configure", items: [{ to: "/settings", label: "Settings", icon: "settings" }] },
];
