import { useState, type ReactNode } from "react";
import { ApiError } from "../api/api-error.js";
import { ActionError } from "./action-error.js";
import { Dialog } from "./dialog.js";

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  onDone?: () => void;
}

/**
 * "Are you sure?" for destructive actions. The action runs from the dialog, so a refusal
 * (409: still in use…) is explained right there, with what blocks it.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, onConfirm, onClose, onDone }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const close = () => {
    if (busy) return;
    setError(undefined);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setBusy(false);
      onClose();
      onDone?.();
    } catch (e) {
      setBusy(false);
      setError(e instanceof ApiError ? e : new ApiError(0, "internal", e instanceof Error ? e.message : String(e)));
    }
  };

  return (
    <Dialog
      open={open}
      title={title}
      onClose={close}
      footer={
        <>
          <button type="button" className="btn" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? "btn btn-danger" : "btn btn-primary"} onClick={confirm} disabled={busy} autoFocus>
            {busy ? "Working…" : confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-body">{children}</div>
      <ActionError error={error} />
    </Dialog>
  );
}
