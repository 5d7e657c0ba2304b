import { useEffect, type RefObject } from "react";

/**
 * After a client-side navigation, focus moves to the new page's heading, so keyboard and
 * screen-reader users land on the content (not on the link they used). Pages load lazily and
 * some show their heading only once their data is in: the heading takes focus when it appears.
 */
let pending = false;

export function focusNextHeading(): void {
  pending = true;
}

export function useHeadingFocus(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!pending) return;
    pending = false;
    ref.current?.focus();
  }, [ref]);
}
