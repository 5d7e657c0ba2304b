import type { ReactNode } from "react";
import { useAction } from "../hooks/use-action.js";
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
  const { busy, error, run, clearError } = useAction();

  const close = () => {
    if (busy) return;
    clearError();
    onClose();
  };
  const confirm = async () => {
    if (!(await run(onConfirm))) return;
    onClose();
    onDone?.();
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
