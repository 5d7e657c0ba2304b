import { CopyField } from "./code-block.js";
import { Dialog } from "./dialog.js";

/** A secret shown exactly once (client secret, MCP server credentials). */
export function SecretDialog({ open, title, values, onClose, note }: { open: boolean; title: string; values: { label: string; value: string }[]; onClose: () => void; note?: string }) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          I have stored it
        </button>
      }
    >
      <div className="alert alert-warning">
        <p className="alert-title">Copy it now: it will not be shown again.</p>
        {note && <p>{note}</p>}
      </div>
      {values.map((v) => (
        <CopyField key={v.label} label={v.label} value={v.value} />
      ))}
    </Dialog>
  );
}
