import { useRef, type ReactNode } from "react";
import { Link } from "react-router";
import { useDocumentTitle } from "../hooks/use-document-title.js";
import { useHeadingFocus } from "../layout/heading-focus.js";

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  back?: { to: string; label: string };
  badges?: ReactNode;
}

export function PageHeader({ title, description, actions, back, badges }: PageHeaderProps) {
  useDocumentTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  useHeadingFocus(heading);
  return (
    <header className="page-header">
      {back && (
        <Link className="back-link" to={back.to}>
          <span aria-hidden="true">←</span> {back.label}
        </Link>
      )}
      <div className="page-header-row">
        <div className="page-title">
          <h1 tabIndex={-1} id="page-title" ref={heading}>
            {title}
          </h1>
          {badges && <div className="badges">{badges}</div>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {description && <p className="page-description">{description}</p>}
    </header>
  );
}
