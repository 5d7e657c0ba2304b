import type { ReactNode } from "react";
import { ConfirmDialog } from "./confirm-dialog.js";
import { useToast } from "./toasts.js";

interface RowConfirmDialogProps<T> {
  /** The row asked about; the dialog is open while there is one. */
  item: T | undefined;
  title: (item: T) => string;
  confirmLabel: string;
  /** The destructive change (remove, revoke, end). */
  action: (item: T) => Promise<unknown>;
  /** The toast once it is done. */
  done: (item: T) => string;
  onClose: () => void;
  /** After the change (reload the list), unless the action already updated it. */
  onDone?: () => void;
  /** What the change does, in words. */
  children: (item: T) => ReactNode;
}

/** "Remove this row?" for a table's destructive row action: confirmed, then a toast and the list reloaded. */
export function RowConfirmDialog<T>({ item, title, confirmLabel, action, done, onClose, onDone, children }: RowConfirmDialogProps<T>) {
  const notify = useToast();
  return (
    <ConfirmDialog
      open={item !== undefined}
      title={item === undefined ? "" : title(item)}
      confirmLabel={confirmLabel}
      danger
      onClose={onClose}
      onConfirm={() => action(item!)}
      onDone={() => {
        notify(done(item!));
        onDone?.();
      }}
    >
      {item !== undefined && children(item)}
    </ConfirmDialog>
  );
}
