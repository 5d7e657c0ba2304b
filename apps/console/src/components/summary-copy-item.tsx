import { CopyButton } from "./copy-button.js";

/** A wide entry of a record's summary (`<dl className="summary">`) whose value is meant to be copied. */
export function SummaryCopyItem({ label, value }: { label: string; value: string }) {
  return (
    <div className="summary-wide">
      <dt>{label}</dt>
      <dd className="with-copy">
        <code>{value}</code> <CopyButton text={value} label={`Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`} />
      </dd>
    </div>
  );
}
