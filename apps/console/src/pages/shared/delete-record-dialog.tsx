import type { ReactNode } from "react";
import { useNavigate } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { useToast } from "../../components/toasts.js";

interface DeleteRecordDialogProps {
  open: boolean;
  /** How the title names it ("Delete {name}?"). */
  name: string;
  confirmLabel: string;
  remove: () => Promise<unknown>;
  /** The list the admin goes back to once it is gone. */
  listHref: string;
  onClose: () => void;
  /** The toast once deleted; "{name} deleted" by default. */
  doneMessage?: string;
  /** What deleting it takes with it. */
  children: ReactNode;
}

/** Deleting the record a detail page shows: confirmed, then back to its list with a toast. */
export function DeleteRecordDialog({ open, name, confirmLabel, remove, listHref, onClose, doneMessage, children }: DeleteRecordDialogProps) {
  const navigate = useNavigate();
  const notify = useToast();
  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${name}?`}
      confirmLabel={confirmLabel}
      danger
      onClose={onClose}
      onConfirm={remove}
      onDone={() => {
        notify(doneMessage ?? `${name} deleted`);
        navigate(listHref);
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
