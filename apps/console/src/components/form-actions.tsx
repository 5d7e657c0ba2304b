interface FormActionsProps {
  submitting: boolean;
  submitLabel: string;
  busyLabel?: string;
  /** Leaves the form without saving; no Cancel button without it. */
  onCancel?: () => void;
}

/** The buttons under a page's form: Cancel, and submit (disabled while it is sent). */
export function FormActions({ submitting, submitLabel, busyLabel = "Saving…", onCancel }: FormActionsProps) {
  return (
    <div className="form-actions">
      {onCancel && (
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      )}
      <button type="submit" className="btn btn-primary" disabled={submitting}>
        {submitting ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
