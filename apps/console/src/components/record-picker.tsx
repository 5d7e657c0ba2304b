import { useEffect, useRef, useState } from "react";
import type { ControlProps } from "../forms/fields.js";
import { useDebounced } from "../hooks/use-debounced.js";

export interface PickerOption {
  value: string;
  label: string;
}

interface RecordPickerProps {
  control: ControlProps;
  /** What is searched ("users", "agents"), for the search box's label. */
  noun: string;
  value: string;
  onChange: (value: string) => void;
  /** The first matches for a search text (a few dozen at most). */
  search: (q: string, signal: AbortSignal) => Promise<PickerOption[]>;
  /** What the empty choice means when it is a valid one ("Any user" in a filter); otherwise it asks to choose. */
  anyLabel?: string;
  /** The option for a value chosen elsewhere (a filter from the URL), shown even when no search finds it. */
  current?: PickerOption;
}

/**
 * Choosing one record among possibly thousands: a search box narrows a plain select (keyboard
 * and screen-reader friendly, no custom listbox). The chosen option stays while the search changes.
 */
export function RecordPicker({ control, noun, value, onChange, search, anyLabel, current }: RecordPickerProps) {
  const [q, setQ] = useState("");
  const debounced = useDebounced(q, 250);
  const [options, setOptions] = useState<PickerOption[]>([]);
  const [chosen, setChosen] = useState<PickerOption>();
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    const controller = new AbortController();
    setState("loading");
    searchRef.current(debounced.trim(), controller.signal).then(
      (found) => {
        setOptions(found);
        setState("ready");
      },
      () => !controller.signal.aborted && setState("failed"),
    );
    return () => controller.abort();
  }, [debounced]);

  const selected = chosen?.value === value ? chosen : current?.value === value ? current : undefined;
  const shown = selected && !options.some((o) => o.value === selected.value) ? [selected, ...options] : options;
  const status = state === "loading" ? "Loading…" : state === "failed" ? `Could not load ${noun}` : shown.length ? undefined : `No ${noun} match`;
  return (
    <div className="record-picker">
      <input type="search" aria-label={`Search ${noun}`} placeholder={`Search ${noun}…`} value={q} onChange={(e) => setQ(e.target.value)} />
      <select
        {...control}
        value={value}
        onChange={(e) => {
          setChosen(shown.find((o) => o.value === e.target.value));
          onChange(e.target.value);
        }}
      >
        <option value="">{anyLabel ? (status ? `${anyLabel} (${status.toLowerCase()})` : anyLabel) : (status ?? `Choose (${options.length} shown)…`)}</option>
        {shown.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
