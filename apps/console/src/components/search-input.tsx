import { useEffect, useId, useState } from "react";
import { useDebounced } from "../hooks/use-debounced.js";

/** A search box that reports after typing pauses. */
export function SearchInput({ value, onChange, label }: { value: string; onChange: (value: string) => void; label: string }) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 250);
  const id = useId();
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // Reports only when the typed text settles, not when the parent re-renders.
  }, [debounced]);
  return (
    <div className="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <svg viewBox="0 0 20 20" aria-hidden="true" className="search-icon">
        <circle cx="9" cy="9" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M13 13l4 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input id={id} type="search" placeholder={label} value={text} onChange={(e) => setText(e.target.value)} />
    </div>
  );
}
