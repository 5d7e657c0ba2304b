import type { FormEvent, ReactNode } from "react";
import type { ApiError } from "../api/api-error.js";
import { ActionError } from "./action-error.js";
import { Dialog } from "./dialog.js";

/** What the dialog needs of a form (useForm's result fits). */
export interface SubmittableForm {
  onSubmit: (event?: FormEvent) => Promise<void>;
  submitting: boolean;
  formError: ApiError | undefined;
}

interface FormDialogProps {
  title: string;
  /** The form's element id (the footer's submit button is outside the form). */
  id: string;
  form: SubmittableForm;
  submitLabel: string;
  busyLabel?: string;
  onClose: () => void;
  open?: boolean;
  wide?: boolean;
  /** Shown when the form has no error of its own (something the form needs could not be loaded). */
  error?: ApiError | undefined;
  children: ReactNode;
}

/** A form in a dialog: its fields, the error that names no field, Cancel and submit in the footer. */
export function FormDialog({ title, id, form, submitLabel, busyLabel = "Saving…", onClose, open = true, wide, error, children }: FormDialogProps) {
  return (
    <Dialog
      open={open}
      wide={wide}
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={id} className="btn btn-primary" disabled={form.submitting}>
            {form.submitting ? busyLabel : submitLabel}
          </button>
        </>
      }
    >
      <form id={id} onSubmit={form.onSubmit} noValidate>
        <ActionError error={form.formError ?? error} />
        {children}
      </form>
    </Dialog>
  );
}
