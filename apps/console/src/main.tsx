import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { AppErrorBoundary } from "./app/app-error-boundary.js";
import { AppRoutes } from "./app/app-routes.js";
import { PATHS } from "./app/paths.js";
import { AuthGate } from "./auth/auth-gate.js";
import { ToastProvider } from "./components/toasts.js";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/components.css";
import "./styles/pages.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AppErrorBoundary>
      <AuthGate>
        <BrowserRouter basename={PATHS.basename}>
          <ToastProvider>
            <AppRoutes />
          </ToastProvider>
        </BrowserRouter>
      </AuthGate>
    </AppErrorBoundary>
  </StrictMode>,
);
