import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal <dialog>, titled by its heading. showModal() on mount moves the focus into it and keeps
 * the screen behind out of reach (under its ::backdrop); it closes when unmounted. Escape asks the
 * owner through onCancel instead of closing it here: whoever owns whether it is open (main, or
 * React state) takes it away, so the two never disagree. Its card and backdrop are styled in
 * styles.css (`dialog[data-dialog]`), its contents by `className`.
 */
export function Dialog({
  name,
  className,
  title,
  titleId: givenTitleId,
  describedBy,
  onCancel,
  lead,
  children,
}: {
  /** data-dialog: what the tests and the styles find it by. */
  name: string;
  /** The dialog's block class; its heading gets `${className}__title`. */
  className: string;
  title: ReactNode;
  /** The heading's id, for content that is named by it too; default a new one. */
  titleId?: string;
  /** The id of what says what the dialog is about, read out after the title. */
  describedBy?: string;
  onCancel: () => void;
  /** Shown above the title. */
  lead?: ReactNode;
  children: ReactNode;
}) {
  const ownTitleId = useId();
  const titleId = givenTitleId ?? ownTitleId;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={className}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      data-dialog={name}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {lead}
      <h2 id={titleId} className={`${className}__title`}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
