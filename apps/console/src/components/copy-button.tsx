import { useState } from "react";

/** A short visible "Copy"; `label` says what is copied, for screen readers. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (insecure context or permissions): the text stays selectable.
    }
  };
  return (
    <button type="button" className="btn btn-small btn-ghost copy-button" onClick={copy} aria-label={`${label}${copied ? " (copied)" : ""}`}>
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
