import { defineConfig, defaultClientConditions } from "vite";
import react from "@vitejs/plugin-react";

/** Where `pnpm dev` finds the Toolgate server (started with TOOLGATE_ISSUER=http://localhost:5173). */
const SERVER = process.env.TOOLGATE_DEV_SERVER ?? "http://localhost:4000";

/**
 * The console is served by Toolgate at <issuer>/console/. In development Vite serves /console/ with
 * hot reload and proxies every other path (OAuth endpoints, sign-in pages, /api) to the server,
 * keeping the Host header, so the console, its API and its sign-in share one origin as in production.
 */
export default defineConfig({
  base: "/console/",
  plugins: [react()],
  // Workspace packages (@toolgate/contracts) resolve to their TypeScript sources.
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // The server's CSP allows scripts from 'self' only: no inline module-preload polyfill needed.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // Inside JavaScript, asset URLs are relative to the importing chunk, so the build works under any
  // issuer path prefix; index.html keeps /console/ and the server rewrites it for a prefix.
  experimental: {
    renderBuiltUrl: (_filename, { hostType }) => (hostType === "js" ? { relative: true } : undefined),
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "^/(?!console(/|$))": { target: SERVER, changeOrigin: false, ws: false },
    },
  },
  preview: { port: 5173 },
});
